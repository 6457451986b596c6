import {
  type Instrument,
  InstrumentIndex,
  isOpenAlgoError,
  ManualClock,
  splitDateRange,
} from '@openalgo/core';
import { RecordingLogger } from '@openalgo/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { kiteRange, MAX_SPAN_DAYS } from '../src/operations/history.js';
import {
  ACCESS_TOKEN,
  API_KEY,
  drive,
  fixture,
  fixtureData,
  makeAdapter,
  mockKite,
  ok,
  type SeenRequest,
  type TestAdapter,
  testConfig,
  testSession,
  zerodhaAdapter,
} from './helpers.js';

const opened: Array<{ agent: { close(): Promise<void> } }> = [];
function open(...args: Parameters<typeof makeAdapter>): TestAdapter {
  const t = makeAdapter(...args);
  opened.push(t);
  return t;
}
afterEach(async () => {
  for (const t of opened.splice(0)) await t.agent.close();
});

const AUTH_HEADERS = { 'x-kite-version': '3', authorization: `token ${API_KEY}:${ACCESS_TOKEN}` };
const INFY_QUOTE = fixtureData<Record<string, Record<string, unknown>>>('quote.json')['NSE:INFY'] as Record<
  string,
  unknown
>;

function quoteFor(token: number, lastPrice: number): Record<string, unknown> {
  return { ...INFY_QUOTE, instrument_token: token, last_price: lastPrice };
}

/** Answers GET /quote with a quote for every `i` asked, except those in `absent`. */
function quoteRoute(absent: readonly string[] = []) {
  return (req: SeenRequest) => {
    const keys = new URL(req.path, 'http://x').searchParams.getAll('i');
    const data: Record<string, unknown> = {};
    keys.forEach((key, n) => {
      if (!absent.includes(key)) data[key] = quoteFor(1000 + n, 100 + n);
    });
    return ok(data);
  };
}

function queryOf(req: SeenRequest | undefined): URLSearchParams {
  return new URL(req?.path ?? '/', 'http://x').searchParams;
}

