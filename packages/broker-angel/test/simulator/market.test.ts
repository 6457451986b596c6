import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QUOTE_TOKEN_LIMIT, SECURE_PREFIX } from '../../src/simulator/index.js';
import { startSimulator, type TestSimulator } from './support.js';

let t: TestSimulator;
beforeEach(async () => {
  t = await startSimulator();
});
afterEach(() => t.close());

const QUOTE = `${SECURE_PREFIX}/market/v1/quote`;
const CANDLES = `${SECURE_PREFIX}/historical/v1/getCandleData`;

describe('market/v1/quote', () => {
  it('answers LTP, OHLC and FULL in the gateway spelling, with JSON numbers', async () => {
    t.sim.backdoor.setPrice({ symbol: 'SBIN', exchange: 'NSE' }, 801.5);
    const ltp = await t.call(QUOTE, { json: { mode: 'LTP', exchangeTokens: { NSE: ['3045'] } } });
    expect(ltp.body).toMatchObject({ success: true, message: 'SUCCESS', errorCode: '' });
    expect(ltp.body.data).toEqual({
      fetched: [{ exchange: 'NSE', tradingSymbol: 'SBIN-EQ', symbolToken: '3045', ltp: 801.5 }],
      unfetched: [],
    });
    const ohlc = await t.call(`${QUOTE}/`, { json: { mode: 'OHLC', exchangeTokens: { NSE: ['3045'] } } });
    const [row] = (ohlc.body.data as { fetched: Array<Record<string, unknown>> }).fetched;
    expect(Object.keys(row ?? {}).sort()).toEqual(
      ['close', 'exchange', 'high', 'low', 'ltp', 'open', 'symbolToken', 'tradingSymbol'].sort(),
    );
    const full = await t.call(QUOTE, {
      json: { mode: 'FULL', exchangeTokens: { NSE: ['3045', '99926000'] } },
    });
    const [equity, index] = (full.body.data as { fetched: Array<Record<string, unknown>> }).fetched;
    expect(equity).toMatchObject({ ltp: 801.5, exchFeedTime: '05-Jan-2026 09:30:00' });
    const depth = equity?.depth as { buy: Array<{ price: number }>; sell: Array<{ price: number }> };
    expect(depth.buy).toHaveLength(5);
    expect(depth.sell).toHaveLength(5);
    expect(depth.buy[0]?.price).toBeLessThan(depth.sell[0]?.price ?? 0);
    expect(typeof equity?.['52WeekHigh']).toBe('number');
    expect(index).toMatchObject({
      tradingSymbol: 'Nifty 50',
      tradeVolume: 0,
      lowerCircuit: 0,
      upperCircuit: 0,
    });
  });

  it('lists unknown and empty tokens in `unfetched`, numbers as tokens are read too', async () => {
    const answer = await t.call(QUOTE, {
      json: { mode: 'LTP', exchangeTokens: { NSE: [3045, '', '77777777'] } },
    });
    const data = answer.body.data as { fetched: unknown[]; unfetched: unknown[] };
    expect(data.fetched).toHaveLength(1);
    expect(data.unfetched).toEqual([
      { exchange: 'NSE', symbolToken: '', message: 'Symbol token cannot be empty', errorCode: 'AB4018' },
      { exchange: 'NSE', symbolToken: '77777777', message: 'Invalid symboltoken', errorCode: 'AB4006' },
    ]);
  });

  it(`refuses more than ${QUOTE_TOKEN_LIMIT} tokens and an unknown mode`, async () => {
    const tokens = Array.from({ length: QUOTE_TOKEN_LIMIT + 1 }, () => '3045');
    const many = await t.call(QUOTE, { json: { mode: 'LTP', exchangeTokens: { NSE: tokens } } });
    expect(many.body).toMatchObject({ status: false, errorcode: 'AB1007' });
    const exact = await t.call(QUOTE, { json: { mode: 'LTP', exchangeTokens: { NSE: tokens.slice(1) } } });
    expect(exact.body.success).toBe(true);
    const mode = await t.call(QUOTE, { json: { mode: 'DEPTH', exchangeTokens: { NSE: ['3045'] } } });
    expect(mode.body).toMatchObject({ status: false, errorcode: 'AB1007' });
  });
});

