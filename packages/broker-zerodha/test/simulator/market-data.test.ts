import { afterEach, describe, expect, it } from 'vitest';
import { keysOf, mockData, startSimulator, type TestSimulator } from './support.js';

type Quote = Record<string, unknown> & { last_price: number; ohlc: Record<string, number> };

let t: TestSimulator;
afterEach(() => t.close());

describe('quotes', () => {
  it('answers GET /quote keyed by exactly the i strings asked, with quote.json’s fields; unknown ones absent', async () => {
    t = await startSimulator();
    t.sim.backdoor.setPrice('NSE:SBIN', 812.35);
    const sbinToken = String(t.sim.master.get('NSE', 'SBIN')?.instrumentToken);
    const data = await t.data<Record<string, Quote>>('/quote', {
      query: { i: ['NSE:SBIN', 'NSE:NOSUCH', sbinToken, 'NFO:NIFTY26JANFUT'] },
    });
    expect(Object.keys(data).sort()).toEqual(['NFO:NIFTY26JANFUT', 'NSE:SBIN', sbinToken].sort());
    const mock = mockData<Record<string, Record<string, unknown>>>('quote.json')['NSE:INFY'];
    expect(keysOf(data['NSE:SBIN'])).toEqual(keysOf(mock));
    const sbin = data['NSE:SBIN'] as Quote & {
      depth: { buy: Array<Record<string, number>>; sell: unknown[] };
    };
    expect(sbin.last_price).toBe(812.35);
    expect(sbin.instrument_token).toBe(Number(sbinToken));
    expect(sbin.depth.buy).toHaveLength(5);
    expect(sbin.depth.sell).toHaveLength(5);
    expect(keysOf(sbin.depth.buy[0])).toEqual(['orders', 'price', 'quantity']);
    expect(sbin.depth.buy[0]?.price).toBe(812.3);
    expect(sbin.timestamp).toBe('2026-01-05 09:30:00');
    expect(data[sbinToken]).toEqual(sbin);
  });

  it('answers an index feed with its level and zero depth', async () => {
    t = await startSimulator();
    const data = await t.data<Record<string, Quote>>('/quote', { query: { i: 'NSE:NIFTY 50' } });
    const nifty = data['NSE:NIFTY 50'] as Quote & { depth: { buy: Array<{ price: number }> } };
    expect(nifty.last_price).toBeGreaterThan(10_000);
    expect(nifty.depth.buy.every((level) => level.price === 0)).toBe(true);
    expect(nifty.volume).toBe(0);
  });

  it('answers /quote/ohlc and /quote/ltp with ohlc.json’s and ltp.json’s fields', async () => {
    t = await startSimulator();
    const ohlc = await t.data<Record<string, Quote>>('/quote/ohlc', { query: { i: 'NSE:SBIN' } });
    expect(keysOf(ohlc['NSE:SBIN'])).toEqual(
      keysOf(mockData<Record<string, unknown>>('ohlc.json')['NSE:INFY']),
    );
    expect(keysOf(ohlc['NSE:SBIN']?.ohlc)).toEqual(['close', 'high', 'low', 'open']);
    const ltp = await t.data<Record<string, Quote>>('/quote/ltp', { query: { i: 'NSE:SBIN' } });
    expect(keysOf(ltp['NSE:SBIN'])).toEqual(
      keysOf(mockData<Record<string, unknown>>('ltp.json')['NSE:INFY']),
    );
    expect(ltp['NSE:SBIN']?.last_price).toBe(ohlc['NSE:SBIN']?.last_price);
  });

  it('refuses more than 500 instruments on /quote and none at all', async () => {
    t = await startSimulator();
    const many = await t.call('/quote', { query: { i: Array.from({ length: 501 }, () => 'NSE:SBIN') } });
    expect(many.status).toBe(400);
    expect(many.body).toMatchObject({ error_type: 'InputException' });
    expect((await t.call('/quote')).status).toBe(400);
  });
});

