import { isOpenAlgoError } from '@openalgo/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  angelError,
  drive,
  failure,
  jsonBody,
  makeAdapter,
  ok,
  ROWS,
  row,
  SDK_MOCKS,
  SECURE,
  type SeenRequest,
  type TestAdapter,
} from './helpers.js';

const opened: TestAdapter[] = [];
function open(...args: Parameters<typeof makeAdapter>): TestAdapter {
  const t = makeAdapter(...args);
  opened.push(t);
  return t;
}
afterEach(async () => {
  for (const t of opened.splice(0)) await t.agent.close();
});

const QUOTE = `POST ${SECURE}/market/v1/quote`;
const CANDLES = `POST ${SECURE}/historical/v1/getCandleData`;

const fullQuote = (
  SDK_MOCKS.response.marketData as unknown as Record<string, { data: { fetched: object[] } }>
).full?.data.fetched[0] as Record<string, unknown>;

/** Answers a quote request with a FULL quote for every token asked (ltp = the token, to tell them apart). */
function quoteEcho(req: SeenRequest) {
  const asked = (jsonBody(req) as { exchangeTokens: Record<string, string[]> }).exchangeTokens;
  const fetched = Object.entries(asked).flatMap(([exchange, tokens]) =>
    tokens.map((token) => ({ ...fullQuote, exchange, symbolToken: token, ltp: Number(token) })),
  );
  return ok({ fetched, unfetched: [] });
}

describe('quotes', () => {
  it('one FULL request for several exchanges; indices under their cash exchange; answers in the order asked', async () => {
    const t = open({ [QUOTE]: quoteEcho });
    const quotes = await t.adapter.getQuotes([
      { symbol: 'NIFTY26DEC2424000CE', exchange: 'NFO' },
      { symbol: 'SBIN', exchange: 'NSE' },
      { symbol: 'NIFTY', exchange: 'NSE_INDEX' },
      { symbol: 'SBIN', exchange: 'NSE' },
    ]);
    expect(quotes.map((q) => [q.exchange, q.symbol, q.ltp])).toEqual([
      ['NFO', 'NIFTY26DEC2424000CE', 58662],
      ['NSE', 'SBIN', 3045],
      ['NSE_INDEX', 'NIFTY', 99926000],
      ['NSE', 'SBIN', 3045],
    ]);
    expect(t.seen).toHaveLength(1);
    expect(t.seen[0]?.path).toBe(`${SECURE}/market/v1/quote`);
    expect(t.seen[0]?.body).toBe(
      JSON.stringify({ mode: 'FULL', exchangeTokens: { NFO: ['58662'], NSE: ['3045', '99926000'] } }),
    );
  });

  it('batches at 50 tokens per request (§2.4)', async () => {
    const many = Array.from({ length: 120 }, (_, i) =>
      row({ symbol: `S${i}`, exchange: 'NSE', brsymbol: `S${i}-EQ`, token: String(10_000 + i) }),
    );
    const t = open({ [QUOTE]: quoteEcho }, { rows: [...ROWS, ...many] });
    const quotes = await drive(
      t.adapter.getQuotes(many.map((r) => ({ symbol: r.symbol, exchange: r.exchange }))),
      t.clock,
    );
    expect(quotes).toHaveLength(120);
    const sizes = t.seen.map(
      (r) => (jsonBody(r) as { exchangeTokens: { NSE: string[] } }).exchangeTokens.NSE.length,
    );
    expect(sizes).toEqual([50, 50, 20]);
  });

  it('what Angel lists as unfetched is SYMBOL_NOT_FOUND naming it, not a hole in the list', async () => {
    const t = open({
      [QUOTE]: ok({
        fetched: [{ ...fullQuote, exchange: 'NSE', symbolToken: '3045' }],
        unfetched: [
          {
            exchange: 'NSE',
            symbolToken: '2885',
            message: 'Symbol token cannot be empty',
            errorCode: 'AB4018',
          },
        ],
      }),
    });
    const err = await failure(
      t.adapter.getQuotes([
        { symbol: 'SBIN', exchange: 'NSE' },
        { symbol: 'RELIANCE', exchange: 'NSE' },
      ]),
    );
    expect(isOpenAlgoError(err, 'SYMBOL_NOT_FOUND')).toBe(true);
    expect(String((err as Error).message)).toMatch(/NSE:RELIANCE/);
  });

  it('depth is the FULL quote of one instrument', async () => {
    const t = open({ [QUOTE]: quoteEcho });
    const depth = await t.adapter.getDepth({ symbol: 'SBIN', exchange: 'NSE' });
    expect(depth.bids).toHaveLength(5);
    expect(depth.asks).toHaveLength(5);
    expect(jsonBody(t.seen[0])).toEqual({ mode: 'FULL', exchangeTokens: { NSE: ['3045'] } });
  });
});