describe('getQuotes', () => {
  it('GET /quote with one i per instrument; index feeds are asked on their cash exchange by Kite name', async () => {
    const t = open({ 'GET /quote': quoteRoute() });
    const quotes = await t.adapter.getQuotes([
      { symbol: 'INFY', exchange: 'NSE' },
      { symbol: 'NIFTY', exchange: 'NSE_INDEX' },
      { symbol: 'SENSEX', exchange: 'BSE_INDEX' },
      { symbol: 'GIFTNIFTY', exchange: 'GLOBAL_INDEX' },
      { symbol: 'M&M', exchange: 'NSE' },
      { symbol: 'NIFTY07AUG2524400CE', exchange: 'NFO' },
    ]);
    expect(t.seen).toHaveLength(1);
    expect(t.seen[0]?.path).toBe(
      '/quote?i=NSE%3AINFY&i=NSE%3ANIFTY%2050&i=BSE%3ASENSEX&i=NSEIX%3AGIFT%20NIFTY&i=NSE%3AM%26M&i=NFO%3ANIFTY2580724400CE',
    );
    expect(t.seen[0]?.headers).toEqual(AUTH_HEADERS);
    expect(quotes.map((q) => [q.symbol, q.exchange, q.ltp])).toEqual([
      ['INFY', 'NSE', 100],
      ['NIFTY', 'NSE_INDEX', 101],
      ['SENSEX', 'BSE_INDEX', 102],
      ['GIFTNIFTY', 'GLOBAL_INDEX', 103],
      ['M&M', 'NSE', 104],
      ['NIFTY07AUG2524400CE', 'NFO', 105],
    ]);
  });

  it('answers in the order asked, duplicates included, asking Kite once per instrument', async () => {
    const t = open({ 'GET /quote': quoteRoute() });
    const quotes = await t.adapter.getQuotes([
      { symbol: 'SBIN', exchange: 'NSE' },
      { symbol: 'INFY', exchange: 'NSE' },
      { symbol: 'SBIN', exchange: 'NSE' },
    ]);
    expect(queryOf(t.seen[0]).getAll('i')).toEqual(['NSE:SBIN', 'NSE:INFY']);
    expect(quotes.map((q) => [q.symbol, q.ltp])).toEqual([
      ['SBIN', 100],
      ['INFY', 101],
      ['SBIN', 100],
    ]);
  });

  it('an unknown symbol fails before any request; an instrument Kite leaves out is named in SYMBOL_NOT_FOUND', async () => {
    const t = open({ 'GET /quote': quoteRoute(['NSE:IOC']) });
    await expect(t.adapter.getQuotes([{ symbol: 'NOPE', exchange: 'NSE' }])).rejects.toMatchObject({
      code: 'SYMBOL_NOT_FOUND',
    });
    expect(t.seen).toEqual([]);
    const err = await t.adapter
      .getQuotes([
        { symbol: 'SBIN', exchange: 'NSE' },
        { symbol: 'IOC', exchange: 'NSE' },
      ])
      .catch((e: unknown) => e);
    expect(isOpenAlgoError(err, 'SYMBOL_NOT_FOUND')).toBe(true);
    expect((err as Error).message).toContain('NSE:IOC (NSE:IOC)');
    expect((err as Error).message).not.toContain('SBIN');
  });

  it('asking for nothing sends nothing', async () => {
    const t = open({});
    expect(await t.adapter.getQuotes([])).toEqual([]);
    expect(t.seen).toEqual([]);
  });

  it('batches at 500 instruments per request, one request per second (the quote bucket)', async () => {
    const rows: Instrument[] = Array.from({ length: 1001 }, (_, n) => ({
      symbol: `STOCK${n}`,
      exchange: 'NSE',
      brsymbol: `STOCK${n}`,
      brexchange: 'NSE',
      token: `${(n + 10) * 256 + 1}::::${n + 10}`,
      name: '',
      expiry: '',
      strike: 0,
      lotSize: 1,
      tickSize: 0.05,
      instrumentType: 'EQ',
    }));
    const { agent, seen } = mockKite({ 'GET /quote': quoteRoute() });
    opened.push({ agent });
    const clock = new ManualClock();
    const adapter = zerodhaAdapter({
      config: testConfig(),
      session: testSession(),
      instruments: InstrumentIndex.fromRows(rows),
      http: { dispatcher: agent },
      clock,
      logger: new RecordingLogger(),
    });
    const started = clock.now();
    const quotes = await drive(
      adapter.getQuotes(rows.map((r) => ({ symbol: r.symbol, exchange: r.exchange }))),
      clock,
      50,
    );
    expect(seen.map((req) => queryOf(req).getAll('i').length)).toEqual([500, 500, 1]);
    expect(quotes).toHaveLength(1001);
    expect(quotes[1000]?.symbol).toBe('STOCK1000');
    expect(queryOf(seen[1]).getAll('i')[0]).toBe('NSE:STOCK500');
    // Three quote calls at 1/s take at least two seconds of (manual) clock time.
    expect(clock.now() - started).toBeGreaterThanOrEqual(2000);
  });
});

describe('getDepth', () => {
  it('GET /quote for one instrument → five levels a side', async () => {
    const t = open({ 'GET /quote': { status: 200, body: fixture('quote.json') } });
    const depth = await t.adapter.getDepth({ symbol: 'INFY', exchange: 'NSE' });
    expect(t.seen[0]?.path).toBe('/quote?i=NSE%3AINFY');
    expect(depth.asks[0]).toEqual({ price: 1412.95, quantity: 5191, orders: 13 });
    expect(depth.bids).toHaveLength(5);
  });
});

describe('history chunking', () => {
  it('splits inclusive dates into non-overlapping chunks of the interval’s maximum span', () => {
    // core splits the dates; Kite wants each span as IST date-times from 00:00:00 to 23:59:59.
    const historyChunks = (start: string, end: string, spanDays: number) =>
      splitDateRange(start, end, spanDays).map(kiteRange);
    expect(historyChunks('2024-01-01', '2024-01-01', 60)).toEqual([
      { from: '2024-01-01 00:00:00', to: '2024-01-01 23:59:59' },
    ]);
    expect(historyChunks('2024-01-01', '2024-05-29', 60)).toEqual([
      { from: '2024-01-01 00:00:00', to: '2024-02-29 23:59:59' },
      { from: '2024-03-01 00:00:00', to: '2024-04-29 23:59:59' },
      { from: '2024-04-30 00:00:00', to: '2024-05-29 23:59:59' },
    ]);
    expect(historyChunks('2024-01-01', '2024-04-09', 100)).toHaveLength(1);
    expect(historyChunks('2024-01-01', '2024-04-10', 100)).toHaveLength(2);
  });

  it('uses Kite’s maximum span per interval', () => {
    expect(MAX_SPAN_DAYS).toEqual({
      minute: 60,
      '3minute': 100,
      '5minute': 100,
      '10minute': 100,
      '15minute': 200,
      '30minute': 200,
      '60minute': 400,
      day: 2000,
    });
  });
});

