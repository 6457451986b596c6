import { describe, expect, it } from 'vitest';
import { InstrumentSchema } from '../../src/model/instrument.js';
import { HistoryRequestSchema } from '../../src/model/market.js';
import { OrderSchema } from '../../src/model/order.js';
import { isSessionExpired, SessionSchema } from '../../src/model/session.js';

describe('HistoryRequestSchema', () => {
  const ok = { symbol: 'SBIN', exchange: 'NSE', interval: '5m', start: '2026-01-01', end: '2026-01-05' };
  it('accepts a valid request and rejects an unknown interval naming allowed values', () => {
    expect(HistoryRequestSchema.parse(ok)).toEqual(ok);
    const bad = HistoryRequestSchema.safeParse({ ...ok, interval: '7m' });
    expect(bad.error?.issues[0]?.path).toEqual(['interval']);
    expect(bad.error?.issues[0]?.message).toContain('1s, 5s');
  });
  it('rejects an end before the start and malformed dates', () => {
    expect(HistoryRequestSchema.safeParse({ ...ok, end: '2025-12-31' }).error?.issues[0]?.path).toEqual([
      'end',
    ]);
    expect(HistoryRequestSchema.safeParse({ ...ok, start: '01-01-2026' }).error?.issues[0]?.path).toEqual([
      'start',
    ]);
  });
});

describe('InstrumentSchema', () => {
  const row = {
    symbol: 'NIFTY26DEC2424000CE',
    exchange: 'NFO',
    brsymbol: 'NIFTY24DEC24000CE',
    brexchange: 'NFO',
    token: '12345::::678',
    name: 'NIFTY',
    expiry: '26-DEC-24',
    strike: 24000,
    lotSize: 75,
    tickSize: 0.05,
    instrumentType: 'CE',
  };
  it('accepts DD-MMM-YY or empty expiries only', () => {
    expect(InstrumentSchema.safeParse(row).success).toBe(true);
    expect(InstrumentSchema.safeParse({ ...row, expiry: '' }).success).toBe(true);
    expect(InstrumentSchema.safeParse({ ...row, expiry: '2024-12-26' }).success).toBe(false);
    expect(InstrumentSchema.safeParse({ ...row, expiry: '26DEC24' }).success).toBe(false);
  });
});

describe('OrderSchema', () => {
  it('keeps unknown statuses out of the closed enum', () => {
    const order = {
      orderId: '1',
      symbol: 'SBIN',
      exchange: 'NSE',
      action: 'BUY',
      priceType: 'MARKET',
      product: 'MIS',
      quantity: 1,
      filledQuantity: 0,
      pendingQuantity: 1,
      price: 0,
      triggerPrice: 0,
      averagePrice: 0,
      status: 'open',
      rawStatus: 'OPEN',
      timestamp: '2026-01-05T09:15:00+05:30',
      raw: {},
    };
    expect(OrderSchema.safeParse(order).success).toBe(true);
    expect(OrderSchema.safeParse({ ...order, status: 'OPEN' }).success).toBe(false);
    expect(OrderSchema.safeParse({ ...order, timestamp: '2026-01-05 09:15:00' }).success).toBe(false);
  });
});

describe('Session', () => {
  it('is plain data with an expiry', () => {
    const s = SessionSchema.parse({ broker: 'zerodha', userId: 'AB1234', accessToken: 't', expiresAt: 1000 });
    expect(isSessionExpired(s, 999)).toBe(false);
    expect(isSessionExpired(s, 1000)).toBe(true);
    expect(SessionSchema.safeParse({ ...s, expiresAt: '2026' }).success).toBe(false);
  });
});
