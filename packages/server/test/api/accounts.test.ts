import type { Holding, Order } from '@openalgo/core';
import { afterEach, expect, test } from 'vitest';
import { API_KEY } from './support/accounts.js';
import { json, sortedKeys } from './support/app.js';
import { existingOrder } from './support/cases.js';
import { type FakeHarness, fakeHarness } from './support/harness.js';

let h: FakeHarness;
afterEach(async () => h.app.close());
const ask = (path: string) => h.send(path, { apikey: API_KEY });

test('funds are strings with two decimals', async () => {
  h = await fakeHarness();
  expect(json(await ask('funds'))).toEqual({
    status: 'success',
    data: {
      availablecash: '100000.00',
      collateral: '0.00',
      m2mrealized: '12.35',
      m2munrealized: '-3.10',
      utiliseddebits: '2500.50',
    },
  });
});

test('orderbook lists orders in OpenAlgo terms with statistics', async () => {
  h = await fakeHarness();
  const order = (over: Partial<Order>): Order => ({ ...existingOrder(), ...over });
  h.adapter.setOrders([
    order({ orderId: '1', status: 'complete', priceType: 'MARKET', price: 801.123 }),
    order({
      orderId: '2',
      action: 'SELL',
      status: 'trigger_pending',
      priceType: 'SL',
      price: 700.456,
      triggerPrice: 701.004,
    }),
    order({ orderId: '3', status: 'rejected' }),
    order({ orderId: '4', action: 'SELL', status: 'open' }),
    order({ orderId: '5', status: 'cancelled' }),
  ]);
  const body = json(await ask('orderbook'));
  const data = body.data as { orders: Array<Record<string, unknown>>; statistics: Record<string, number> };
  expect(sortedKeys(data)).toEqual(['orders', 'statistics']);
  expect(data.orders[1]).toEqual({
    symbol: 'SBIN',
    exchange: 'NSE',
    action: 'SELL',
    quantity: 10,
    price: 700.46,
    trigger_price: 701,
    pricetype: 'SL',
    product: 'MIS',
    orderid: '2',
    order_status: 'trigger pending',
    timestamp: '2026-01-05 09:20:00',
  });
  expect(data.orders[0]?.price).toBe(0);
  expect(data.statistics).toEqual({
    total_buy_orders: 3,
    total_sell_orders: 2,
    total_completed_orders: 1,
    total_open_orders: 2,
    total_rejected_orders: 1,
  });
});

test('tradebook rows', async () => {
  h = await fakeHarness();
  h.adapter.setTrades([
    {
      tradeId: 'T1',
      orderId: 'O1',
      symbol: 'SBIN',
      exchange: 'NSE',
      action: 'BUY',
      product: 'CNC',
      quantity: 3,
      price: 800.333,
      tradeValue: 2401,
      timestamp: '2026-01-05T04:00:00Z',
      raw: {},
    },
  ]);
  expect(json(await ask('tradebook'))).toEqual({
    status: 'success',
    data: [
      {
        symbol: 'SBIN',
        exchange: 'NSE',
        product: 'CNC',
        action: 'BUY',
        quantity: 3,
        average_price: 800.33,
        trade_value: 2401,
        orderid: 'O1',
        timestamp: '2026-01-05 09:30:00',
      },
    ],
  });
});

test('positionbook rows', async () => {
  h = await fakeHarness();
  h.adapter.setPositions([
    {
      symbol: 'INFY',
      exchange: 'NSE',
      product: 'MIS',
      quantity: -2,
      averagePrice: 1550.255,
      ltp: 1549,
      pnl: 2.51,
      raw: {},
    },
  ]);
  expect(json(await ask('positionbook'))).toEqual({
    status: 'success',
    data: [
      {
        symbol: 'INFY',
        exchange: 'NSE',
        product: 'MIS',
        quantity: -2,
        average_price: 1550.26,
        ltp: 1549,
        pnl: 2.51,
      },
    ],
  });
});

test('holdings with statistics', async () => {
  h = await fakeHarness();
  const holding = (symbol: string, quantity: number, averagePrice: number, ltp: number): Holding => ({
    symbol,
    exchange: 'NSE',
    product: 'CNC',
    quantity,
    averagePrice,
    ltp,
    pnl: (ltp - averagePrice) * quantity,
    pnlPercent: ((ltp - averagePrice) / averagePrice) * 100,
    raw: {},
  });
  h.adapter.setHoldings([holding('SBIN', 10, 700, 770), holding('INFY', 5, 1600, 1500)]);
  const body = json(await ask('holdings'));
  expect(body.data).toEqual({
    holdings: [
      {
        symbol: 'SBIN',
        exchange: 'NSE',
        quantity: 10,
        product: 'CNC',
        average_price: 700,
        pnl: 700,
        pnlpercent: 10,
      },
      {
        symbol: 'INFY',
        exchange: 'NSE',
        quantity: 5,
        product: 'CNC',
        average_price: 1600,
        pnl: -500,
        pnlpercent: -6.25,
      },
    ],
    statistics: {
      totalholdingvalue: 15200,
      totalinvvalue: 15000,
      totalprofitandloss: 200,
      totalpnlpercentage: 1.33,
    },
  });
});

test('empty books are empty, not errors', async () => {
  h = await fakeHarness();
  h.adapter.setOrders([]);
  expect(json(await ask('orderbook')).data).toMatchObject({
    orders: [],
    statistics: { total_buy_orders: 0 },
  });
  expect(json(await ask('holdings')).data).toEqual({
    holdings: [],
    statistics: { totalholdingvalue: 0, totalinvvalue: 0, totalprofitandloss: 0, totalpnlpercentage: 0 },
  });
});
