import { onlyLoopback } from '@openalgo/testkit/oracle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SdkSession, startSdkSession } from './sdk-session.js';
import type { SdkEnvelope } from './sdk-types.js';

onlyLoopback({ beforeAll, afterAll });

let s: SdkSession;
beforeAll(async () => {
  s = await startSdkSession();
  s.sim.backdoor.setPrice({ symbol: 'SBIN', exchange: 'NSE' }, 800);
});
afterAll(() => s.close());

/** The quote API's success, in the gateway spelling its docs print (§2.3); the SDK accepts either. */
async function quoteData(reply: Promise<SdkEnvelope>) {
  const body = await reply;
  expect(body).toMatchObject({ success: true, message: 'SUCCESS', errorCode: '' });
  return body.data as { fetched: Array<Record<string, unknown>>; unfetched: Array<Record<string, unknown>> };
}

const CANDLE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\+05:30$/;

describe('marketData (market/v1/quote)', () => {
  it('LTP: exchange, symbol, token and the last price as a JSON number', async () => {
    const data = await quoteData(s.client.marketData({ mode: 'LTP', exchangeTokens: { NSE: ['3045'] } }));
    expect(data).toEqual({
      fetched: [{ exchange: 'NSE', tradingSymbol: 'SBIN-EQ', symbolToken: '3045', ltp: 800 }],
      unfetched: [],
    });
  });

  it('OHLC: adds open, high, low and close', async () => {
    const data = await quoteData(s.client.marketData({ mode: 'OHLC', exchangeTokens: { NSE: ['3045'] } }));
    expect(data.fetched).toEqual([
      {
        exchange: 'NSE',
        tradingSymbol: 'SBIN-EQ',
        symbolToken: '3045',
        ltp: 800,
        open: expect.any(Number),
        high: expect.any(Number),
        low: expect.any(Number),
        close: expect.any(Number),
      },
    ]);
  });

  it('FULL: volumes, circuits, 52-week range and five levels of depth each side', async () => {
    const data = await quoteData(
      s.client.marketData({ mode: 'FULL', exchangeTokens: { NSE: ['3045', '99926000'], NFO: ['35000'] } }),
    );
    expect(data.fetched.map((q) => q.symbolToken)).toEqual(['3045', '99926000', '35000']);
    const [sbin] = data.fetched;
    expect(sbin).toMatchObject({
      ltp: 800,
      tradeVolume: expect.any(Number),
      opnInterest: expect.any(Number),
      lowerCircuit: expect.any(Number),
      upperCircuit: expect.any(Number),
      totBuyQuan: expect.any(Number),
      totSellQuan: expect.any(Number),
      '52WeekLow': expect.any(Number),
      '52WeekHigh': expect.any(Number),
      exchFeedTime: expect.stringMatching(/^\d{2}-[A-Z][a-z]{2}-\d{4} \d{2}:\d{2}:\d{2}$/),
    });
    const depth = sbin?.depth as { buy: Array<{ price: number }>; sell: Array<{ price: number }> };
    expect([depth.buy.length, depth.sell.length]).toEqual([5, 5]);
    expect([depth.buy[0]?.price, depth.sell[0]?.price]).toEqual([799.95, 800.05]);
  });

  it('lists unknown and empty tokens in `unfetched` with Angel’s codes', async () => {
    const data = await quoteData(
      s.client.marketData({ mode: 'LTP', exchangeTokens: { NSE: ['3045', '999999999', ''] } }),
    );
    expect(data.fetched).toHaveLength(1);
    expect(data.unfetched).toEqual([
      { exchange: 'NSE', symbolToken: '999999999', message: 'Invalid symboltoken', errorCode: 'AB4006' },
      { exchange: 'NSE', symbolToken: '', message: 'Symbol token cannot be empty', errorCode: 'AB4018' },
    ]);
  });

  it('refuses more than 50 tokens in one request (§2.4)', async () => {
    const tokens = Array.from({ length: 51 }, (_, i) => String(1000 + i));
    expect(await s.client.marketData({ mode: 'LTP', exchangeTokens: { NSE: tokens } })).toMatchObject({
      status: false,
      errorcode: 'AB1007',
    });
  });
});

describe('getCandleData', () => {
  it('minute candles of a stock: IST timestamps, OHLC and volume as numbers', async () => {
    const reply = await s.client.getCandleData({
      exchange: 'NSE',
      symboltoken: '3045',
      interval: 'ONE_MINUTE',
      fromdate: '2026-01-02 09:15',
      todate: '2026-01-02 09:45',
    });
    expect(reply).toMatchObject({ status: true, message: 'SUCCESS', errorcode: '' });
    const candles = reply.data as Array<[string, number, number, number, number, number]>;
    expect(candles.length).toBeGreaterThan(10);
    for (const [time, open, high, low, close, volume] of candles) {
      expect(time).toMatch(CANDLE_TIME);
      expect(high).toBeGreaterThanOrEqual(Math.max(open, close, low));
      expect(low).toBeLessThanOrEqual(Math.min(open, close));
      expect(volume).toBeGreaterThanOrEqual(0);
    }
  });

  it('daily candles of the Nifty index carry volume 0 (§2.4)', async () => {
    const reply = await s.client.getCandleData({
      exchange: 'NSE',
      symboltoken: '99926000',
      interval: 'ONE_DAY',
      fromdate: '2025-12-01 00:00',
      todate: '2026-01-02 23:59',
    });
    const candles = reply.data as Array<[string, number, number, number, number, number]>;
    expect(candles.length).toBeGreaterThan(10);
    expect(candles.every((c) => c[5] === 0)).toBe(true);
  });

  it('answers a range that ends before it starts with AB1004 (forum, §2.4)', async () => {
    expect(
      await s.client.getCandleData({
        exchange: 'NSE',
        symboltoken: '3045',
        interval: 'FIVE_MINUTE',
        fromdate: '2026-01-02 12:00',
        todate: '2026-01-02 10:00',
      }),
    ).toEqual({
      status: false,
      message: 'Something Went Wrong, Please Try After Sometime',
      errorcode: 'AB1004',
      data: null,
    });
  });
});

describe('getOIData and marginApi', () => {
  it('open interest of a future, per candle', async () => {
    const reply = await s.client.getOIData({
      exchange: 'NFO',
      symboltoken: '35000',
      interval: 'ONE_HOUR',
      fromdate: '2026-01-02 09:15',
      todate: '2026-01-02 15:30',
    });
    expect(reply).toMatchObject({ status: true });
    expect(reply.data[0]).toEqual({ time: expect.stringMatching(CANDLE_TIME), oi: expect.any(Number) });
  });

  it('margin of a basket (the SDK’s own example shape)', async () => {
    const reply = await s.client.marginApi({
      positions: [
        {
          exchange: 'NFO',
          qty: 75,
          price: 0,
          productType: 'CARRYFORWARD',
          token: '35000',
          tradeType: 'BUY',
          orderType: 'MARKET',
        },
      ],
    });
    expect(reply).toMatchObject({ status: true, data: { totalMarginRequired: expect.any(Number) } });
    expect(reply.data.totalMarginRequired).toBeGreaterThan(0);
  });
});
