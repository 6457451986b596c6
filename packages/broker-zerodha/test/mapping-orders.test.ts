import { OrderSchema, TradeSchema } from '@openalgo/core';
import { RecordingLogger } from '@openalgo/core/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { KiteOrderSchema, KiteTradeSchema } from '../src/mapping/kite-types.js';
import { kiteTimestamp, mapOrder, mapTrade } from '../src/mapping/orders.js';
import { fixture, fixtureData, testSymbols } from './helpers.js';

const orders = z.array(KiteOrderSchema).parse(fixtureData('orders.json'));
const history = z.array(KiteOrderSchema).parse(fixtureData('order_info.json'));
const trades = z.array(KiteTradeSchema).parse(fixtureData('trades.json'));

describe('order book mapping (orders.json)', () => {
  const logger = new RecordingLogger();
  const mapped = orders.map((o) => mapOrder(o, testSymbols(logger)));

  it('maps every order to a valid unified Order with the raw payload kept untouched', () => {
    expect(mapped).toHaveLength(10);
    for (const [i, order] of mapped.entries()) {
      expect(OrderSchema.parse(order)).toEqual(order);
      expect(order.raw).toEqual(fixtureData<unknown[]>('orders.json')[i]);
    }
  });

  it('maps a cancelled currency future, translating the Kite symbol through the master by token', () => {
    expect(mapped[0]).toMatchObject({
      orderId: '100000000000000',
      symbol: 'USDINR29JUN21FUT',
      exchange: 'CDS',
      action: 'BUY',
      priceType: 'LIMIT',
      product: 'NRML',
      quantity: 1,
      filledQuantity: 0,
      pendingQuantity: 1,
      price: 72,
      triggerPrice: 0,
      averagePrice: 0,
      status: 'cancelled',
      rawStatus: 'CANCELLED',
      timestamp: '2021-05-31T09:18:57+05:30',
    });
    expect(mapped[0]?.clientOrderId).toBeUndefined();
  });

  it('maps a completed market sell and a rejected iceberg order with its reason and tag', () => {
    expect(mapped[2]).toMatchObject({
      symbol: 'IOC',
      exchange: 'NSE',
      action: 'SELL',
      priceType: 'MARKET',
      product: 'CNC',
      status: 'complete',
      averagePrice: 109.35,
      filledQuantity: 1,
    });
    expect(mapped[3]).toMatchObject({
      orderId: '220524001859672',
      symbol: 'SBIN',
      status: 'rejected',
      rawStatus: 'REJECTED',
      clientOrderId: 'icebergord',
      quantity: 200,
      timestamp: '2022-05-24T12:26:52+05:30',
    });
    expect(mapped[3]?.statusMessage).toMatch(/^Insufficient funds\. Required margin is 95417\.84/);
  });

  it('turns the tag into the client order id and the MCX future into its OpenAlgo symbol', () => {
    expect(mapped[4]).toMatchObject({
      symbol: 'GOLDPETAL30JUN21FUT',
      exchange: 'MCX',
      clientOrderId: 'connect test order1',
      averagePrice: 4852,
    });
  });

  it('maps MTF (margin trading, a delivery product) to CNC and keeps the real product in raw', () => {
    expect(mapped[7]?.product).toBe('CNC');
    expect(mapped[7]?.raw).toMatchObject({ product: 'MTF' });
  });

  it('maps a weekly option by token to its OpenAlgo symbol, and keeps 19-digit order ids as strings', () => {
    expect(mapped[9]).toMatchObject({
      orderId: '1953367517686685697',
      symbol: 'NIFTY07AUG2524400CE',
      exchange: 'NFO',
      quantity: 150,
      averagePrice: 12.3,
    });
  });

  it('reports a cash symbol missing from the master under its own name, without a warning', () => {
    expect(mapped[6]).toMatchObject({ symbol: 'BHEL', exchange: 'NSE', status: 'cancelled' });
    expect(logger.records.filter((e) => e.level === 'warn')).toEqual([]);
  });
});

