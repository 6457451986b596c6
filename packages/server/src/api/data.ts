import { BrokerError, INTERVALS, type InstrumentRef, type Interval } from '@openalgo/core';
import { data, type Endpoint, endpointGroup } from './endpoint.js';
import { ApiError } from './errors.js';
import { groupIntervals } from './intervals.js';
import { KeyOnlyRequest } from './schemas/accounts.js';
import {
  DepthResponse,
  HistoryRequest,
  HistoryResponse,
  IntervalsResponse,
  MultiQuotesRequest,
  MultiQuotesResponse,
  QuotesResponse,
  SymbolRequest,
} from './schemas/data.js';
import { candleRecord, depthRecord, quoteRecord } from './wire/rows.js';

/** OpenAlgo's market data, from the account's data adapter (the live broker, even in analyzer mode). */

const define = endpointGroup('Market data');

export const quotes = define({
  path: '/quotes',
  summary: 'Quote of one instrument',
  description: 'The symbol is checked against the instrument master first (404 SYMBOL_NOT_FOUND).',
  requires: [data('getQuotes')],
  request: SymbolRequest,
  response: QuotesResponse,
  example: { symbol: 'SBIN', exchange: 'NSE' },
  async handle({ input, account, reply }) {
    const ref = { symbol: input.symbol, exchange: input.exchange };
    account.instruments.resolve(ref.symbol, ref.exchange);
    const [quote] = await account.dataAdapter.getQuotes([ref]);
    if (!quote) throw new BrokerError(`The broker returned no quote for ${ref.exchange}:${ref.symbol}`);
    return reply({ status: 'success', data: quoteRecord.encode(quote) });
  },
});

export const multiQuotes = define({
  path: '/multiquotes',
  summary: 'Quotes of several instruments',
  description:
    'Unknown symbols are reported per item with `error`; when none is known the answer is 404 SYMBOL_NOT_FOUND with `invalid_symbols`. Results are in request order.',
  requires: [data('getQuotes')],
  request: MultiQuotesRequest,
  response: MultiQuotesResponse,
  example: {
    symbols: [
      { symbol: 'SBIN', exchange: 'NSE' },
      { symbol: 'INFY', exchange: 'NSE' },
    ],
  },
  async handle({ input, account, reply }) {
    const known: InstrumentRef[] = [];
    const isKnown = input.symbols.map((s) => {
      const found = account.instruments.get(s.symbol, s.exchange) !== undefined;
      if (found) known.push({ symbol: s.symbol, exchange: s.exchange });
      return found;
    });
    if (known.length === 0) {
      const invalid = input.symbols.map((s) => `${s.exchange}:${s.symbol}`);
      throw new ApiError(
        404,
        'SYMBOL_NOT_FOUND',
        `symbols: none of the symbols is in the instrument master (${invalid.slice(0, 10).join(', ')}${invalid.length > 10 ? ', …' : ''})`,
        { field: 'symbols', invalid_symbols: invalid },
      );
    }
    const fetched = await account.dataAdapter.getQuotes(known);
    let next = 0;
    return reply({
      status: 'success',
      results: input.symbols.map((s, i) => {
        const base = { symbol: s.symbol, exchange: s.exchange };
        if (!isKnown[i]) return { ...base, error: `Symbol ${s.symbol} not found on ${s.exchange}` };
        const quote = fetched[next++];
        return quote
          ? { ...base, data: quoteRecord.encode(quote) }
          : { ...base, error: 'The broker returned no quote' };
      }),
    });
  },
});

export const depth = define({
  path: '/depth',
  summary: 'Five-level market depth',
  requires: [data('getDepth')],
  request: SymbolRequest,
  response: DepthResponse,
  example: { symbol: 'SBIN', exchange: 'NSE' },
  async handle({ input, account, reply }) {
    account.instruments.resolve(input.symbol, input.exchange);
    const d = await account.dataAdapter.getDepth({ symbol: input.symbol, exchange: input.exchange });
    return reply({ status: 'success', data: depthRecord.encode(d) });
  },
});

/** The requested interval if the broker serves it; otherwise 400 naming `interval` and listing the served ones. */
export function servedInterval(
  requested: string,
  served: Readonly<Partial<Record<Interval, string>>>,
  broker: string,
): Interval {
  const known = (INTERVALS as readonly string[]).includes(requested);
  if (known && served[requested as Interval] !== undefined) return requested as Interval;
  const list = INTERVALS.filter((i) => served[i] !== undefined);
  throw new ApiError(
    400,
    'INVALID_REQUEST',
    `interval: ${known ? `${requested} is not served by ${broker}` : `${requested} is not an interval`}; use one of ${list.join(', ') || '(none: this broker serves no history)'}`,
    { field: 'interval', supported: list },
  );
}

export const history = define({
  path: '/history',
  summary: 'Historical candles',
  description:
    'The interval must be one the broker serves (see /intervals); otherwise 400 naming `interval` and listing them.',
  requires: [data('getHistory')],
  request: HistoryRequest,
  response: HistoryResponse,
  example: {
    symbol: 'SBIN',
    exchange: 'NSE',
    interval: '5m',
    start_date: '2026-01-01',
    end_date: '2026-01-05',
  },
  async handle({ input, account, reply }) {
    const adapter = account.dataAdapter;
    const interval = servedInterval(input.interval, adapter.manifest.intervals, adapter.manifest.id);
    account.instruments.resolve(input.symbol, input.exchange);
    const candles = await adapter.getHistory({
      symbol: input.symbol,
      exchange: input.exchange,
      interval,
      start: input.start,
      end: input.end,
    });
    return reply({
      status: 'success',
      data: candles.map(candleRecord.encode),
    });
  },
});

export const intervals = define({
  path: '/intervals',
  summary: 'History intervals the broker serves',
  request: KeyOnlyRequest,
  response: IntervalsResponse,
  async handle({ account, reply }) {
    return reply({ status: 'success', data: groupIntervals(account.dataAdapter.manifest.intervals) });
  },
});

export const DATA_ENDPOINTS: readonly Endpoint[] = [quotes, multiQuotes, depth, history, intervals];
