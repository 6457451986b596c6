import {
  type CallOptions,
  type Depth,
  type Instrument,
  type InstrumentRef,
  type Quote,
  SymbolNotFoundError,
} from '@openalgo/core';
import { SECURE_PREFIX } from '../client.js';
import { type AngelContext, readCall } from '../context.js';
import { type AngelQuote, AngelQuoteResultSchema } from '../mapping/angel-types.js';
import { mapDepth, mapQuote } from '../mapping/market.js';
import { angelExchange } from '../symbols.js';

export const QUOTE_PATH = `${SECURE_PREFIX}/market/v1/quote`;

/** `market/v1/quote` takes at most 50 tokens per request, across exchanges (§2.4). */
export const QUOTE_BATCH_SIZE = 50;

interface Asked {
  ref: InstrumentRef;
  row: Instrument;
  exchange: string;
  key: string;
}

function keyOf(exchange: string, token: string): string {
  return `${exchange}:${token}`;
}

/** `{"NSE":["3045",…],"NFO":[…]}`, exchanges and tokens in the order first asked. */
export function exchangeTokens(batch: readonly Asked[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const a of batch) {
    const tokens = out[a.exchange] ?? [];
    tokens.push(a.row.token);
    out[a.exchange] = tokens;
  }
  return out;
}

/**
 * FULL quotes for `instruments`, one request per 50 distinct tokens (each draws from the quote bucket).
 * Every symbol is resolved before the first request. Angel lists what it could not quote in
 * `unfetched`; that is SYMBOL_NOT_FOUND naming every missing instrument, because a quote list with holes
 * would silently shift a caller that reads quotes by position.
 */
export async function fetchQuotes(
  ctx: AngelContext,
  instruments: readonly InstrumentRef[],
  options?: CallOptions,
): Promise<Array<{ asked: Asked; quote: AngelQuote }>> {
  const asked: Asked[] = instruments.map((ref) => {
    const row = ctx.symbols.resolve(ref);
    const exchange = angelExchange(row);
    return {
      ref: { symbol: ref.symbol, exchange: ref.exchange },
      row,
      exchange,
      key: keyOf(exchange, row.token),
    };
  });
  const distinct = [...new Map(asked.map((a) => [a.key, a])).values()];
  const byKey = new Map<string, AngelQuote>();
  for (let start = 0; start < distinct.length; start += QUOTE_BATCH_SIZE) {
    const batch = distinct.slice(start, start + QUOTE_BATCH_SIZE);
    const answer = await ctx.http.post(QUOTE_PATH, AngelQuoteResultSchema, {
      ...readCall(options, 'quote', 'quotes'),
      body: { json: { mode: 'FULL', exchangeTokens: exchangeTokens(batch) } },
    });
    for (const quote of answer.fetched ?? []) byKey.set(keyOf(quote.exchange, quote.symbolToken), quote);
  }
  const missing = asked.filter((a) => !byKey.has(a.key));
  if (missing.length > 0) {
    const names = missing.map((a) => `${a.ref.exchange}:${a.ref.symbol} (${a.key})`);
    throw new SymbolNotFoundError(
      `Angel One returned no quote for ${names.join(', ')}: the instrument may have expired or been suspended since the master was downloaded`,
      { field: 'symbol', details: { missing: missing.map((a) => a.ref) } },
    );
  }
  return asked.map((a) => ({ asked: a, quote: byKey.get(a.key) as AngelQuote }));
}

/** Quotes in the order asked (duplicates answered from the same Angel quote). */
export async function getQuotes(
  ctx: AngelContext,
  instruments: readonly InstrumentRef[],
  options?: CallOptions,
): Promise<Quote[]> {
  if (instruments.length === 0) return [];
  const answered = await fetchQuotes(ctx, instruments, options);
  return answered.map(({ asked, quote }) => mapQuote(quote, asked.ref));
}

/** Five levels a side from the FULL quote. */
export async function getDepth(
  ctx: AngelContext,
  instrument: InstrumentRef,
  options?: CallOptions,
): Promise<Depth> {
  const [answered] = await fetchQuotes(ctx, [instrument], options);
  if (!answered) throw new SymbolNotFoundError(`No depth for ${instrument.exchange}:${instrument.symbol}`);
  return mapDepth(answered.quote, answered.asked.ref);
}
