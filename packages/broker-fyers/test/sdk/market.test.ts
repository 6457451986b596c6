import { onlyLoopback } from '@openalgo/testkit/oracle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SdkSession, startSdkSession } from './sdk-session.js';

onlyLoopback({ beforeAll, afterAll });

const SBIN = 'NSE:SBIN-EQ';
const NIFTY = 'NSE:NIFTY50-INDEX';

let s: SdkSession;
beforeAll(async () => {
  s = await startSdkSession();
  await s.sim.backdoor.setPrice({ symbol: 'SBIN', exchange: 'NSE' }, 600);
});
afterAll(() => s.close());

describe('getQuotes: GET /data/quotes (the SDK percent-encodes the comma-joined tickers)', () => {
  it('answers d[] in the order asked, each {n, s, v} with Fyers’ quote keys', async () => {
    const reply = await s.client.getQuotes([SBIN, NIFTY]);
    expect(reply).toMatchObject({ s: 'ok', code: 200 });
    const d = reply.d as Array<{ n: string; s: string; v: Record<string, unknown> }>;
    expect(d.map((q) => [q.n, q.s])).toEqual([
      [SBIN, 'ok'],
      [NIFTY, 'ok'],
    ]);
    expect(d[0]?.v).toMatchObject({ lp: 600, symbol: SBIN, fyToken: expect.stringMatching(/^\d{14,16}$/) });
    for (const key of [
      'ch',
      'chp',
      'lp',
      'spread',
      'ask',
      'bid',
      'open_price',
      'high_price',
      'low_price',
      'prev_close_price',
      'atp',
      'volume',
      'tt',
    ]) {
      expect(d[0]?.v[key], key).toEqual(expect.any(Number));
    }
  });

  it('marks an unknown ticker in its own d[] entry', async () => {
    const reply = await s.client.getQuotes([SBIN, 'NSE:NOSUCH-EQ']);
    const d = reply.d as Array<{ n: string; s: string }>;
    expect(d[0]).toMatchObject({ n: SBIN, s: 'ok' });
    expect(d[1]).toMatchObject({ n: 'NSE:NOSUCH-EQ' });
    expect(d[1]?.s).not.toBe('ok');
  });
});

describe('getMarketDepth: GET /data/depth?symbol=…&ohlcv_flag=1', () => {
  it('answers d keyed by ticker with five bids and five `ask` levels', async () => {
    const reply = await s.client.getMarketDepth({ symbol: [SBIN], ohlcv_flag: 1 });
    expect(reply).toMatchObject({ s: 'ok' });
    const book = (reply.d as Record<string, Record<string, unknown>>)[SBIN];
    expect(book).toMatchObject({
      ltp: 600,
      totalbuyqty: expect.any(Number),
      totalsellqty: expect.any(Number),
    });
    const bids = book?.bids as Array<{ price: number; volume: number; ord: number }>;
    const asks = book?.ask as Array<{ price: number; volume: number; ord: number }>;
    expect(bids).toHaveLength(5);
    expect(asks).toHaveLength(5);
    expect(bids[0]?.price).toBeLessThan(asks[0]?.price ?? 0);
    for (const key of ['o', 'h', 'l', 'c', 'v', 'atp', 'lower_ckt', 'upper_ckt']) {
      expect(book?.[key], key).toEqual(expect.any(Number));
    }
  });

  it('answers several tickers comma-joined in one call (the JS SDK does that)', async () => {
    const reply = await s.client.getMarketDepth({ symbol: [SBIN, 'NSE:RELIANCE-EQ'], ohlcv_flag: 1 });
    expect(Object.keys(reply.d as object).sort()).toEqual(['NSE:RELIANCE-EQ', SBIN]);
  });
});

describe('getHistory: GET /data/history', () => {
  const day = (date: string) => Date.parse(`${date}T00:00:00+05:30`) / 1000;

  it('date_format=1 (YYYY-MM-DD): 5-minute candles [epoch s, o, h, l, c, v] inside the range', async () => {
    const reply = await s.client.getHistory({
      symbol: SBIN,
      resolution: '5',
      date_format: '1',
      range_from: '2026-01-02',
      range_to: '2026-01-02',
      cont_flag: '1',
    });
    expect(reply).toMatchObject({ s: 'ok' });
    const candles = reply.candles as number[][];
    expect(candles.length).toBeGreaterThan(0);
    for (const candle of candles) {
      expect(candle.length).toBeGreaterThanOrEqual(6);
      const [t, o, h, l, c] = candle as [number, number, number, number, number];
      expect(t % 300).toBe(0);
      expect(t).toBeGreaterThanOrEqual(day('2026-01-02'));
      expect(t).toBeLessThan(day('2026-01-03'));
      expect(h).toBeGreaterThanOrEqual(Math.max(o, c, l));
      expect(l).toBeLessThanOrEqual(Math.min(o, c, h));
    }
  });

  it('date_format=0 (epoch seconds) answers the same daily candles as date_format=1', async () => {
    const ask = (date_format: string, range_from: string, range_to: string) =>
      s.client.getHistory({
        symbol: SBIN,
        resolution: 'D',
        date_format,
        range_from,
        range_to,
        cont_flag: '1',
      });
    const byDate = await ask('1', '2025-12-01', '2025-12-31');
    const byEpoch = await ask('0', String(day('2025-12-01')), String(day('2025-12-31') + 86_399));
    expect((byDate.candles as unknown[]).length).toBeGreaterThan(10);
    expect(byEpoch.candles).toEqual(byDate.candles);
  });
});
