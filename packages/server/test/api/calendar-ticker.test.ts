import { ManualClock } from '@openalgo/core';
import { afterEach, describe, expect, test } from 'vitest';
import { buildOpenApiDocument } from '../../src/api/index.js';
import { clampedStart, parseTickerSymbol, tickerLine } from '../../src/api/ticker.js';
import { API_KEY, fakeAccount, TestResolver } from './support/accounts.js';
import { buildApiApp, json } from './support/app.js';
import { type FakeHarness, fakeHarness } from './support/harness.js';

let h: FakeHarness;
afterEach(async () => h?.app.close());

/** 09:30 IST on Monday 5 January 2026, as epoch seconds (the scripted broker's candle). */
const CANDLE_0930 = {
  timestamp: 1767585600,
  open: 800,
  high: 805.5,
  low: 799,
  close: 803.25,
  volume: 1200,
  oi: 0,
};

describe('POST /market/holidays and /market/timings', () => {
  test("the year defaults to the clock's IST year (00:30 IST on 1 January is already the new year)", async () => {
    const { account } = fakeAccount({ clock: new ManualClock(Date.UTC(2025, 11, 31, 19, 0)) });
    const app = await buildApiApp(new TestResolver().add(API_KEY, account), {
      clock: new ManualClock(Date.UTC(2025, 11, 31, 19, 0)),
      rateLimits: false,
    });
    try {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/market/holidays',
        payload: { apikey: API_KEY },
      });
      const body = json(response);
      expect(body.year).toBe(2026);
      expect(body.timezone).toBe('Asia/Kolkata');
      expect(body).not.toHaveProperty('message');
      expect((body.data as Array<Record<string, unknown>>).at(-1)).toEqual({
        date: '2026-12-25',
        description: 'Christmas',
        holiday_type: 'TRADING_HOLIDAY',
        closed_exchanges: ['NSE', 'BSE', 'NFO', 'BFO', 'MCX', 'BCD', 'CDS'],
        open_exchanges: [],
      });
    } finally {
      await app.close();
    }
  });

  test('a year without published data is empty and says only weekends are known', async () => {
    h = await fakeHarness();
    const body = json(await h.send('market/holidays', { apikey: API_KEY, year: '2027' }));
    expect(body).toEqual({
      status: 'success',
      year: 2027,
      timezone: 'Asia/Kolkata',
      data: [],
      message:
        "No published exchange holidays for 2027 in this server's calendar: only weekends are treated as closed",
    });
  });

  test('Muhurat trading on Sunday 8 November 2026: every exchange in its special window', async () => {
    h = await fakeHarness();
    const body = json(await h.send('market/timings', { apikey: API_KEY, date: '2026-11-08' }));
    const data = body.data as Array<Record<string, unknown>>;
    expect(data).toHaveLength(7);
    expect(data[0]).toEqual({ exchange: 'NSE', start_time: 1794141000000, end_time: 1794145500000 });
    expect(data.find((d) => d.exchange === 'MCX')).toEqual({
      exchange: 'MCX',
      start_time: 1794141000000,
      end_time: 1794163500000,
    });
  });

  test('a holiday leaves closed exchanges out; a year out of range is 400 naming the field', async () => {
    h = await fakeHarness();
    const christmas = json(await h.send('market/timings', { apikey: API_KEY, date: '2026-12-25' }));
    expect(christmas).toEqual({ status: 'success', data: [] });
    const far = await h.send('market/holidays', { apikey: API_KEY, year: 2051 });
    expect(far.statusCode).toBe(400);
    expect(json(far)).toMatchObject({ field: 'year', message: 'year: must be between 2020 and 2050' });
  });
});

