import type {
  Candle,
  Depth,
  Funds,
  Holding,
  Instrument,
  Order,
  Position,
  Quote,
  Trade,
} from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import {
  assertValidCandle,
  assertValidCandles,
  assertValidDepth,
  assertValidFunds,
  assertValidHolding,
  assertValidInstrument,
  assertValidOrder,
  assertValidPosition,
  assertValidQuote,
  assertValidTrade,
  ContractViolationError,
} from '../src/validators.js';

const order: Order = {
  orderId: '250105000001',
  clientOrderId: 'abc123',
  symbol: 'SBIN',
  exchange: 'NSE',
  action: 'BUY',
  priceType: 'LIMIT',
  product: 'MIS',
  quantity: 10,
  filledQuantity: 4,
  pendingQuantity: 6,
  price: 800,
  triggerPrice: 0,
  averagePrice: 799.5,
  status: 'open',
  rawStatus: 'OPEN',
  timestamp: '2026-01-05T09:30:00+05:30',
  raw: {},
};
const trade: Trade = {
  tradeId: 't1',
  orderId: order.orderId,
  symbol: 'SBIN',
  exchange: 'NSE',
  action: 'BUY',
  product: 'MIS',
  quantity: 4,
  price: 799.5,
  tradeValue: 3198,
  timestamp: '2026-01-05T09:30:01+05:30',
  raw: {},
};
const position: Position = {
  symbol: 'SBIN',
  exchange: 'NSE',
  product: 'MIS',
  quantity: 4,
  averagePrice: 799.5,
  ltp: 801,
  pnl: 6,
  buyQuantity: 6,
  sellQuantity: 2,
  raw: {},
};
const holding: Holding = {
  symbol: 'SBIN',
  exchange: 'NSE',
  product: 'CNC',
  quantity: 10,
  t1Quantity: 2,
  averagePrice: 700,
  ltp: 800,
  pnl: 1000,
  pnlPercent: 14.28,
  raw: {},
};
const funds: Funds = {
  availableCash: 1e6,
  collateral: 0,
  m2mRealised: 0,
  m2mUnrealised: 0,
  utilisedDebits: 200,
  raw: {},
};
const quote: Quote = {
  symbol: 'SBIN',
  exchange: 'NSE',
  ltp: 800,
  open: 795,
  high: 805,
  low: 790,
  prevClose: 798,
  volume: 1000,
  oi: 0,
  bid: 799.95,
  ask: 800.05,
  raw: {},
};
const depth: Depth = {
  symbol: 'SBIN',
  exchange: 'NSE',
  bids: [
    { price: 799.95, quantity: 10 },
    { price: 799.9, quantity: 5 },
    { price: 0, quantity: 0 },
  ],
  asks: [
    { price: 800.05, quantity: 10 },
    { price: 800.1, quantity: 5 },
  ],
  ltp: 800,
  ltq: 1,
  open: 795,
  high: 805,
  low: 790,
  prevClose: 798,
  volume: 1000,
  oi: 0,
  totalBuyQuantity: 15,
  totalSellQuantity: 15,
  raw: {},
};
const candle: Candle = {
  timestamp: 1_767_584_700,
  open: 800,
  high: 805,
  low: 795,
  close: 802,
  volume: 10,
  oi: 0,
};
const option: Instrument = {
  symbol: 'NIFTY27JAN2626000CE',
  exchange: 'NFO',
  brsymbol: 'NIFTY26JAN26000CE',
  brexchange: 'NFO',
  token: '51234',
  name: 'NIFTY',
  expiry: '27-JAN-26',
  strike: 26000,
  lotSize: 75,
  tickSize: 0.05,
  instrumentType: 'CE',
};

function violation(fn: () => void): ContractViolationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ContractViolationError) return error;
    throw error;
  }
  throw new Error('expected a ContractViolationError');
}

describe('validators accept sound objects', () => {
  it('passes each kind of unified object', () => {
    expect(() => {
      assertValidOrder(order);
      assertValidTrade(trade);
      assertValidPosition(position);
      assertValidHolding(holding);
      assertValidFunds(funds);
      assertValidQuote(quote);
      assertValidDepth(depth);
      assertValidCandles([candle, { ...candle, timestamp: candle.timestamp + 60 }]);
      assertValidInstrument(option);
    }).not.toThrow();
  });
});

