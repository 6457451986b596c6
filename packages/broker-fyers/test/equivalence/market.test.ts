import type { InstrumentRef } from '@openalgo/core';
import { instrumentRow } from '@openalgo/core/testing';
import { useNock } from '@openalgo/testkit/oracle';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ALWAYS, expectAllEquivalent, expectEquivalent } from './intended-differences.js';
import { depthReply, NO_CANDLES, quotesReply, ROWS } from './replies.js';
import { adapterRequests, sdkRequests } from './sides.js';

useNock({ beforeAll, afterEach, afterAll });

/** Each master row as OpenAlgo names it and as Fyers does. */
const REFS: Array<{ ours: InstrumentRef; ticker: string }> = ROWS.map((row) => ({
  ours: { symbol: row.symbol, exchange: row.exchange },
  ticker: row.brsymbol,
}));

describe('quotes: GET /data/quotes?symbols=<comma-joined tickers>', () => {
  it('several instruments, an index and M&M among them, in one call', async () => {
    const tickers = REFS.map((r) => r.ticker);
    const reply = quotesReply(tickers);
    const sdk = await sdkRequests(reply, (client) => client.getQuotes(tickers));
    const ours = await adapterRequests(reply, (adapter) => adapter.getQuotes(REFS.map((r) => r.ours)), ROWS);
    expect(ours).toHaveLength(1);
    expectEquivalent(sdk[0], ours[0], ALWAYS);
  });

  it('more than 50 instruments: calls of at most 50 symbols, as a user of the SDK splits them', async () => {
    // 60 distinct equities: the adapter batches by Fyers' cap of 50 (§3.7).
    const rows = Array.from({ length: 60 }, (_, i) =>
      instrumentRow({
        symbol: `EQ${i}`,
        exchange: 'NSE',
        brsymbol: `NSE:EQ${i}-EQ`,
        token: String(10100000010000 + i),
      }),
    );
    const tickers = rows.map((r) => r.brsymbol);
    const reply = quotesReply(tickers);
    const sdk = await sdkRequests(reply, async (client) => {
      await client.getQuotes(tickers.slice(0, 50));
      await client.getQuotes(tickers.slice(50));
    });
    const ours = await adapterRequests(
      reply,
      (adapter) => adapter.getQuotes(rows.map((r) => ({ symbol: r.symbol, exchange: r.exchange }))),
      rows,
    );
    expectAllEquivalent(sdk, ours, ALWAYS);
  });

  it('the same instrument asked twice is asked of Fyers once', async () => {
    const reply = quotesReply(['NSE:SBIN-EQ']);
    const sdk = await sdkRequests(reply, (client) => client.getQuotes(['NSE:SBIN-EQ']));
    const sbin = { symbol: 'SBIN', exchange: 'NSE' } as const;
    const ours = await adapterRequests(reply, (adapter) => adapter.getQuotes([sbin, sbin]), ROWS);
    expectAllEquivalent(sdk, ours, ALWAYS);
  });
});

describe('depth: GET /data/depth?symbol=<ticker>&ohlcv_flag=1', () => {
  it('one instrument', async () => {
    const reply = depthReply('NSE:SBIN-EQ');
    const sdk = await sdkRequests(reply, (client) =>
      client.getMarketDepth({ symbol: ['NSE:SBIN-EQ'], ohlcv_flag: 1 }),
    );
    const ours = await adapterRequests(
      reply,
      (adapter) => adapter.getDepth({ symbol: 'SBIN', exchange: 'NSE' }),
      ROWS,
    );
    expectEquivalent(sdk[0], ours[0], ALWAYS);
  });
});

/** The request of one history call as a Fyers user writes it (brokers.md §3.4): dates, continuous data and OI. */
function historyParams(symbol: string, resolution: string, from: string, to: string) {
  return { symbol, resolution, date_format: 1, range_from: from, range_to: to, cont_flag: 1, oi_flag: 1 };
}

describe('history: GET /data/history, one call per span Fyers serves', () => {
  it('daily candles of a year fit one call (resolution 1D)', async () => {
    const sdk = await sdkRequests(NO_CANDLES, (client) =>
      client.getHistory(historyParams('NSE:SBIN-EQ', '1D', '2025-01-01', '2025-06-30')),
    );
    const ours = await adapterRequests(
      NO_CANDLES,
      (adapter) =>
        adapter.getHistory({
          symbol: 'SBIN',
          exchange: 'NSE',
          interval: 'D',
          start: '2025-01-01',
          end: '2025-06-30',
        }),
      ROWS,
    );
    expectAllEquivalent(sdk, ours, ALWAYS);
  });

  it('5-minute candles over 105 days: 60-day chunks back to back, no gap and no overlap', async () => {
    // OpenAlgo's intraday chunk (60 days) stays inside Fyers' 100-day cap [unverified] (§3.7 table note).
    const chunks: Array<[string, string]> = [
      ['2025-01-01', '2025-03-01'],
      ['2025-03-02', '2025-04-15'],
    ];
    const sdk = await sdkRequests(NO_CANDLES, async (client) => {
      for (const [from, to] of chunks)
        await client.getHistory(historyParams('NSE:NIFTY50-INDEX', '5', from, to));
    });
    const ours = await adapterRequests(
      NO_CANDLES,
      (adapter) =>
        adapter.getHistory({
          symbol: 'NIFTY',
          exchange: 'NSE_INDEX',
          interval: '5m',
          start: '2025-01-01',
          end: '2025-04-15',
        }),
      ROWS,
    );
    expectAllEquivalent(sdk, ours, ALWAYS);
  });

  it('an option’s 1-minute candles of one day', async () => {
    const sdk = await sdkRequests(NO_CANDLES, (client) =>
      client.getHistory(historyParams('NSE:NIFTY24D1924000CE', '1', '2024-12-18', '2024-12-18')),
    );
    const ours = await adapterRequests(
      NO_CANDLES,
      (adapter) =>
        adapter.getHistory({
          symbol: 'NIFTY19DEC2424000CE',
          exchange: 'NFO',
          interval: '1m',
          start: '2024-12-18',
          end: '2024-12-18',
        }),
      ROWS,
    );
    expectAllEquivalent(sdk, ours, ALWAYS);
  });
});
