import type { Order, Trade } from '@openalgo/core';
import { afterEach, describe, expect, test } from 'vitest';
import { API_KEY } from './support/accounts.js';
import { json, sortedKeys } from './support/app.js';
import { EXISTING_ORDER_ID, existingOrder } from './support/cases.js';
import { type FakeHarness, fakeHarness } from './support/harness.js';

let h: FakeHarness;
afterEach(async () => h.app.close());

const ask = (orderid: string) => h.send('orderstatus', { apikey: API_KEY, strategy: 'Test', orderid });

function trade(orderId: string, quantity: number, price: number): Trade {
  return {
    tradeId: `T${quantity}${price}`,
    orderId,
    symbol: 'SBIN',
    exchange: 'NSE',
    action: 'BUY',
    product: 'MIS',
    quantity,
    price,
    tradeValue: quantity * price,
    timestamp: '2026-01-05T09:21:00+05:30',
    raw: {},
  };
}

describe('orderstatus', () => {
  test("answers OpenAlgo's data object", async () => {
    h = await fakeHarness();
    const body = json(await ask(EXISTING_ORDER_ID));
    expect(sortedKeys(body)).toEqual(['data', 'status']);
    expect(body.data).toEqual({
      action: 'BUY',
      average_price: 0,
      exchange: 'NSE',
      order_status: 'open',
      orderid: EXISTING_ORDER_ID,
      price: 790.5,
      pricetype: 'LIMIT',
      product: 'MIS',
      quantity: 10,
      symbol: 'SBIN',
      timestamp: '2026-01-05 09:20:00',
      trigger_price: 0,
    });
  });

  test.each([
    ['open', 'OPEN', 'open'],
    ['trigger_pending', 'TRIGGER PENDING', 'trigger pending'],
    ['complete', 'COMPLETE', 'complete'],
    ['cancelled', 'CANCELLED', 'cancelled'],
    ['rejected', 'REJECTED', 'rejected'],
    ['pending', 'PUT ORDER REQ RECEIVED', 'pending'],
    ['unknown', 'EXPIRED', 'expired'],
    ['unknown', '', 'unknown'],
  ] as const)('unified %s (broker "%s") is order_status "%s"', async (status, rawStatus, expected) => {
    h = await fakeHarness();
    h.adapter.setOrders([{ ...existingOrder(), status, rawStatus, averagePrice: 12 }]);
    expect((json(await ask(EXISTING_ORDER_ID)).data as Order & Record<string, unknown>).order_status).toBe(
      expected,
    );
  });

  test('a complete order without an average price takes it from the trade book; MARKET shows price 0', async () => {
    h = await fakeHarness();
    h.adapter.setOrders([
      { ...existingOrder(), priceType: 'MARKET', price: 801.3, status: 'complete', averagePrice: 0 },
    ]);
    h.adapter.setTrades([trade(EXISTING_ORDER_ID, 4, 800), trade(EXISTING_ORDER_ID, 6, 801.005)]);
    const data = json(await ask(EXISTING_ORDER_ID)).data as Record<string, unknown>;
    expect(data.average_price).toBe(800.6);
    expect(data.price).toBe(0);
  });

  test("a rejected order carries the broker's reason; other orders do not", async () => {
    h = await fakeHarness();
    const reason = 'Insufficient funds: required ₹8,000.00, available ₹10.00';
    h.adapter.setOrders([
      { ...existingOrder(), status: 'rejected', rawStatus: 'REJECTED', statusMessage: reason },
    ]);
    expect((json(await ask(EXISTING_ORDER_ID)).data as Record<string, unknown>).rejection_reason).toBe(
      reason,
    );
    const book = json(await h.send('orderbook', { apikey: API_KEY })).data as {
      orders: Record<string, unknown>[];
    };
    expect(book.orders[0]?.rejection_reason).toBe(reason);

    h.adapter.setOrders([{ ...existingOrder(), statusMessage: 'accepted by the exchange' }]);
    expect(json(await ask(EXISTING_ORDER_ID)).data).not.toHaveProperty('rejection_reason');
  });

  test('an unknown order is 404 ORDER_NOT_FOUND naming orderid', async () => {
    h = await fakeHarness();
    const response = await ask('NOPE');
    expect(response.statusCode).toBe(404);
    expect(json(response)).toMatchObject({ status: 'error', code: 'ORDER_NOT_FOUND', field: 'orderid' });
  });
});

describe('openposition', () => {
  test('the net signed quantity for the symbol, exchange and product; 0 when absent', async () => {
    h = await fakeHarness();
    const row = { exchange: 'NSE' as const, averagePrice: 1, ltp: 1, pnl: 0, raw: {} };
    h.adapter.setPositions([
      { ...row, symbol: 'SBIN', product: 'MIS', quantity: -7 },
      { ...row, symbol: 'SBIN', product: 'CNC', quantity: 20 },
    ]);
    const query = { apikey: API_KEY, strategy: 'Test', symbol: 'SBIN', exchange: 'NSE' };
    expect(json(await h.send('openposition', { ...query, product: 'MIS' }))).toEqual({
      status: 'success',
      quantity: -7,
    });
    expect(json(await h.send('openposition', { ...query, product: 'NRML' }))).toEqual({
      status: 'success',
      quantity: 0,
    });
  });
});