describe('validators name the object and the field that breaks the contract', () => {
  it.each([
    [
      'schema: status outside the closed enum',
      () => assertValidOrder({ ...order, status: 'partially_filled' }),
      'status',
    ],
    [
      'schema: timestamp without offset',
      () => assertValidOrder({ ...order, timestamp: '2026-01-05 09:30' }),
      'timestamp',
    ],
    [
      'filled + pending > quantity',
      () => assertValidOrder({ ...order, filledQuantity: 5, pendingQuantity: 6 }),
      'filledQuantity + pendingQuantity',
    ],
    [
      'complete but not fully filled',
      () => assertValidOrder({ ...order, status: 'complete', pendingQuantity: 0 }),
      'filledQuantity',
    ],
    ['fills without an average price', () => assertValidOrder({ ...order, averagePrice: 0 }), 'averagePrice'],
    [
      'LIMIT without a price',
      () => assertValidOrder({ ...order, filledQuantity: 0, averagePrice: 0, price: 0 }),
      'price',
    ],
    ['SL-M without a trigger', () => assertValidOrder({ ...order, priceType: 'SL-M' }), 'triggerPrice'],
  ])('order: %s', (_label, fn, field) => {
    const error = violation(fn);
    expect(error.field).toBe(field);
    expect(error.object).toContain('order 250105000001 SBIN NSE');
  });

  it.each([
    ['trade at price 0', () => assertValidTrade({ ...trade, price: 0 }), 'price'],
    ['trade with quantity 0', () => assertValidTrade({ ...trade, quantity: 0 }), 'quantity'],
    [
      'position whose net disagrees with buys − sells',
      () => assertValidPosition({ ...position, quantity: -4 }),
      'quantity',
    ],
    [
      'open position without an average',
      () => assertValidPosition({ ...position, averagePrice: 0 }),
      'averagePrice',
    ],
    [
      'holding with T1 above quantity',
      () => assertValidHolding({ ...holding, t1Quantity: 11 }),
      't1Quantity',
    ],
    [
      'funds with negative debits',
      () => assertValidFunds({ ...funds, utilisedDebits: -1 }),
      'utilisedDebits',
    ],
    ['quote with bid above ask', () => assertValidQuote({ ...quote, bid: 800.1 }), 'bid'],
    ['quote with low above high', () => assertValidQuote({ ...quote, low: 806 }), 'low'],
    ['quote with a NaN price', () => assertValidQuote({ ...quote, ltp: Number.NaN }), 'ltp'],
  ])('%s', (_label, fn, field) => {
    expect(violation(fn).field).toBe(field);
  });

  it('depth: unsorted bids, a priced level after padding, crossed book', () => {
    const unsorted = violation(() =>
      assertValidDepth({ ...depth, bids: [...depth.bids].slice(0, 2).reverse() }),
    );
    expect(unsorted.field).toBe('bids.1.price');
    expect(unsorted.message).toContain('best first');
    const afterPadding = violation(() =>
      assertValidDepth({ ...depth, asks: [{ price: 0, quantity: 0 }, ...depth.asks] }),
    );
    expect(afterPadding.field).toBe('asks.1');
    const crossed = violation(() => assertValidDepth({ ...depth, bids: [{ price: 801, quantity: 1 }] }));
    expect(crossed.field).toBe('bids.0.price');
  });

  it('candles: OHLC inconsistent, milliseconds for seconds, unsorted, duplicates', () => {
    expect(violation(() => assertValidCandle({ ...candle, high: 794 })).field).toBe('low');
    expect(violation(() => assertValidCandle({ ...candle, open: 806 })).field).toBe('open');
    expect(violation(() => assertValidCandle({ ...candle, close: 790 })).field).toBe('close');
    expect(violation(() => assertValidCandle({ ...candle, timestamp: candle.timestamp * 1000 })).field).toBe(
      'timestamp',
    );
    const later = { ...candle, timestamp: candle.timestamp + 60 };
    expect(violation(() => assertValidCandles([later, candle], 'getHistory 1m')).message).toContain('sorted');
    expect(violation(() => assertValidCandles([candle, candle])).field).toBe('timestamp');
    expect(violation(() => assertValidCandles('nope' as unknown as Candle[])).message).toContain(
      'not an array',
    );
  });

  it('instruments: core row rules plus expiry and lot size by exchange', () => {
    expect(violation(() => assertValidInstrument({ ...option, strike: 2_600_000 })).message).toContain(
      'strike',
    );
    expect(violation(() => assertValidInstrument({ ...option, expiry: '' })).message).toMatch(/expiry/);
    expect(violation(() => assertValidInstrument({ ...option, lotSize: 0 })).field).toBe('lotSize');
    const equity = { ...option, symbol: 'SBIN', exchange: 'NSE' as const, expiry: '26-JAN-26', strike: 0 };
    expect(violation(() => assertValidInstrument(equity)).field).toBe('expiry');
    expect(violation(() => assertValidInstrument({ ...option, exchange: 'NASDAQ' })).message).toContain(
      'exchange',
    );
  });

  it('says where the object came from', () => {
    const error = violation(() => assertValidQuote({ ...quote, bid: 900 }, 'getQuotes[3]'));
    expect(error.message).toBe('quote SBIN NSE (from getQuotes[3]): bid (900) is above ask (800.05)');
  });
});
