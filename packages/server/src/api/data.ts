import {
  BrokerError,
  type Depth,
  type DepthLevel,
  INTERVALS,
  type InstrumentRef,
  type Interval,
  type Quote,
} from '@openalgo/core';
import { data, defineEndpoint, type Endpoint } from './endpoint.js';
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

/** OpenAlgo §1.4 market data, from the account's data adapter (the live broker, even in analyzer mode). */

const KEY = '<your-64-hex-api-key>';

function quoteData(q: Quote) {
  return {
    ask: q.ask,
    bid: q.bid,
    high: q.high,
    low: q.low,
    ltp: q.ltp,
    open: q.open,
    prev_close: q.prevClose,
    volume: q.volume,
    oi: q.oi,
  };
}

export const quotes = defineEndpoint({
  method: 'POST',
  path: '/quotes',
  group: 'Market data',
  summary: 'Quote of one instrument',
  description: 'The symbol is checked against the instrument master first (404 SYMBOL_NOT_FOUND).',
  rateClass: 'other',
  reportsMode: false,
  requires: [data('getQuotes')],
  request: SymbolRequest,
  response: QuotesResponse,
  example: { apikey: KEY, symbol: 'SBIN', exchange: 'NSE' },
  async handle({ input, account }) {
    const ref = { symbol: input.symbol, exchange: input.exchange };
    account.instruments.resolve(ref.symbol, ref.exchange);
    const [quote] = await account.dataAdapter.getQuotes([ref]);
    if (!quote) throw new BrokerError(`The broker returned no quote for ${ref.exchange}:${ref.symbol}`);
    return { status: 'success', data: quoteData(quote) };
  },
});

export const multiQuotes = defineEndpoint({
  method: 'POST',
  path: '/multiquotes',
  group: 'Market data',
  summary: 'Quotes of several instruments',
  description:
    'Unknown symbols are reported per item with `error`; when none is known the answer is 404 SYMBOL_NOT_FOUND with `invalid_symbols`. Results are in request order.',
  rateClass: 'other',
  reportsMode: false,
  requires: [data('getQuotes')],
  request: MultiQuotesRequest,
  response: MultiQuotesResponse,
  example: {
    apikey: KEY,
    symbols: [
      { symbol: 'SBIN', exchange: 'NSE' },
      { symbol: 'INFY', exchange: 'NSE' },
    ],
  },
  async handle({ input, account }) {
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
    return {
      status: 'success',
      results: input.symbols.map((s, i) => {
        const base = { symbol: s.symbol, exchange: s.exchange };
        if (!isKnown[i]) return { ...base, error: `Symbol ${s.symbol} not found on ${s.exchange}` };
        const quote = fetched[next++];
        return quote
          ? { ...base, data: quoteData(quote) }
          : { ...base, error: 'The broker returned no quote' };
      }),
    };
  },
});

const DEPTH_LEVELS = 5;

function fiveLevels(levels: readonly DepthLevel[]) {
  const out = levels.slice(0, DEPTH_LEVELS).map((l) => ({ price: l.price, quantity: l.quantity }));
  while (out.length < DEPTH_LEVELS) out.push({ price: 0, quantity: 0 });
  return out;
}

function depthData(d: Depth) {
  return {
    asks: fiveLevels(d.asks),
    bids: fiveLevels(d.bids),
    high: d.high,
    low: d.low,
    ltp: d.ltp,
    ltq: d.ltq,
    oi: d.oi,
    open: d.open,
    prev_close: d.prevClose,
    totalbuyqty: d.totalBuyQuantity,
    totalsellqty: d.totalSellQuantity,
    volume: d.volume,
  };
}

export const depth = defineEndpoint({
  method: 'POST',
  path: '/depth',
  group: 'Market data',
  summary: 'Five-level market depth',
  rateClass: 'other',
  reportsMode: false,
  requires: [data('getDepth')],
  request: SymbolRequest,
  response: DepthResponse,
  example: { apikey: KEY, symbol: 'SBIN', exchange: 'NSE' },
  async handle({ input, account }) {
    account.instruments.resolve(input.symbol, input.exchange);
    const d = await account.dataAdapter.getDepth({ symbol: input.symbol, exchange: input.exchange });
    return { status: 'success', data: depthData(d) };
  },
});

function servedInterval(
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

export const history = defineEndpoint({
  method: 'POST',
  path: '/history',
  group: 'Market data',
  summary: 'Historical candles',
  description:
    'The interval must be one the broker serves (see /intervals); otherwise 400 naming `interval` and listing them.',
  rateClass: 'other',
  reportsMode: false,
  requires: [data('getHistory')],
  request: HistoryRequest,
  response: HistoryResponse,
  example: {
    apikey: KEY,
    symbol: 'SBIN',
    exchange: 'NSE',
    interval: '5m',
    start_date: '2026-01-01',
    end_date: '2026-01-05',
  },
  async handle({ input, account }) {
    const adapter = account.dataAdapter;
    const interval = servedInterval(input.interval, adapter.manifest.intervals, adapter.manifest.id);
    account.instruments.resolve(input.symbol, input.exchange);
    const candles = await adapter.getHistory({
      symbol: input.symbol,
      exchange: input.exchange,
      interval,
      start: input.start_date,
      end: input.end_date,
    });
    return {
      status: 'success',
      data: candles.map((c) => ({
        timestamp: c.timestamp,
        open: c.open,
        high: c.high,
        low: c.low,
        close: c.close,
        volume: c.volume,
        oi: c.oi,
      })),
    };
  },
});

export const intervals = defineEndpoint({
  method: 'POST',
  path: '/intervals',
  group: 'Market data',
  summary: 'History intervals the broker serves',
  rateClass: 'other',
  reportsMode: false,
  requires: [],
  request: KeyOnlyRequest,
  response: IntervalsResponse,
  example: { apikey: KEY },
  async handle({ account }) {
    return { status: 'success', data: groupIntervals(account.dataAdapter.manifest.intervals) };
  },
});

export const DATA_ENDPOINTS: readonly Endpoint[] = [quotes, multiQuotes, depth, history, intervals];