describe('history', () => {
  const candle = (day: string) => [`${day}T09:15:00+05:30`, 1, 2, 0.5, 1.5, 100];

  it('splits a range at 30 days for minutes, 00:00 to 23:59 IST, and joins in order', async () => {
    const bodies: unknown[] = [];
    const t = open({
      [CANDLES]: (req) => {
        const body = jsonBody(req) as { fromdate: string };
        bodies.push(body);
        return ok([candle(body.fromdate.slice(0, 10))]);
      },
    });
    const candles = await drive(
      t.adapter.getHistory({
        symbol: 'SBIN',
        exchange: 'NSE',
        interval: '1m',
        start: '2025-10-01',
        end: '2025-12-02',
      }),
      t.clock,
    );
    expect(bodies).toEqual([
      {
        exchange: 'NSE',
        symboltoken: '3045',
        interval: 'ONE_MINUTE',
        fromdate: '2025-10-01 00:00',
        todate: '2025-10-30 23:59',
      },
      {
        exchange: 'NSE',
        symboltoken: '3045',
        interval: 'ONE_MINUTE',
        fromdate: '2025-10-31 00:00',
        todate: '2025-11-29 23:59',
      },
      {
        exchange: 'NSE',
        symboltoken: '3045',
        interval: 'ONE_MINUTE',
        fromdate: '2025-11-30 00:00',
        todate: '2025-12-02 23:59',
      },
    ]);
    expect(candles.map((c) => c.timestamp)).toEqual([
      Date.UTC(2025, 9, 1, 3, 45) / 1000,
      Date.UTC(2025, 9, 31, 3, 45) / 1000,
      Date.UTC(2025, 10, 30, 3, 45) / 1000,
    ]);
  });

  it('an index by its token under its cash exchange; a day range is one request; `null` data is no candles', async () => {
    const t = open({ [CANDLES]: ok(null) });
    const candles = await t.adapter.getHistory({
      symbol: 'NIFTY',
      exchange: 'NSE_INDEX',
      interval: 'D',
      start: '2020-01-01',
      end: '2025-06-20',
    });
    expect(candles).toEqual([]);
    expect(t.seen).toHaveLength(1);
    expect(jsonBody(t.seen[0])).toMatchObject({
      exchange: 'NSE',
      symboltoken: '99926000',
      interval: 'ONE_DAY',
    });
  });

  it('a chunk that fails transiently is retried as a read; the series has no gap', async () => {
    const t = open({
      [CANDLES]: [
        ok([candle('2025-10-01')]),
        { status: 503, body: 'Service Unavailable' },
        ok([candle('2025-10-31')]),
      ],
    });
    const candles = await drive(
      t.adapter.getHistory({
        symbol: 'SBIN',
        exchange: 'NSE',
        interval: '1m',
        start: '2025-10-01',
        end: '2025-11-29',
      }),
      t.clock,
      1_000,
    );
    expect(candles).toHaveLength(2);
    expect(t.seen).toHaveLength(3);
    expect(jsonBody(t.seen[1])).toEqual(jsonBody(t.seen[2]));
  });

  it('a chunk that keeps failing fails the whole call — never a silent gap', async () => {
    const t = open({
      [CANDLES]: [
        ok([candle('2025-10-01')]),
        angelError('AB1004', 'Something Went Wrong, Please Try After Sometime'),
      ],
    });
    const err = await drive(
      failure(
        t.adapter.getHistory({
          symbol: 'SBIN',
          exchange: 'NSE',
          interval: '1m',
          start: '2025-10-01',
          end: '2025-12-02',
        }),
      ),
      t.clock,
      1_000,
    );
    expect(isOpenAlgoError(err, 'BROKER_UNAVAILABLE')).toBe(true);
    // The second chunk was tried more than once and the third never asked for.
    const froms = t.seen.map((r) => (jsonBody(r) as { fromdate: string }).fromdate);
    expect(froms[0]).toBe('2025-10-01 00:00');
    expect(froms.slice(1).every((f) => f === '2025-10-31 00:00')).toBe(true);
    expect(froms.length).toBeGreaterThan(2);
  });

  it('an interval Angel does not serve is refused before any request', async () => {
    const t = open({});
    const err = await failure(
      t.adapter.getHistory({
        symbol: 'SBIN',
        exchange: 'NSE',
        interval: '2h',
        start: '2025-10-01',
        end: '2025-10-02',
      }),
    );
    expect(isOpenAlgoError(err, 'NOT_SUPPORTED') || isOpenAlgoError(err, 'INVALID_REQUEST')).toBe(true);
    expect(t.seen).toHaveLength(0);
  });
});