describe('order history mapping (order_info.json)', () => {
  const mapped = history.map((o) => mapOrder(o, testSymbols()));

  it('maps every state row; the new-order states are pending, the modify states are still open', () => {
    expect(mapped.map((o) => [o.rawStatus, o.status])).toEqual([
      ['PUT ORDER REQ RECEIVED', 'pending'],
      ['VALIDATION PENDING', 'pending'],
      ['OPEN PENDING', 'pending'],
      ['OPEN', 'open'],
      ['MODIFY VALIDATION PENDING', 'open'],
      ['MODIFY PENDING', 'open'],
      ['MODIFIED', 'open'],
      ['OPEN', 'open'],
    ]);
    for (const order of mapped) expect(OrderSchema.safeParse(order).success).toBe(true);
  });

  it('the latest row carries the modified price and time', () => {
    const latest = mapped[mapped.length - 1];
    expect(latest).toMatchObject({
      symbol: 'SBIN',
      exchange: 'NSE',
      price: 300.1,
      timestamp: '2017-12-29T11:08:16+05:30',
    });
  });
});

describe('trade book mapping (trades.json)', () => {
  const mapped = trades.map((t) => mapTrade(t, testSymbols()));

  it('maps every fill with its value and the fill timestamp (not the bare order time)', () => {
    expect(mapped).toHaveLength(4);
    for (const trade of mapped) expect(TradeSchema.parse(trade)).toEqual(trade);
    expect(mapped[0]).toMatchObject({
      tradeId: '10000000',
      orderId: '200000000000000',
      symbol: 'SBIN',
      exchange: 'NSE',
      action: 'BUY',
      product: 'CNC',
      quantity: 1,
      price: 420.65,
      tradeValue: 420.65,
      timestamp: '2021-05-31T09:16:39+05:30',
    });
    expect(mapped[1]).toMatchObject({
      symbol: 'USDINR29JUN21FUT',
      exchange: 'CDS',
      product: 'MIS',
      price: 72.755,
    });
    expect(mapped[3]).toMatchObject({ symbol: 'GOLDPETAL30JUN21FUT', tradeValue: 4852 });
  });
});

describe('order update mapping (postback.json, the order-stream payload)', () => {
  it('maps a postback-shaped order', () => {
    const order = mapOrder(KiteOrderSchema.parse(fixture('postback.json')), testSymbols());
    expect(OrderSchema.parse(order)).toMatchObject({
      orderId: '220303000308932',
      symbol: 'SBIN',
      exchange: 'NSE',
      status: 'complete',
      averagePrice: 470,
      timestamp: '2022-03-03T09:24:25+05:30',
    });
  });
});

describe('unexpected values fail loudly instead of being guessed', () => {
  const base = { ...(fixtureData<Record<string, unknown>[]>('orders.json')[1] as Record<string, unknown>) };

  it.each([
    ['product', 'XYZ', /unexpected product "XYZ" in order 300000000000000/],
    ['order_type', 'STOP', /unexpected order type "STOP"/],
    ['transaction_type', 'HOLD', /unexpected transaction type "HOLD"/],
    ['quantity', 1.5, /unexpected quantity "1.5"/],
    ['exchange', 'MF', /exchange "MF", which OpenAlgo does not support/],
  ])('%s = %s', (field, value, message) => {
    const raw = KiteOrderSchema.parse({ ...base, [field]: value });
    expect(() => mapOrder(raw, testSymbols())).toThrow(message);
  });

  it('a timestamp that cannot be read', () => {
    expect(() => kiteTimestamp(['31/05/2021', null], 'order 1')).toThrow(
      /unexpected timestamp "31\/05\/2021"/,
    );
    expect(kiteTimestamp([null, '2021-05-31 09:18:58'], 'order 1')).toBe('2021-05-31T09:18:58+05:30');
  });
});
