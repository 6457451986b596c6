import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { API_KEY, type SandboxAccount, sandboxAccount, TestResolver } from './support/accounts.js';
import { buildApiApp, json, post, sortedKeys } from './support/app.js';
import { type FakeHarness, fakeHarness } from './support/harness.js';

const QUOTE_KEYS = ['ask', 'bid', 'high', 'low', 'ltp', 'oi', 'open', 'prev_close', 'volume'];
const SBIN = { apikey: API_KEY, symbol: 'SBIN', exchange: 'NSE' };

describe('market data over the sandbox', () => {
  let app: FastifyInstance;
  let sb: SandboxAccount;
  beforeAll(async () => {
    sb = await sandboxAccount();
    app = await buildApiApp(new TestResolver().add(API_KEY, sb.account), {
      clock: sb.clock,
      rateLimits: false,
    });
  });
  afterAll(async () => {
    await app.close();
    await sb.close();
  });

  test('quotes', async () => {
    const body = json(await post(app, 'quotes', SBIN));
    expect(sortedKeys(body)).toEqual(['data', 'status']);
    const data = body.data as Record<string, number>;
    expect(sortedKeys(data)).toEqual(QUOTE_KEYS);
    expect(data.ltp).toBeGreaterThan(0);
    expect(data.ask).toBeGreaterThanOrEqual(data.bid as number);
  });

  test('depth has five levels a side', async () => {
    const data = json(await post(app, 'depth', SBIN)).data as Record<string, unknown>;
    expect(sortedKeys(data)).toEqual([
      'asks',
      'bids',
      'high',
      'low',
      'ltp',
      'ltq',
      'oi',
      'open',
      'prev_close',
      'totalbuyqty',
      'totalsellqty',
      'volume',
    ]);
    expect(data.asks).toHaveLength(5);
    expect(data.bids).toHaveLength(5);
  });

  test('history candles with epoch-second timestamps', async () => {
    const body = json(
      await post(app, 'history', {
        ...SBIN,
        interval: 'D',
        start_date: '2025-12-01',
        end_date: '2026-01-02',
      }),
    );
    const candles = body.data as Array<Record<string, number>>;
    expect(candles.length).toBeGreaterThan(10);
    for (const c of candles) {
      expect(sortedKeys(c)).toEqual(['close', 'high', 'low', 'oi', 'open', 'timestamp', 'volume']);
      expect(Number.isInteger(c.timestamp)).toBe(true);
      // Epoch seconds, not milliseconds: between 2025-11-30 and 2026-01-03.
      expect(c.timestamp).toBeGreaterThan(1_764_460_800);
      expect(c.timestamp).toBeLessThan(1_767_398_400);
    }
  });

  test('an interval the broker does not serve is 400 naming interval and listing the served ones', async () => {
    const response = await post(app, 'history', {
      ...SBIN,
      interval: '2h',
      start_date: '2026-01-01',
      end_date: '2026-01-02',
    });
    expect(response.statusCode).toBe(400);
    expect(json(response)).toMatchObject({ code: 'INVALID_REQUEST', field: 'interval' });
    expect(json(response).message).toBe(
      'interval: 2h is not served by sandbox; use one of 1m, 3m, 5m, 10m, 15m, 30m, 1h, D',
    );
  });

  test('intervals grouped as OpenAlgo does', async () => {
    expect(json(await post(app, 'intervals', { apikey: API_KEY }))).toEqual({
      status: 'success',
      data: {
        seconds: [],
        minutes: ['1m', '3m', '5m', '10m', '15m', '30m'],
        hours: ['1h'],
        days: ['D'],
        weeks: [],
        months: [],
      },
    });
  });
});

