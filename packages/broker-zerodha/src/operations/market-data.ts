import {
  type CallOptions,
  type Depth,
  type Instrument,
  type InstrumentRef,
  type Quote,
  SymbolNotFoundError,
} from '@openalgo/core';
import { type KiteContext, readCall } from '../context.js';
import { quoteKey } from '../instruments/symbols.js';
import { type KiteQuote, KiteQuoteMapSchema } from '../mapping/kite-types.js';
import { mapDepth, mapQuote } from '../mapping/market.js';

/** Kite answers at most 500 instruments per `GET /quote` (OpenAlgo batches at 500 too). */
export const QUOTE_BATCH_SIZE = 500;
const QUOTE_LIMITS = ['quotes'] as const;

interface Asked {
  ref: InstrumentRef;
  row: Instrument;
  key: string;
}

function fetchQuoteBatch(
  ctx: KiteContext,
  keys: readonly string[],
  options: CallOptions | undefined,
): Promise<Record<string, KiteQuote>> {
  return ctx.http.get('/quote', KiteQuoteMapSchema, {
    ...readCall(options, 'quote', QUOTE_LIMITS),
    query: { i: keys },
  });
}

/**
 * Full quotes for `instruments`, one `GET /quote` per 500 distinct instruments (each draws from the
 * 1/s quote bucket, so a long list waits its turn). Every symbol is resolved before the first request.
 * Kite leaves an instrument it does not know out of the map instead of failing; that is reported as
 * SYMBOL_NOT_FOUND naming every missing instrument, because a quote list with holes would
 * silently shift a caller that reads quotes by position.
 */
export async function fetchQuotes(
  ctx: KiteContext,
  instruments: readonly InstrumentRef[],
  options?: CallOptions,
): Promise<Array<{ asked: Asked; quote: KiteQuote }>> {
  const asked: Asked[] = instruments.map((ref) => {
    const row = ctx.symbols.resolve(ref);
    return { ref: { symbol: ref.symbol, exchange: ref.exchange }, row, key: quoteKey(row) };
  });
  const keys = [...new Set(asked.map((a) => a.key))];
  const byKey = new Map<string, KiteQuote>();
  for (let start = 0; start < keys.length; start += QUOTE_BATCH_SIZE) {
    const batch = keys.slice(start, start + QUOTE_BATCH_SIZE);
    const answer = await fetchQuoteBatch(ctx, batch, options);
    for (const key of batch) {
      const quote = answer[key];
      if (quote) byKey.set(key, quote);
    }
  }
  const missing = asked.filter((a) => !byKey.has(a.key));
  if (missing.length > 0) {
    const names = missing.map((a) => `${a.ref.exchange}:${a.ref.symbol} (${a.key})`);
    throw new SymbolNotFoundError(
      `Zerodha returned no quote for ${names.join(', ')}: the instrument may have expired or been suspended since the master was downloaded`,
      { field: 'symbol', details: { missing: missing.map((a) => a.ref) } },
    );
  }
  return asked.map((a) => ({ asked: a, quote: byKey.get(a.key) as KiteQuote }));
}

/** Quotes in the order asked (duplicates answered from the same Kite quote). */
export async function getQuotes(
  ctx: KiteContext,
  instruments: readonly InstrumentRef[],
  options?: CallOptions,
): Promise<Quote[]> {
  if (instruments.length === 0) return [];
  const answered = await fetchQuotes(ctx, instruments, options);
  return answered.map(({ asked, quote }) => mapQuote(quote, asked.ref));
}

/** Five levels a side from Kite's full quote. */
export async function getDepth(
  ctx: KiteContext,
  instrument: InstrumentRef,
  options?: CallOptions,
): Promise<Depth> {
  const [answered] = await fetchQuotes(ctx, [instrument], options);
  if (!answered) throw new SymbolNotFoundError(`No depth for ${instrument.exchange}:${instrument.symbol}`);
  return mapDepth(answered.quote, answered.asked.ref);
}