describe('getHistory', () => {
  it('GET /instruments/historical/{token}/{interval} with from/to as IST date-times and oi=1', async () => {
    const t = open({
      'GET /instruments/historical/408065/minute': { status: 200, body: fixture('historical_oi.json') },
    });
    const candles = await t.adapter.getHistory({
      symbol: 'INFY',
      exchange: 'NSE',
      interval: '1m',
      start: '2019-12-04',
      end: '2019-12-04',
    });
    expect(t.seen).toHaveLength(1);
    expect(t.seen[0]?.path).toBe(
      '/instruments/historical/408065/minute?from=2019-12-04%2000%3A00%3A00&to=2019-12-04%2023%3A59%3A59&oi=1',
    );
    expect(t.seen[0]?.headers).toEqual(AUTH_HEADERS);
    expect(candles).toHaveLength(6);
    expect(candles[0]).toMatchObject({ timestamp: Date.UTC(2019, 11, 4, 3, 45) / 1000, oi: 13667775 });
  });

  it('maps every interval to Kite’s name, index feeds by their token', async () => {
    const intervals = {
      '1m': 'minute',
      '3m': '3minute',
      '5m': '5minute',
      '10m': '10minute',
      '15m': '15minute',
      '30m': '30minute',
      '1h': '60minute',
      D: 'day',
    } as const;
    const routes = Object.fromEntries(
      Object.values(intervals).map((kite) => [
        `GET /instruments/historical/256265/${kite}`,
        ok({ candles: [] }),
      ]),
    );
    const t = open(routes);
    for (const interval of Object.keys(intervals) as Array<keyof typeof intervals>) {
      await drive(
        t.adapter.getHistory({
          symbol: 'NIFTY',
          exchange: 'NSE_INDEX',
          interval,
          start: '2024-01-01',
          end: '2024-01-02',
        }),
        t.clock,
      );
    }
    expect(t.seen.map((r) => r.path.split('?')[0])).toEqual(
      Object.values(intervals).map((kite) => `/instruments/historical/256265/${kite}`),
    );
  });

  it('an interval Kite does not serve is refused before any request', async () => {
    const t = open({});
    await expect(
      t.adapter.getHistory({
        symbol: 'INFY',
        exchange: 'NSE',
        interval: '2h',
        start: '2024-01-01',
        end: '2024-01-02',
      }),
    ).rejects.toMatchObject({ code: 'INVALID_REQUEST', field: 'interval' });
    expect(t.seen).toEqual([]);
  });

  it('chunks a long range, joins the chunks in order and drops a candle repeated at a boundary', async () => {
    const candle = (iso: string, close: number) => [iso, close, close, close, close, 10];
    const t = open({
      'GET /instruments/historical/408065/minute': [
        ok({ candles: [candle('2024-01-01T09:15:00+0530', 1), candle('2024-02-29T15:29:00+0530', 2)] }),
        ok({ candles: [candle('2024-02-29T15:29:00+0530', 2), candle('2024-03-01T09:15:00+0530', 3)] }),
        ok({ candles: [candle('2024-05-29T15:29:00+0530', 4)] }),
      ],
    });
    const candles = await drive(
      t.adapter.getHistory({
        symbol: 'INFY',
        exchange: 'NSE',
        interval: '1m',
        start: '2024-01-01',
        end: '2024-05-29',
      }),
      t.clock,
    );
    expect(t.seen.map((r) => [queryOf(r).get('from'), queryOf(r).get('to'), queryOf(r).get('oi')])).toEqual([
      ['2024-01-01 00:00:00', '2024-02-29 23:59:59', '1'],
      ['2024-03-01 00:00:00', '2024-04-29 23:59:59', '1'],
      ['2024-04-30 00:00:00', '2024-05-29 23:59:59', '1'],
    ]);
    expect(candles.map((c) => c.close)).toEqual([1, 2, 3, 4]);
  });

  it('daily candles over six years take two requests (2000-day span)', async () => {
    const t = open({ 'GET /instruments/historical/408065/day': ok({ candles: [] }) });
    await drive(
      t.adapter.getHistory({
        symbol: 'INFY',
        exchange: 'NSE',
        interval: 'D',
        start: '2019-01-01',
        end: '2024-12-31',
      }),
      t.clock,
    );
    expect(t.seen.map((r) => queryOf(r).get('from'))).toEqual(['2019-01-01 00:00:00', '2024-06-23 00:00:00']);
  });
});
