import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, login, type Started, startSimulator } from './support.js';

let s: Started;
let auth: Record<string, string>;
let accessToken: string;
beforeEach(async () => {
  s = await startSimulator();
  ({ auth, accessToken } = await login(s));
});
afterEach(async () => {
  await s.sim.close();
});

async function get(path: string) {
  return call(s.origin, 'GET', path, { headers: auth });
}

describe('quotes', () => {
  it('answers d[] in the order asked, percent-encoded or not, with an error entry for an unknown ticker', async () => {
    s.sim.backdoor.setPrice('NSE:SBIN-EQ', 800);
    const reply = await get(
      `/data/quotes?symbols=${encodeURIComponent('NSE:SBIN-EQ,NSE:NIFTY50-INDEX,NSE:NOPE-EQ')}`,
    );
    expect(reply.body).toMatchObject({ s: 'ok', code: 200 });
    const d = reply.body.d as Array<Record<string, unknown>>;
    expect(d.map((e) => [e.n, e.s])).toEqual([
      ['NSE:SBIN-EQ', 'ok'],
      ['NSE:NIFTY50-INDEX', 'ok'],
      ['NSE:NOPE-EQ', 'error'],
    ]);
    expect(d[0]?.v).toMatchObject({
      lp: 800,
      symbol: 'NSE:SBIN-EQ',
      short_name: 'SBIN-EQ',
      exchange: 'NSE',
      fyToken: '10100000003045',
    });
    expect(Object.keys(d[0]?.v as object)).toEqual(
      expect.arrayContaining(['ch', 'chp', 'spread', 'ask', 'bid', 'open_price', 'high_price', 'low_price']),
    );
    expect(Object.keys(d[0]?.v as object)).not.toContain('oi');
  });

  it('caps a call at 50 symbols', async () => {
    const tickers = Array.from({ length: 51 }, () => 'NSE:SBIN-EQ').join(',');
    const reply = await get(`/data/quotes?symbols=${tickers}`);
    expect(reply.body).toMatchObject({ s: 'error', code: -50 });
    expect((await get(`/data/quotes?symbols=${tickers.slice(12)}`)).body.s).toBe('ok');
  });
});

describe('depth', () => {
  it('keys by ticker, five levels a side under bids and the singular ask', async () => {
    const reply = await get('/data/depth?symbol=NSE:SBIN-EQ,NSE:NIFTY26JANFUT&ohlcv_flag=1');
    const d = reply.body.d as Record<string, Record<string, unknown>>;
    expect(Object.keys(d)).toEqual(['NSE:SBIN-EQ', 'NSE:NIFTY26JANFUT']);
    const sbin = d['NSE:SBIN-EQ'] as Record<string, unknown>;
    expect(sbin.bids).toHaveLength(5);
    expect(sbin.ask).toHaveLength(5);
    expect((sbin.bids as Array<{ price: number }>)[0]?.price).toBeGreaterThan(0);
    expect(sbin).toMatchObject({ tick_Size: 0.05, oiflag: false });
    expect(d['NSE:NIFTY26JANFUT']).toMatchObject({ oiflag: true });
    expect((await get('/data/depth?symbol=NSE:NOPE-EQ')).body.code).toBe(-300);
  });
});

describe('history', () => {
  const base = '/data/history?symbol=NSE:SBIN-EQ&cont_flag=1';

  it('answers epoch-second candles for date_format=1 days and date_format=0 epochs alike', async () => {
    const byDate = await get(`${base}&resolution=5&date_format=1&range_from=2026-01-02&range_to=2026-01-02`);
    const candles = byDate.body.candles as number[][];
    expect(byDate.body.s).toBe('ok');
    expect(candles.length).toBe(75);
    expect(candles[0]).toHaveLength(6);
    expect(candles[0]?.[0]).toBe(Date.UTC(2026, 0, 2, 3, 45) / 1000);
    const from = Date.UTC(2026, 0, 2, 3, 45) / 1000;
    const byEpoch = await get(
      `${base}&resolution=5&date_format=0&range_from=${from}&range_to=${from + 3600}`,
    );
    expect((byEpoch.body.candles as number[][]).map((c) => c[0])).toEqual(
      candles.filter((c) => (c[0] as number) <= from + 3600).map((c) => c[0]),
    );
  });

  it('stamps daily candles at IST midnight and adds OI with oi_flag=1', async () => {
    const reply = await get(
      `${base}&resolution=1D&date_format=1&range_from=2025-12-29&range_to=2026-01-02&oi_flag=1`,
    );
    const candles = reply.body.candles as number[][];
    expect(candles.length).toBeGreaterThan(0);
    for (const c of candles) {
      expect(c).toHaveLength(7);
      expect(((c[0] as number) + 19_800) % 86_400).toBe(0);
    }
  });

  it.each([
    ['5S', '2025-12-01', '2026-01-02'],
    ['1', '2025-09-01', '2026-01-02'],
    ['1D', '2024-12-01', '2026-01-02'],
  ])('refuses a range past the %s span with −50', async (resolution, from, to) => {
    const reply = await get(
      `${base}&resolution=${resolution}&date_format=1&range_from=${from}&range_to=${to}`,
    );
    expect(reply.body).toMatchObject({ s: 'error', code: -50 });
  });

  it('refuses an unknown resolution or date_format, and answers no_data for a day without a session', async () => {
    expect(
      (await get(`${base}&resolution=7&date_format=1&range_from=2026-01-02&range_to=2026-01-02`)).body.code,
    ).toBe(-50);
    expect((await get(`${base}&resolution=5&date_format=2&range_from=1&range_to=2`)).body.code).toBe(-50);
    const sunday = await get(`${base}&resolution=5&date_format=1&range_from=2026-01-04&range_to=2026-01-04`);
    expect(sunday.body).toEqual({ s: 'no_data', code: 200, message: '', candles: [] });
  });
});