describe('GET /ticker/<EXCH:SYMBOL>', () => {
  const query = { apikey: API_KEY, from: '2026-01-01', to: '2026-01-05' };

  test('txt for D: one EXCH:SYMBOL,date,O,H,L,C,V line per bar, prices as Python prints them', async () => {
    h = await fakeHarness();
    h.adapter.setCandles([
      CANDLE_0930,
      { ...CANDLE_0930, timestamp: CANDLE_0930.timestamp + 86_400, open: 803.25 },
    ]);
    const response = await h.send('ticker/NSE:SBIN', { ...query, format: 'txt' }, { method: 'GET' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.body).toBe(
      'NSE:SBIN,2026-01-05,800.0,805.5,799.0,803.25,1200\nNSE:SBIN,2026-01-06,803.25,805.5,799.0,803.25,1200',
    );
  });

  test('txt intraday lines carry the IST time; JSON is /history’s answer', async () => {
    h = await fakeHarness();
    h.adapter.setCandles([CANDLE_0930]);
    const txt = await h.send(
      'ticker/NSE:SBIN',
      { ...query, interval: '5m', format: 'txt' },
      { method: 'GET' },
    );
    expect(txt.body).toBe('NSE:SBIN,2026-01-05,09:30:00,800.0,805.5,799.0,803.25,1200');
    const body = json(await h.send('ticker/NSE:SBIN', query, { method: 'GET' }));
    expect(body).toEqual({ status: 'success', data: [CANDLE_0930] });
  });

  test('the range is clamped before the broker is asked: 30 days intraday, 10 years daily', async () => {
    h = await fakeHarness();
    await h.send('ticker/NSE:SBIN', { ...query, interval: '1m', from: '2025-01-01' }, { method: 'GET' });
    await h.send('ticker/NSE:SBIN', { ...query, interval: 'D', from: '2000-01-01' }, { method: 'GET' });
    const asked = h.adapter.calls.filter((c) => c.method === 'getHistory').map((c) => c.args[0]);
    expect(asked).toEqual([
      { symbol: 'SBIN', exchange: 'NSE', interval: '1m', start: '2025-12-06', end: '2026-01-05' },
      { symbol: 'SBIN', exchange: 'NSE', interval: 'D', start: '2016-01-08', end: '2026-01-05' },
    ]);
  });

  test('a bare symbol is on NSE; a URL-encoded colon works; a bad exchange is 400 naming symbol', async () => {
    h = await fakeHarness();
    expect((await h.send('ticker/SBIN', query, { method: 'GET' })).statusCode).toBe(200);
    expect((await h.send('ticker/NSE%3AINFY', query, { method: 'GET' })).statusCode).toBe(200);
    const asked = h.adapter.calls.filter((c) => c.method === 'getHistory').map((c) => c.args[0]);
    expect(asked.map((a) => (a as { symbol: string }).symbol)).toEqual(['SBIN', 'INFY']);
    const bad = await h.send('ticker/LSE:VOD', query, { method: 'GET' });
    expect(bad.statusCode).toBe(400);
    expect(json(bad)).toMatchObject({ code: 'INVALID_REQUEST', field: 'symbol' });
    const unknown = await h.send('ticker/NSE:NOPE', query, { method: 'GET' });
    expect(unknown.statusCode).toBe(404);
  });

  test('helpers: symbol parsing, clamp and line format', () => {
    expect(parseTickerSymbol('nfo:NIFTY27JAN26FUT')).toEqual({ exchange: 'NFO', symbol: 'NIFTY27JAN26FUT' });
    expect(() => parseTickerSymbol('NSE:SBIN:EQ')).toThrow(/symbol/);
    expect(() => parseTickerSymbol('NSE:')).toThrow(/symbol/);
    expect(clampedStart('2026-01-01', '2026-01-05', '5m')).toBe('2026-01-01');
    expect(clampedStart('2025-01-01', '2026-01-31', '5m')).toBe('2026-01-01');
    expect(tickerLine('NSE:SBIN', 'W', CANDLE_0930)).toBe(
      'NSE:SBIN,2026-01-05,09:30:00,800.0,805.5,799.0,803.25,1200',
    );
  });

  test('OpenAPI documents the symbol as a path parameter', () => {
    const doc = buildOpenApiDocument() as unknown as {
      paths: Record<string, Record<string, { parameters: unknown[] }>>;
    };
    const get = doc.paths['/api/v1/ticker/{symbol}']?.get;
    expect(get?.parameters).toContainEqual(
      expect.objectContaining({ name: 'symbol', in: 'path', required: true }),
    );
    expect(get?.parameters).toContainEqual(
      expect.objectContaining({ name: 'from', in: 'query', required: true }),
    );
  });
});
