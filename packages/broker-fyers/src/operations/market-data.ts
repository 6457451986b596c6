import {
  BrokerError,
  type CallOptions,
  type Depth,
  type InstrumentRef,
  type OpenAlgoError,
  type Quote,
  SymbolNotFoundError,
} from '@openalgo/core';
import { dataUrl } from '../client.js';
import { type FyersContext, readCall } from '../context.js';
import { FYERS_QUOTE_SYMBOLS_PER_CALL } from '../manifest.js';
import {
  FyersDepthMapSchema,
  FyersDepthSchema,
  FyersQuotesSchema,
  type FyersQuoteValues,
  FyersQuoteValuesSchema,
} from '../mapping/fyers-types.js';
import { mapDepth, mapQuote } from '../mapping/market.js';
import { fyersTicker } from '../symbols.js';

interface Asked {
  ref: InstrumentRef;
  ticker: string;
}

function missingError(missing: readonly Asked[]): OpenAlgoError {
  const names = missing.map((a) => `${a.ref.exchange}:${a.ref.symbol} (${a.ticker})`);
  return new SymbolNotFoundError(
    `Fyers returned no quote for ${names.join(', ')}: the instrument may have expired or been suspended since the master was downloaded`,
    { field: 'symbol', details: { missing: missing.map((a) => a.ref) } },
  );
}

/** A 2xx whose entry does not fit: a broker fault, not a missing symbol. */
function malformed(what: string, path: readonly PropertyKey[] | undefined): OpenAlgoError {
  const where = path && path.length > 0 ? path.map(String).join('.') : 'entry';
  return new BrokerError(`fyers: unexpected ${what}: ${where} is malformed`, {
    details: { reason: 'malformed response' },
  });
}

/**
 * One `GET /data/quotes?symbols=A,B,…` call. The comma-joined list travels percent-encoded (`%3A`, `%2C`),
 * as the JS SDK sends it. An entry whose own `s` is not ok is left out (Fyers' answer for an unknown ticker).
 */
async function fetchQuoteBatch(
  ctx: FyersContext,
  tickers: readonly string[],
  options: CallOptions | undefined,
): Promise<Map<string, FyersQuoteValues>> {
  const data = await ctx.http.get(dataUrl(ctx.config, '/quotes'), FyersQuotesSchema, {
    ...readCall(options, 'quotes'),
    query: { symbols: tickers.join(',') },
  });
  const out = new Map<string, FyersQuoteValues>();
  for (const entry of data.d) {
    if (entry.s && entry.s.toLowerCase() !== 'ok') continue;
    const v = FyersQuoteValuesSchema.safeParse(entry.v);
    if (!v.success) throw malformed(`quote of ${entry.n}`, v.error.issues[0]?.path);
    out.set(entry.n, v.data);
  }
  return out;
}

/**
 * Quotes in the order asked, one call per 50 distinct tickers (Fyers' cap, brokers.md §3.7); each call draws
 * from the REST bucket, so a long list waits its turn. Every symbol is resolved before the first request.
 * A ticker Fyers leaves out is SYMBOL_NOT_FOUND naming every missing one, because a quote list with holes
 * would silently shift a caller that reads quotes by position.
 */
export async function getQuotes(
  ctx: FyersContext,
  instruments: readonly InstrumentRef[],
  options?: CallOptions,
): Promise<Quote[]> {
  if (instruments.length === 0) return [];
  const asked: Asked[] = instruments.map((ref) => ({
    ref: { symbol: ref.symbol, exchange: ref.exchange },
    ticker: fyersTicker(ctx.symbols.resolve(ref)),
  }));
  const tickers = [...new Set(asked.map((a) => a.ticker))];
  const byTicker = new Map<string, FyersQuoteValues>();
  for (let start = 0; start < tickers.length; start += FYERS_QUOTE_SYMBOLS_PER_CALL) {
    const batch = tickers.slice(start, start + FYERS_QUOTE_SYMBOLS_PER_CALL);
    const answer = await fetchQuoteBatch(ctx, batch, options);
    for (const ticker of batch) {
      const quote = answer.get(ticker);
      if (quote) byTicker.set(ticker, quote);
    }
  }
  const missing = asked.filter((a) => !byTicker.has(a.ticker));
  if (missing.length > 0) throw missingError(missing);
  return asked.map((a) => mapQuote(byTicker.get(a.ticker) as FyersQuoteValues, a.ref));
}

/** `GET /data/depth?symbol=<ticker>&ohlcv_flag=1`: five levels a side plus OHLC, volume and OI. */
export async function getDepth(
  ctx: FyersContext,
  instrument: InstrumentRef,
  options?: CallOptions,
): Promise<Depth> {
  const ref = { symbol: instrument.symbol, exchange: instrument.exchange };
  const ticker = fyersTicker(ctx.symbols.resolve(ref));
  const data = await ctx.http.get(dataUrl(ctx.config, '/depth'), FyersDepthMapSchema, {
    ...readCall(options, 'market depth'),
    query: { symbol: ticker, ohlcv_flag: 1 },
  });
  const entry = data.d[ticker];
  if (entry === undefined || entry === null) throw missingError([{ ref, ticker }]);
  const parsed = FyersDepthSchema.safeParse(entry);
  if (!parsed.success) throw malformed(`depth of ${ticker}`, parsed.error.issues[0]?.path);
  return mapDepth(parsed.data, ref);
}
