import { BrokerError, SymbolNotFoundError } from '../errors/openalgo-error.js';
import type { Exchange } from '../model/enums.js';
import type { Quote } from '../model/market.js';
import type { InstrumentRef } from '../model/order.js';
import { tryParseExpiry } from '../symbols/expiry.js';
import type { InstrumentIndex } from '../symbols/instrument-index.js';
import { expiryInstant } from './expiry-time.js';
import type { ParsedUnderlying } from './option-request.js';

/** Quotes for instruments, as `BrokerAdapter.getQuotes` gives them: any broker's data adapter fits. */
export type QuoteFn = (instruments: readonly InstrumentRef[]) => Promise<Quote[]>;

/** What the option helpers need from the account: its master, its quotes and the time. */
export interface OptionMarket {
  index: InstrumentIndex;
  quotes: QuoteFn;
  /** Epoch ms now (for "non-expired" and time to expiry). */
  now: () => number;
}

/** Spot feeds an NFO/BFO underlying may be quoted on, in the order they are tried. */
const SPOT_FOR: Partial<Record<Exchange, readonly Exchange[]>> = {
  NSE_INDEX: ['NSE_INDEX'],
  NSE: ['NSE'],
  BSE_INDEX: ['BSE_INDEX'],
  BSE: ['BSE'],
  NFO: ['NSE_INDEX', 'NSE'],
  BFO: ['BSE_INDEX', 'BSE'],
};

/**
 * The instrument whose LTP places the ATM strike. An index or equity underlying is quoted on its spot
 * feed (NFO/BFO requests are mapped back to it, as OpenAlgo does); on exchanges without a spot (MCX,
 * CDS…) the embedded future if one was named and listed, else the nearest future not yet expired.
 * Throws SYMBOL_NOT_FOUND naming `underlying` when none is listed.
 */
export function underlyingQuoteRef(
  index: InstrumentIndex,
  underlying: ParsedUnderlying,
  exchange: Exchange,
  nowMs: number,
  field = 'underlying',
): InstrumentRef {
  const spots = SPOT_FOR[exchange] ?? [];
  for (const spot of spots) {
    if (index.get(underlying.base, spot)) return { symbol: underlying.base, exchange: spot };
  }
  if (exchange === 'NSE_INDEX' || exchange === 'NSE' || exchange === 'BSE_INDEX' || exchange === 'BSE') {
    throw new SymbolNotFoundError(
      `Underlying ${underlying.base} is not listed on ${exchange}: check the underlying and exchange (e.g. NIFTY on NSE_INDEX, RELIANCE on NSE)`,
      { field, details: { underlying: underlying.base, exchange } },
    );
  }
  const futuresExchange: Exchange = exchange;
  if (underlying.futureSymbol && index.get(underlying.futureSymbol, futuresExchange)) {
    return { symbol: underlying.futureSymbol, exchange: futuresExchange };
  }
  for (const text of index.expiries(underlying.base, futuresExchange, 'futures')) {
    const date = tryParseExpiry(text);
    if (!date || expiryInstant(date, futuresExchange) <= nowMs) continue;
    const symbol = `${underlying.base}${text.replaceAll('-', '')}FUT`;
    if (index.get(symbol, futuresExchange)) return { symbol, exchange: futuresExchange };
  }
  throw new SymbolNotFoundError(
    `Underlying ${underlying.base} has no spot and no unexpired future listed on ${exchange}: check the underlying and exchange`,
    { field, details: { underlying: underlying.base, exchange } },
  );
}

/** The quote for `ref` out of a batch answer, matched by symbol and exchange. */
export function findQuote(quotes: readonly Quote[], ref: InstrumentRef): Quote | undefined {
  return quotes.find((q) => q.symbol === ref.symbol && q.exchange === ref.exchange);
}

/** The underlying's quote; throws BROKER_ERROR when the broker gives no usable LTP for it. */
export async function fetchUnderlyingQuote(
  market: OptionMarket,
  ref: InstrumentRef,
): Promise<Quote & { ltp: number }> {
  const quote = findQuote(await market.quotes([ref]), ref);
  if (!quote || !Number.isFinite(quote.ltp) || quote.ltp <= 0) {
    throw new BrokerError(
      `No last traded price for the underlying ${ref.exchange}:${ref.symbol}; the ATM strike cannot be placed`,
      { details: { symbol: ref.symbol, exchange: ref.exchange } },
    );
  }
  return quote;
}