describe('getLtpData', () => {
  it('answers every value as a string', async () => {
    const data = await t.data<Record<string, unknown>>('/order/v1/getLtpData', {
      json: { exchange: 'NSE', tradingsymbol: 'SBIN-EQ', symboltoken: '3045' },
    });
    expect(Object.keys(data).sort()).toEqual(
      ['close', 'exchange', 'high', 'low', 'ltp', 'open', 'symboltoken', 'tradingsymbol'].sort(),
    );
    for (const value of Object.values(data)) expect(typeof value).toBe('string');
  });
});

describe('getCandleData', () => {
  const body = (interval: string, fromdate: string, todate: string, symboltoken = '3045') => ({
    json: { exchange: 'NSE', symboltoken, interval, fromdate, todate },
  });

  it('answers [ts, o, h, l, c, v] rows with +05:30 stamps inside the range', async () => {
    const rows = await t.data<unknown[][]>(
      '/historical/v1/getCandleData',
      body('FIVE_MINUTE', '2026-01-02 09:15', '2026-01-02 10:00'),
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toHaveLength(6);
      expect(row[0]).toMatch(/^2026-01-02T(09|10):\d{2}:00\+05:30$/);
      for (const n of row.slice(1)) expect(typeof n).toBe('number');
    }
    const days = await t.data<unknown[][]>(
      '/historical/v1/getCandleData',
      body('ONE_DAY', '2025-12-29 00:00', '2026-01-02 23:59'),
    );
    expect(days.map((d) => String(d[0]).slice(11))).toEqual(days.map(() => '00:00:00+05:30'));
    const index = await t.data<unknown[][]>(
      '/historical/v1/getCandleData',
      body('ONE_HOUR', '2026-01-02 09:15', '2026-01-02 15:30', '99926000'),
    );
    expect(index.length).toBeGreaterThan(0);
    expect(index.every((row) => row[5] === 0)).toBe(true);
  });

  it.each([
    ['ONE_MINUTE', 30],
    ['THREE_MINUTE', 60],
    ['FIVE_MINUTE', 100],
    ['FIFTEEN_MINUTE', 200],
    ['ONE_HOUR', 400],
    ['ONE_DAY', 2000],
  ])('%s: serves %i days per request and refuses a minute more (AB1004)', async (interval, days) => {
    const to = new Date(Date.UTC(2026, 0, 2));
    const day = (back: number) => new Date(to.getTime() - back * 86_400_000).toISOString().slice(0, 10);
    const ok = await t.call(CANDLES, body(interval, `${day(days)} 09:15`, `${day(0)} 09:15`));
    expect(ok.body.status).toBe(true);
    const tooLong = await t.call(CANDLES, body(interval, `${day(days)} 09:14`, `${day(0)} 09:15`));
    expect(tooLong.body).toMatchObject({ status: false, errorcode: 'AB1004' });
    expect(String(tooLong.body.message)).toContain(`${days} days`);
  });

  it('answers AB1004 "Something Went Wrong" when todate is before fromdate, and names a bad field', async () => {
    const backwards = await t.call(CANDLES, body('ONE_DAY', '2026-01-02 09:15', '2026-01-01 09:15'));
    expect(backwards.body).toEqual({
      status: false,
      message: 'Something Went Wrong, Please Try After Sometime',
      errorcode: 'AB1004',
      data: null,
    });
    const bad = await t.call(CANDLES, body('ONE_DAY', '02-01-2026', '2026-01-01 09:15'));
    expect(String(bad.body.message)).toContain('fromdate');
    const interval = await t.call(CANDLES, body('TWO_MINUTE', '2026-01-01 09:15', '2026-01-01 10:15'));
    expect(String(interval.body.message)).toContain('interval');
  });
});

describe('margin/v1/batch', () => {
  it('answers the batch margin in Angel shape', async () => {
    const data = await t.data<Record<string, unknown>>('/margin/v1/batch', {
      json: {
        positions: [
          { exchange: 'NSE', qty: 10, price: 800, productType: 'INTRADAY', token: '3045', tradeType: 'BUY' },
        ],
      },
    });
    expect(data).toMatchObject({
      totalMarginRequired: 1600,
      marginComponents: { nonNFOMargin: 1600, spanMargin: 0, netPremium: 0 },
      marginBreakup: [{ exchange: 'NSE', productType: 'INTRADAY', totalMarginRequired: 1600 }],
    });
  });
});