describe('historical candles', () => {
  it('answers [ts, o, h, l, c, v] with +0530 timestamps inside the range asked', async () => {
    t = await startSimulator();
    const token = t.sim.master.get('NSE', 'SBIN')?.instrumentToken;
    const data = await t.data<{ candles: unknown[][] }>(`/instruments/historical/${token}/minute`, {
      query: { from: '2026-01-02 09:15:00', to: '2026-01-02 09:20:00' },
    });
    expect(keysOf(data)).toEqual(keysOf(mockData('historical_minute.json')));
    expect(data.candles.map((c) => c[0])).toEqual([
      '2026-01-02T09:15:00+0530',
      '2026-01-02T09:16:00+0530',
      '2026-01-02T09:17:00+0530',
      '2026-01-02T09:18:00+0530',
      '2026-01-02T09:19:00+0530',
      '2026-01-02T09:20:00+0530',
    ]);
    for (const candle of data.candles) {
      expect(candle).toHaveLength(6);
      const [, open, high, low, close, volume] = candle as number[];
      expect(high).toBeGreaterThanOrEqual(Math.max(open ?? 0, close ?? 0));
      expect(low).toBeLessThanOrEqual(Math.min(open ?? 0, close ?? 0));
      expect(Number.isInteger(volume)).toBe(true);
    }
  });

  it('adds the OI column with oi=1 and stamps day candles at midnight', async () => {
    t = await startSimulator();
    const token = t.sim.master.get('NFO', 'NIFTY26JANFUT')?.instrumentToken;
    const minute = await t.data<{ candles: unknown[][] }>(`/instruments/historical/${token}/minute`, {
      query: { from: '2026-01-02 09:15:00', to: '2026-01-02 09:16:00', oi: '1' },
    });
    expect(minute.candles[0]).toHaveLength(
      mockData<{ candles: unknown[][] }>('historical_oi.json').candles[0]?.length ?? 0,
    );
    expect(minute.candles[0]?.[6]).toBeGreaterThan(0);
    const day = await t.data<{ candles: unknown[][] }>(`/instruments/historical/${token}/day`, {
      query: { from: '2025-12-29 00:00:00', to: '2026-01-02 23:59:59' },
    });
    expect(day.candles.map((c) => c[0])).toEqual([
      '2025-12-29T00:00:00+0530',
      '2025-12-30T00:00:00+0530',
      '2025-12-31T00:00:00+0530',
      '2026-01-01T00:00:00+0530',
      '2026-01-02T00:00:00+0530',
    ]);
  });

  it('refuses a range longer than Kite serves for the interval', async () => {
    t = await startSimulator();
    const token = t.sim.master.get('NSE', 'SBIN')?.instrumentToken;
    const answer = await t.call(`/instruments/historical/${token}/minute`, {
      query: { from: '2025-10-01 00:00:00', to: '2025-12-01 00:00:00' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      status: 'error',
      error_type: 'InputException',
      message: 'interval exceeds max limit: 60 days',
      data: null,
    });
    const ok = await t.call(`/instruments/historical/${token}/day`, {
      query: { from: '2025-10-01 00:00:00', to: '2025-12-01 00:00:00' },
    });
    expect(ok.status).toBe(200);
  });

  it('refuses an unknown interval or token', async () => {
    t = await startSimulator();
    const token = t.sim.master.get('NSE', 'SBIN')?.instrumentToken;
    const query = { from: '2026-01-02 09:15:00', to: '2026-01-02 09:20:00' };
    expect((await t.call(`/instruments/historical/${token}/2minute`, { query })).status).toBe(400);
    expect((await t.call('/instruments/historical/12345/minute', { query })).status).toBe(400);
  });
});

describe('rate limits (when switched on)', () => {
  it('answers a second quote in the same second with 429 and admits it in the next', async () => {
    t = await startSimulator({ rateLimits: true });
    expect((await t.call('/quote/ltp', { query: { i: 'NSE:SBIN' } })).status).toBe(200);
    const limited = await t.call('/quote/ltp', { query: { i: 'NSE:SBIN' } });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ status: 'error', error_type: 'NetworkException', data: null });
    // Other buckets are not affected.
    expect((await t.call('/orders')).status).toBe(200);
    await t.clock.advance(1_000);
    expect((await t.call('/quote/ltp', { query: { i: 'NSE:SBIN' } })).status).toBe(200);
  });

  it('are off by default', async () => {
    t = await startSimulator();
    for (let i = 0; i < 5; i++)
      expect((await t.call('/quote/ltp', { query: { i: 'NSE:SBIN' } })).status).toBe(200);
  });
});
