import { istToEpoch } from '@openalgo/core';
import { afterEach, describe, expect, test } from 'vitest';
import { type StrategyServer, strategyServer } from './support.js';

/**
 * What keeps a webhook safe to expose: unknown ids are 404 and an address guessing them is
 * throttled; a retried signal under a key places once; an intraday strategy keeps its hours, on
 * the injected clock; the square-off job flattens at squareoff_time.
 */

let x: StrategyServer | undefined;
afterEach(async () => {
  await x?.close();
  x = undefined;
});

const SBIN = [{ symbol: 'SBIN', exchange: 'NSE', quantity: 5, product: 'MIS' }];
const INTRADAY = { type: 'intraday', start_time: '09:45', end_time: '10:00', squareoff_time: '10:15' };
/** 5 Jan 2026 (a Monday), hh:mm IST. */
const at = (hour: number, minute: number) => istToEpoch(2026, 1, 5, hour, minute);

describe('webhook ids', () => {
  test('are 192-bit base64url secrets, unique per strategy', async () => {
    x = await strategyServer();
    const a = await x.create({ name: 'First', symbols: SBIN });
    const b = await x.create({ name: 'Second', symbols: SBIN });
    expect(a.webhookId).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(b.webhookId).not.toBe(a.webhookId);
  });

  test('an unknown id is 404 "Invalid webhook ID"; an address that keeps guessing is throttled, others are not', async () => {
    x = await strategyServer();
    const { webhookId } = await x.create({ name: 'Guarded', symbols: SBIN });
    const guesser = '203.0.113.9';
    const wrong = `${webhookId.slice(0, -1)}${webhookId.endsWith('A') ? 'B' : 'A'}`;
    const first = await x.webhook(wrong, { symbol: 'SBIN', action: 'BUY' }, { ip: guesser });
    expect(first).toMatchObject({
      status: 404,
      body: {
        status: 'error',
        message: 'Invalid webhook ID',
        error: 'Invalid webhook ID',
        code: 'NOT_FOUND',
      },
    });
    for (let i = 0; i < 9; i++) await x.webhook(`guess-number-${i}-xxxxxxxx`, {}, { ip: guesser });
    // Over its budget, the guesser is refused even with the right id: guessing costs it time.
    const blocked = await x.webhook(webhookId, { symbol: 'SBIN', action: 'BUY' }, { ip: guesser });
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ code: 'RATE_LIMITED', retry_after: expect.any(Number) });
    const other = await x.webhook(webhookId, { symbol: 'SBIN', action: 'BUY' }, { ip: '198.51.100.7' });
    expect(other.status, JSON.stringify(other.body)).toBe(200);
    expect((await x.netPositions()).SBIN).toBe(5);
    // The window passes on the injected clock, and the guesser may ask again.
    await x.clock.advance(60_000);
    expect((await x.webhook(webhookId, { symbol: 'SBIN', action: 'SELL' }, { ip: guesser })).status).toBe(
      200,
    );
  });

  test('a deleted strategy’s webhook is unknown', async () => {
    x = await strategyServer();
    const { id, webhookId } = await x.create({ name: 'Short lived', symbols: SBIN });
    expect((await x.api('strategy/delete', { strategy_id: id })).status).toBe(200);
    expect((await x.webhook(webhookId, { symbol: 'SBIN', action: 'BUY' })).status).toBe(404);
  });
});

describe('retries', () => {
  test('a signal retried with the same client_order_id places one order and answers the same', async () => {
    x = await strategyServer();
    const { webhookId } = await x.create({ name: 'Retried', symbols: SBIN });
    const signal = { symbol: 'SBIN', action: 'BUY', client_order_id: 'tv-alert-1' };
    const first = await x.webhook(webhookId, signal);
    const again = await x.webhook(webhookId, signal);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(again.body).toEqual(first.body);
    expect((await x.netPositions()).SBIN).toBe(5);
    // The key finds the order through the API too.
    const status = await x.api('orderstatus', { strategy: 'Retried', client_order_id: 'tv-alert-1' });
    expect(status.body).toMatchObject({ status: 'success', data: { orderid: first.body.orderid } });
  });

  test('the Idempotency-Key header works the same; the key with another signal is a 409', async () => {
    x = await strategyServer();
    const { webhookId } = await x.create({ name: 'Keyed', symbols: SBIN });
    const headers = { 'idempotency-key': 'alert-42' };
    const first = await x.webhook(webhookId, { symbol: 'SBIN', action: 'BUY' }, { headers });
    const again = await x.webhook(webhookId, { symbol: 'SBIN', action: 'BUY' }, { headers });
    expect(again.body).toEqual(first.body);
    const other = await x.webhook(webhookId, { symbol: 'SBIN', action: 'SELL' }, { headers });
    expect(other).toMatchObject({ status: 409, body: { code: 'IDEMPOTENCY_CONFLICT' } });
    expect((await x.netPositions()).SBIN).toBe(5);
  });

  test('without a key every signal is a new order (as in OpenAlgo)', async () => {
    x = await strategyServer();
    const { webhookId } = await x.create({ name: 'Unkeyed', symbols: SBIN });
    await x.webhook(webhookId, { symbol: 'SBIN', action: 'BUY' });
    await x.webhook(webhookId, { symbol: 'SBIN', action: 'BUY' });
    expect((await x.netPositions()).SBIN).toBe(10);
  });
});