describe('symbol-token (the data sockets lookup)', () => {
  it('maps tickers to fyTokens and lists the unknown ones; takes a bare token too', async () => {
    const body = { symbols: ['NSE:SBIN-EQ', 'NSE:NIFTY50-INDEX', 'NSE:NOPE-EQ'] };
    for (const authorization of [auth.authorization as string, accessToken]) {
      const reply = await call(s.origin, 'POST', '/data/symbol-token', { body, headers: { authorization } });
      expect(reply.body).toMatchObject({
        s: 'ok',
        validSymbol: { 'NSE:SBIN-EQ': '10100000003045', 'NSE:NIFTY50-INDEX': '101000000026000' },
        invalidSymbol: ['NSE:NOPE-EQ'],
      });
    }
  });

  it('caps a call at 500 symbols and refuses a dead token with −15', async () => {
    const many = { symbols: Array.from({ length: 501 }, () => 'NSE:SBIN-EQ') };
    expect(
      (await call(s.origin, 'POST', '/data/symbol-token', { body: many, headers: auth })).body.code,
    ).toBe(-50);
    s.sim.backdoor.expireSession();
    const dead = await call(s.origin, 'POST', '/data/symbol-token', {
      body: { symbols: ['NSE:SBIN-EQ'] },
      headers: auth,
    });
    expect(dead.body.code).toBe(-15);
  });
});

describe('limits and faults', () => {
  it('enforces 10 requests a second with −353 and HTTP 429, and lets the next second through', async () => {
    const limited = await startSimulator({ rateLimits: true });
    try {
      const session = await login(limited);
      limited.sim.backdoor.clearRequests();
      const replies = [];
      for (let i = 0; i < 11; i++) {
        replies.push(await call(limited.origin, 'GET', '/api/v3/funds', { headers: session.auth }));
      }
      expect(replies.slice(0, 10).every((r) => r.body.s === 'ok')).toBe(true);
      const refused = replies[10];
      expect(refused?.status).toBe(429);
      expect(refused?.body).toEqual({ s: 'error', code: -353, message: 'API limit exceeded' });
      expect(Number(refused?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      await limited.clock.advance(1_000);
      expect((await call(limited.origin, 'GET', '/api/v3/funds', { headers: session.auth })).body.s).toBe(
        'ok',
      );
    } finally {
      await limited.sim.close();
    }
  });

  it("answers the kit's faults in Fyers' envelope: a 429 burst with −353, a 5xx with −96", async () => {
    s.sim.backdoor.faults.rateLimitBurst({
      count: 1,
      retryAfterSeconds: 2,
      match: { path: '/api/v3/funds' },
    });
    const burst = await get('/api/v3/funds');
    expect(burst.status).toBe(429);
    expect(burst.headers['retry-after']).toBe('2');
    expect(burst.body.code).toBe(-353);
    s.sim.backdoor.faults.serverError({ match: { path: '/api/v3/funds' } });
    const failed = await get('/api/v3/funds');
    expect(failed.status).toBe(503);
    expect(failed.body).toMatchObject({ s: 'error', code: -96 });
    expect((await get('/api/v3/funds')).body.s).toBe('ok');
  });

  it('answers an unknown route with 404 in the envelope', async () => {
    const reply = await get('/api/v3/nothing-here');
    expect(reply.status).toBe(404);
    expect(reply.body).toMatchObject({ s: 'error', code: -96 });
  });
});