describe('market data over a scripted broker', () => {
  let h: FakeHarness;
  afterEach(async () => h.app.close());

  test('quotes map the unified quote field by field', async () => {
    h = await fakeHarness();
    expect(json(await h.send('quotes', SBIN))).toEqual({
      status: 'success',
      data: {
        ask: 800.05,
        bid: 799.95,
        high: 810,
        low: 790,
        ltp: 800,
        open: 795,
        prev_close: 798,
        volume: 12345,
        oi: 0,
      },
    });
  });

  test('an unknown symbol is 404 SYMBOL_NOT_FOUND before the broker is asked', async () => {
    h = await fakeHarness();
    const response = await h.send('quotes', { ...SBIN, symbol: 'NOSUCH' });
    expect(response.statusCode).toBe(404);
    expect(json(response)).toMatchObject({ status: 'error', code: 'SYMBOL_NOT_FOUND', field: 'symbol' });
    expect(h.adapter.calls).toEqual([]);
  });

  test('multiquotes: per-item results in request order, unknown symbols as errors', async () => {
    h = await fakeHarness();
    h.adapter.setPrice({ symbol: 'INFY', exchange: 'NSE' }, 1500);
    const body = json(
      await h.send('multiquotes', {
        apikey: API_KEY,
        symbols: [
          { symbol: 'INFY', exchange: 'NSE' },
          { symbol: 'NOSUCH', exchange: 'NSE' },
          { symbol: 'SBIN', exchange: 'NSE' },
        ],
      }),
    );
    const results = body.results as Array<Record<string, unknown>>;
    expect(body.status).toBe('success');
    expect(results.map((r) => sortedKeys(r))).toEqual([
      ['data', 'exchange', 'symbol'],
      ['error', 'exchange', 'symbol'],
      ['data', 'exchange', 'symbol'],
    ]);
    expect(results.map((r) => r.symbol)).toEqual(['INFY', 'NOSUCH', 'SBIN']);
    expect(results[0]?.data).toMatchObject({ ltp: 1500 });
    expect(results[2]?.data).toMatchObject({ ltp: 800 });
    expect(h.adapter.callsTo('getQuotes').map((c) => c.args)).toEqual([
      [
        [
          { symbol: 'INFY', exchange: 'NSE' },
          { symbol: 'SBIN', exchange: 'NSE' },
        ],
      ],
    ]);
  });

  test('multiquotes with no known symbol is 404 listing invalid_symbols', async () => {
    h = await fakeHarness();
    const response = await h.send('multiquotes', {
      apikey: API_KEY,
      symbols: [{ symbol: 'X', exchange: 'NSE' }],
    });
    expect(response.statusCode).toBe(404);
    expect(json(response)).toMatchObject({
      code: 'SYMBOL_NOT_FOUND',
      field: 'symbols',
      invalid_symbols: ['NSE:X'],
    });
  });

  test('depth is padded with zero levels to five', async () => {
    h = await fakeHarness();
    const data = json(await h.send('depth', SBIN)).data as Record<string, unknown>;
    expect(data.bids).toEqual([
      { price: 799.9, quantity: 10 },
      { price: 799.8, quantity: 20 },
      { price: 0, quantity: 0 },
      { price: 0, quantity: 0 },
      { price: 0, quantity: 0 },
    ]);
    expect(data).toMatchObject({ totalbuyqty: 30, totalsellqty: 15, ltq: 5, prev_close: 798 });
  });

  test('history passes the request to the adapter in unified terms', async () => {
    h = await fakeHarness();
    const body = json(
      await h.send('history', {
        ...SBIN,
        interval: '1h',
        start_date: '2026-01-01',
        end_date: '2026-01-05',
        source: 'api',
      }),
    );
    expect(body.data).toEqual([
      { timestamp: 1767585600, open: 800, high: 805, low: 799, close: 803, volume: 1200, oi: 0 },
    ]);
    expect(h.adapter.callsTo('getHistory').map((c) => c.args)).toEqual([
      [{ symbol: 'SBIN', exchange: 'NSE', interval: '1h', start: '2026-01-01', end: '2026-01-05' }],
    ]);
  });

  test('an unknown interval word is 400 saying so', async () => {
    h = await fakeHarness();
    const response = await h.send('history', {
      ...SBIN,
      interval: '7m',
      start_date: '2026-01-01',
      end_date: '2026-01-05',
    });
    expect(json(response).message).toBe('interval: 7m is not an interval; use one of 1m, 5m, 1h, D');
  });

  test('intervals come from the broker manifest', async () => {
    h = await fakeHarness();
    expect(json(await h.send('intervals', { apikey: API_KEY })).data).toEqual({
      seconds: [],
      minutes: ['1m', '5m'],
      hours: ['1h'],
      days: ['D'],
      weeks: [],
      months: [],
    });
  });
});