describe('intraday hours (IST, on the injected clock)', () => {
  test('entries between start and end, exits between start and square-off', async () => {
    x = await strategyServer(at(9, 30));
    const { webhookId } = await x.create({ name: 'Hours', symbols: SBIN, ...INTRADAY });
    const early = await x.webhook(webhookId, { symbol: 'SBIN', action: 'BUY' });
    expect(early.status).toBe(400);
    expect(String(early.body.message)).toBe(
      'Entry refused: it is 09:30 IST, before the strategy starts; this intraday strategy takes entries from 09:45–10:00 IST',
    );
    await x.clock.set(at(9, 45));
    expect((await x.webhook(webhookId, { symbol: 'SBIN', action: 'BUY' })).status).toBe(200);
    await x.clock.set(at(10, 0) + 59_000);
    expect((await x.webhook(webhookId, { symbol: 'SBIN', action: 'BUY' })).status).toBe(200);
    await x.clock.set(at(10, 1));
    const late = await x.webhook(webhookId, { symbol: 'SBIN', action: 'BUY' });
    expect(late.status).toBe(400);
    expect(String(late.body.message)).toContain('after its end time');
    expect((await x.netPositions()).SBIN).toBe(10);
    // Exits are still taken until the square-off time.
    expect((await x.webhook(webhookId, { symbol: 'SBIN', action: 'SELL' })).status).toBe(200);
    expect((await x.netPositions()).SBIN ?? 0).toBe(0);
  });

  test('a retried entry gets its first answer even after the hours have passed', async () => {
    x = await strategyServer(at(9, 59));
    const { webhookId } = await x.create({ name: 'Late retry', symbols: SBIN, ...INTRADAY });
    const signal = { symbol: 'SBIN', action: 'BUY', client_order_id: 'entry-1' };
    const first = await x.webhook(webhookId, signal);
    await x.clock.set(at(10, 30));
    const again = await x.webhook(webhookId, signal);
    expect(again).toEqual(first);
    expect(again.status).toBe(200);
  });

  test('a server started after the square-off time does not square off that day', async () => {
    x = await strategyServer(at(10, 20));
    await x.create({ name: 'Started late', symbols: SBIN, ...INTRADAY });
    const manual = {
      strategy: 'manual',
      symbol: 'SBIN',
      exchange: 'NSE',
      action: 'BUY',
      quantity: 2,
      product: 'MIS',
    };
    expect((await x.api('placeorder', manual)).status).toBe(200);
    await x.clock.set(at(10, 30));
    await x.server.strategySquareoff.idle();
    expect((await x.netPositions()).SBIN).toBe(2);
  });

  test('the square-off job flattens every mapped symbol at squareoff_time, once', async () => {
    x = await strategyServer(at(9, 50));
    const server = x;
    const symbols = [...SBIN, { symbol: 'INFY', exchange: 'NSE', quantity: 2, product: 'MIS' }];
    const { webhookId } = await x.create({ name: 'Squared', symbols, ...INTRADAY, trading_mode: 'BOTH' });
    await x.webhook(webhookId, { symbol: 'SBIN', action: 'BUY', position_size: 5 });
    await x.webhook(webhookId, { symbol: 'INFY', action: 'SELL', position_size: -2 });
    expect(await x.netPositions()).toMatchObject({ SBIN: 5, INFY: -2 });
    await x.clock.set(at(10, 14));
    await server.server.strategySquareoff.idle();
    expect(await x.netPositions()).toMatchObject({ SBIN: 5, INFY: -2 });
    await x.clock.set(at(10, 15));
    await server.server.strategySquareoff.idle();
    const positions = await x.netPositions();
    expect([positions.SBIN ?? 0, positions.INFY ?? 0]).toEqual([0, 0]);
    // A position opened after the square-off (here through the API) is not touched again that day.
    const manual = {
      strategy: 'manual',
      symbol: 'SBIN',
      exchange: 'NSE',
      action: 'BUY',
      quantity: 1,
      product: 'MIS',
    };
    expect((await x.api('placeorder', manual)).status).toBe(200);
    await x.clock.set(at(10, 20));
    await server.server.strategySquareoff.idle();
    expect((await x.netPositions()).SBIN).toBe(1);
    const orders = (await x.api('orderbook')).body.data as { orders: Array<Record<string, unknown>> };
    expect(orders.orders.filter((o) => o.action === 'SELL' && o.symbol === 'SBIN')).toHaveLength(1);
    expect(orders.orders.filter((o) => o.action === 'BUY' && o.symbol === 'INFY')).toHaveLength(1);
  });
});
