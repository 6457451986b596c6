import type { HistoryRequest } from '@openalgo/core';
import { useNock } from '@openalgo/testkit/oracle';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixture, fixtureData, fixtureText, ok } from '../helpers.js';
import {
  BODYLESS,
  expectAllEquivalent,
  expectEquivalent,
  type IntendedDifference,
} from './intended-differences.js';
import { adapterRequests, sdkRequests } from './sides.js';

useNock({ beforeAll, afterEach, afterAll });

const INFY_QUOTE = fixtureData<Record<string, Record<string, unknown>>>('quote.json')['NSE:INFY'];

/** A full quote for every key asked, so both sides resolve whatever they asked for. */
function quoteReply(keys: readonly string[]) {
  return ok(Object.fromEntries(keys.map((key, n) => [key, { ...INFY_QUOTE, instrument_token: 1000 + n }])));
}

describe('quotes', () => {
  // Index names carry a space and M&M an ampersand: both must survive the query encoding.
  const KEYS = [
    'NSE:INFY',
    'NSE:NIFTY 50',
    'BSE:SENSEX',
    'NSEIX:GIFT NIFTY',
    'NSE:M&M',
    'NFO:NIFTY2580724400CE',
  ];

  it('getQuote for several instruments: one GET /quote with an i per instrument', async () => {
    const reply = quoteReply(KEYS);
    const sdk = await sdkRequests(reply, (kite) => kite.getQuote(KEYS));
    const ours = await adapterRequests({ 'GET /quote': reply }, (a) =>
      a.getQuotes([
        { symbol: 'INFY', exchange: 'NSE' },
        { symbol: 'NIFTY', exchange: 'NSE_INDEX' },
        { symbol: 'SENSEX', exchange: 'BSE_INDEX' },
        { symbol: 'GIFTNIFTY', exchange: 'GLOBAL_INDEX' },
        { symbol: 'M&M', exchange: 'NSE' },
        { symbol: 'NIFTY07AUG2524400CE', exchange: 'NFO' },
      ]),
    );
    expectEquivalent(sdk[0], ours[0], BODYLESS);
  });

  it('market depth is the full quote of one instrument', async () => {
    const reply = quoteReply(['NSE:SBIN']);
    const sdk = await sdkRequests(reply, (kite) => kite.getQuote('NSE:SBIN'));
    const ours = await adapterRequests({ 'GET /quote': reply }, (a) =>
      a.getDepth({ symbol: 'SBIN', exchange: 'NSE' }),
    );
    expectEquivalent(sdk[0], ours[0], BODYLESS);
  });
});

const HISTORY_ECHOES: readonly IntendedDifference[] = [
  ...BODYLESS,
  'historyToken',
  'historyInterval',
  'historyContinuous',
];

/** Our historical requests, the candles answered from the fixture. */
function ourHistory(request: HistoryRequest, token: number, interval: string) {
  const reply = { status: 200, body: fixture('historical_oi.json') };
  return adapterRequests({ [`GET /instruments/historical/${token}/${interval}`]: reply }, (a) =>
    a.getHistory(request),
  );
}

describe('historical candles', () => {
  const reply = { status: 200, body: fixture('historical_oi.json') };

  it('one day of minute candles with OI (an index, by its token)', async () => {
    const sdk = await sdkRequests(reply, (kite) =>
      kite.getHistoricalData(256265, 'minute', '2025-01-06 00:00:00', '2025-01-06 23:59:59', false, true),
    );
    const ours = await ourHistory(
      { symbol: 'NIFTY', exchange: 'NSE_INDEX', interval: '1m', start: '2025-01-06', end: '2025-01-06' },
      256265,
      'minute',
    );
    expectAllEquivalent(sdk, ours, HISTORY_ECHOES);
  });

  it('without OI the SDK sends oi=0; we always ask for it', async () => {
    const sdk = await sdkRequests(reply, (kite) =>
      kite.getHistoricalData(779521, 'day', '2024-01-01 00:00:00', '2024-12-31 23:59:59'),
    );
    const ours = await ourHistory(
      { symbol: 'SBIN', exchange: 'NSE', interval: 'D', start: '2024-01-01', end: '2024-12-31' },
      779521,
      'day',
    );
    expectAllEquivalent(sdk, ours, [...HISTORY_ECHOES, 'historyAlwaysOi']);
  });

  it('a range longer than Kite serves is split where the adapter splits it: 60 days of minutes', async () => {
    // Kite's 60-day limit for minute candles; each chunk runs 00:00:00 to 23:59:59 IST.
    const chunks = [
      ['2025-01-01 00:00:00', '2025-03-01 23:59:59'],
      ['2025-03-02 00:00:00', '2025-04-30 23:59:59'],
      ['2025-05-01 00:00:00', '2025-05-02 23:59:59'],
    ] as const;
    const sdk = await sdkRequests(reply, async (kite) => {
      for (const [from, to] of chunks) {
        await kite.getHistoricalData(10189826, 'minute', from, to, false, true);
      }
    });
    const ours = await ourHistory(
      {
        symbol: 'NIFTY07AUG2524400CE',
        exchange: 'NFO',
        interval: '1m',
        start: '2025-01-01',
        end: '2025-05-02',
      },
      10189826,
      'minute',
    );
    expect(sdk).toHaveLength(chunks.length);
    expectAllEquivalent(sdk, ours, HISTORY_ECHOES);
  });

  it('100-day chunks for 5-minute candles', async () => {
    const chunks = [
      ['2025-01-01 00:00:00', '2025-04-10 23:59:59'],
      ['2025-04-11 00:00:00', '2025-04-11 23:59:59'],
    ] as const;
    const sdk = await sdkRequests(reply, async (kite) => {
      for (const [from, to] of chunks) await kite.getHistoricalData(408065, '5minute', from, to, false, true);
    });
    const ours = await ourHistory(
      { symbol: 'INFY', exchange: 'NSE', interval: '5m', start: '2025-01-01', end: '2025-04-11' },
      408065,
      '5minute',
    );
    expect(sdk).toHaveLength(chunks.length);
    expectAllEquivalent(sdk, ours, HISTORY_ECHOES);
  });
});

describe('instrument master', () => {
  it('GET /instruments (the whole master, as CSV)', async () => {
    const reply = {
      status: 200,
      body: fixtureText('instruments_all.csv'),
      headers: { 'content-type': 'text/csv' },
    };
    const sdk = await sdkRequests(reply, (kite) => kite.getInstruments());
    const ours = await adapterRequests({ 'GET /instruments': reply }, async (a) => {
      for await (const _row of a.downloadInstruments()) {
        // Read to the end: the download starts on the first read.
      }
    });
    expectEquivalent(sdk[0], ours[0], BODYLESS);
  });
});
