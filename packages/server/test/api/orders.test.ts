import type { TaggedOrderRequest } from '@openalgo/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { API_KEY, type SandboxAccount, sandboxAccount, TestResolver } from './support/accounts.js';
import { buildApiApp, json, post, sortedKeys } from './support/app.js';

// SBIN trades near 730 here (previous close 725.40): resting LIMITs sit inside its ±20% circuit band.
const ORDER = { apikey: API_KEY, strategy: 'Test', exchange: 'NSE', symbol: 'SBIN', product: 'MIS' };

describe('order endpoints over the sandbox broker', () => {
  let app: FastifyInstance;
  let sb: SandboxAccount;

  beforeAll(async () => {
    sb = await sandboxAccount();
    app = await buildApiApp(new TestResolver().add(API_KEY, sb.account), {
      clock: sb.clock,
      rateLimits: false,
    });
  });
  afterAll(async () => {
    await app.close();
    await sb.close();
  });
  afterEach(async () => {
    sb.account.analyzeMode = false;
    await post(app, 'cancelallorder', { apikey: API_KEY, strategy: 'Test' });
    await post(app, 'closeposition', { apikey: API_KEY, strategy: 'Test' });
  });

  async function place(body: Record<string, unknown>): Promise<string> {
    const response = await post(app, 'placeorder', { ...ORDER, ...body });
    expect(response.statusCode, response.body).toBe(200);
    return String(json(response).orderid);
  }

  async function status(orderid: string): Promise<Record<string, unknown>> {
    const response = await post(app, 'orderstatus', { apikey: API_KEY, strategy: 'Test', orderid });
    expect(response.statusCode, response.body).toBe(200);
    return json(response).data as Record<string, unknown>;
  }

  test('placeorder answers {status, orderid} and the broker holds the order, tagged with a client order id', async () => {
    const response = await post(app, 'placeorder', {
      ...ORDER,
      action: 'buy',
      quantity: '2',
      pricetype: 'MARKET',
    });
    expect(response.statusCode).toBe(200);
    const body = json(response);
    expect(sortedKeys(body)).toEqual(['orderid', 'status']);
    expect(body.status).toBe('success');
    const held = sb.sandbox.backdoor.orders().find((o) => o.orderId === body.orderid);
    expect(held).toMatchObject({ action: 'BUY', quantity: 2, symbol: 'SBIN', status: 'complete' });
    expect(held?.clientOrderId).toMatch(/^[A-Za-z0-9]{1,19}$/);
  });

  test('in analyzer mode order answers carry mode: "analyze"', async () => {
    sb.account.analyzeMode = true;
    const response = await post(app, 'placeorder', { ...ORDER, action: 'BUY', quantity: 1 });
    expect(sortedKeys(json(response))).toEqual(['mode', 'orderid', 'status']);
    expect(json(response).mode).toBe('analyze');
    const book = json(await post(app, 'orderbook', { apikey: API_KEY }));
    expect(book.mode).toBe('analyze');
    const quote = json(await post(app, 'quotes', { apikey: API_KEY, symbol: 'SBIN', exchange: 'NSE' }));
    expect(quote).not.toHaveProperty('mode');
  });

  test('placesmartorder moves the position to position_size, then reports it matched', async () => {
    const first = await post(app, 'placesmartorder', {
      ...ORDER,
      action: 'BUY',
      quantity: 0,
      position_size: 3,
    });
    expect(sortedKeys(json(first))).toEqual(['orderid', 'status']);
    const open = json(await post(app, 'openposition', { ...ORDER }));
    expect(open).toEqual({ status: 'success', quantity: 3 });
    const again = await post(app, 'placesmartorder', {
      ...ORDER,
      action: 'BUY',
      quantity: 0,
      position_size: 3,
    });
    expect(json(again)).toEqual({
      status: 'success',
      message: 'Positions Already Matched. No Action needed.',
    });
    const flip = await post(app, 'placesmartorder', {
      ...ORDER,
      action: 'SELL',
      quantity: 0,
      position_size: -2,
    });
    expect(json(flip).status).toBe('success');
    expect(json(await post(app, 'openposition', { ...ORDER })).quantity).toBe(-2);
  });

  test('modifyorder changes a resting order; orderstatus shows it', async () => {
    const orderid = await place({ action: 'BUY', quantity: 1, pricetype: 'LIMIT', price: 600 });
    const response = await post(app, 'modifyorder', {
      ...ORDER,
      orderid,
      action: 'BUY',
      pricetype: 'LIMIT',
      price: 610.25,
      quantity: 2,
      disclosed_quantity: 0,
      trigger_price: 0,
    });
    expect(json(response)).toEqual({ status: 'success', orderid });
    expect(await status(orderid)).toMatchObject({ price: 610.25, quantity: 2, order_status: 'open' });
  });

  test('modifyorder of an unknown order is 404 ORDER_NOT_FOUND naming orderid', async () => {
    const response = await post(app, 'modifyorder', {
      ...ORDER,
      orderid: '99999',
      action: 'BUY',
      pricetype: 'LIMIT',
      price: 510,
      quantity: 2,
      disclosed_quantity: 0,
      trigger_price: 0,
    });
    expect(response.statusCode).toBe(404);
    expect(json(response)).toMatchObject({ status: 'error', code: 'ORDER_NOT_FOUND', field: 'orderid' });
  });

  test('cancelorder cancels; cancelling again is a 400 naming orderid', async () => {
    const orderid = await place({ action: 'BUY', quantity: 1, pricetype: 'LIMIT', price: 600 });
    const response = await post(app, 'cancelorder', { apikey: API_KEY, strategy: 'Test', orderid });
    expect(json(response)).toEqual({ status: 'success', orderid });
    expect((await status(orderid)).order_status).toBe('cancelled');
    const again = await post(app, 'cancelorder', { apikey: API_KEY, strategy: 'Test', orderid });
    expect(again.statusCode).toBe(400);
    expect(json(again)).toMatchObject({ code: 'INVALID_ORDER', field: 'orderid' });
    expect(String(json(again).message)).toContain('orderid');
  });

  test('cancelallorder cancels every working order and lists them', async () => {
    const a = await place({ action: 'BUY', quantity: 1, pricetype: 'LIMIT', price: 600 });
    const b = await place({ action: 'SELL', quantity: 1, pricetype: 'LIMIT', price: 850 });
    const response = await post(app, 'cancelallorder', { apikey: API_KEY, strategy: 'Test' });
    const body = json(response);
    expect(sortedKeys(body)).toEqual(['canceled_orders', 'failed_cancellations', 'message', 'status']);
    expect(body.status).toBe('success');
    expect(body.message).toBe('Canceled 2 orders. Failed to cancel 0 orders.');
    expect([...(body.canceled_orders as string[])].sort()).toEqual([a, b].sort());
    expect(body.failed_cancellations).toEqual([]);
  });

  test("closeposition squares everything off with OpenAlgo's message", async () => {
    await place({ action: 'BUY', quantity: 5 });
    await place({ symbol: 'INFY', action: 'SELL', quantity: 2 });
    const response = await post(app, 'closeposition', { apikey: API_KEY, strategy: 'Test' });
    expect(json(response)).toEqual({ status: 'success', message: 'All Open Positions Squared Off' });
    const book = json(await post(app, 'positionbook', { apikey: API_KEY })).data as Array<{
      quantity: number;
    }>;
    expect(book.length).toBeGreaterThan(0);
    expect(book.every((p) => p.quantity === 0)).toBe(true);
  });

  test('basketorder answers in request order and places BUY legs first', async () => {
    const response = await post(app, 'basketorder', {
      apikey: API_KEY,
      strategy: 'Test',
      orders: [
        { exchange: 'NSE', symbol: 'INFY', action: 'SELL', quantity: 1, product: 'MIS' },
        { exchange: 'NSE', symbol: 'SBIN', action: 'BUY', quantity: 1, product: 'CNC' },
      ],
    });
    const body = json(response);
    expect(sortedKeys(body)).toEqual(['results', 'status']);
    expect(body.status).toBe('success');
    const results = body.results as Array<Record<string, unknown>>;
    expect(results.map((r) => [r.symbol, r.exchange, r.product, r.status])).toEqual([
      ['INFY', 'NSE', 'MIS', 'success'],
      ['SBIN', 'NSE', 'CNC', 'success'],
    ]);
    for (const r of results)
      expect(sortedKeys(r)).toEqual(['exchange', 'orderid', 'product', 'status', 'symbol']);
    const placed = sb.sandbox.backdoor
      .requests()
      .filter((r) => r.op === 'placeOrder')
      .map((r) => (r.args as TaggedOrderRequest).symbol)
      .slice(-2);
    expect(placed).toEqual(['SBIN', 'INFY']);
  });

  test('splitorder places full children plus a remainder', async () => {
    const response = await post(app, 'splitorder', { ...ORDER, action: 'BUY', quantity: 105, splitsize: 50 });
    const body = json(response);
    expect(sortedKeys(body)).toEqual(['results', 'split_size', 'status', 'total_quantity']);
    expect(body).toMatchObject({ status: 'success', total_quantity: 105, split_size: 50 });
    const results = body.results as Array<Record<string, unknown>>;
    expect(results.map((r) => [r.order_num, r.quantity, r.status])).toEqual([
      [1, 50, 'success'],
      [2, 50, 'success'],
      [3, 5, 'success'],
    ]);
    for (const r of results) expect(sortedKeys(r)).toEqual(['order_num', 'orderid', 'quantity', 'status']);
    expect(new Set(results.map((r) => r.orderid)).size).toBe(3);
  });

  test('an index feed cannot be ordered on', async () => {
    const response = await post(app, 'placeorder', {
      ...ORDER,
      exchange: 'NSE_INDEX',
      symbol: 'NIFTY',
      action: 'BUY',
      quantity: 1,
    });
    expect(response.statusCode).toBe(400);
    expect(json(response)).toMatchObject({ code: 'INVALID_ORDER', field: 'exchange' });
  });
});
