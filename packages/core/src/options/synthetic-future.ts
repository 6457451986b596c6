import { BrokerError, SymbolNotFoundError } from '../errors/openalgo-error.js';
import type { Exchange } from '../model/enums.js';
import { formatStrike } from '../symbols/strike.js';
import { syntheticFuturePrice } from './option-chain.js';
import {
  type PreparedOptionRequest,
  prepareOptionRequest,
  resolveOptionSymbolAt,
} from './resolve-option-symbol.js';
import { fetchUnderlyingQuote, findQuote, type OptionMarket, underlyingQuoteRef } from './underlying.js';

export interface SyntheticFutureRequest {
  underlying: string;
  exchange: Exchange;
  expiryDate?: string | undefined;
}

export interface SyntheticFuture {
  /** The base symbol (`NIFTY`). */
  underlying: string;
  underlyingLtp: number;
  /** `28NOV24`. */
  expiry: string;
  atmStrike: number;
  callSymbol: string;
  putSymbol: string;
  callLtp: number;
  putLtp: number;
  /** ATM strike + CE ltp − PE ltp. */
  price: number;
}

/** The synthetic future of a prepared request at a known underlying LTP (one quote call for both legs). */
export async function syntheticFutureAt(
  market: OptionMarket,
  prepared: PreparedOptionRequest,
  underlyingLtp: number,
): Promise<SyntheticFuture> {
  const call = resolveOptionSymbolAt(market.index, { ...prepared, optionType: 'CE' }, underlyingLtp);
  const putSymbol = `${prepared.underlying.base}${call.expiry}${formatStrike(call.strike)}PE`;
  const put = market.index.get(putSymbol, call.exchange);
  if (!put) {
    throw new SymbolNotFoundError(
      `The ATM strike ${formatStrike(call.strike)} lists a call but no put (${putSymbol} on ${call.exchange}); no synthetic future can be formed`,
      { field: 'expiry_date', details: { symbol: putSymbol, exchange: call.exchange } },
    );
  }
  const refs = [
    { symbol: call.symbol, exchange: call.exchange },
    { symbol: put.symbol, exchange: put.exchange },
  ] as const;
  const quotes = await market.quotes(refs);
  const [callLtp, putLtp] = refs.map((ref) => {
    const ltp = findQuote(quotes, ref)?.ltp;
    if (ltp === undefined || !Number.isFinite(ltp) || ltp <= 0) {
      throw new BrokerError(
        `No last traded price for ${ref.exchange}:${ref.symbol}; no synthetic future can be formed`,
        {
          details: { ...ref },
        },
      );
    }
    return ltp;
  }) as [number, number];
  return {
    underlying: prepared.underlying.base,
    underlyingLtp,
    expiry: call.expiry,
    atmStrike: call.strike,
    callSymbol: call.symbol,
    putSymbol: put.symbol,
    callLtp,
    putLtp,
    price: syntheticFuturePrice(call.strike, callLtp, putLtp),
  };
}

/**
 * OpenAlgo's `/syntheticfuture`: the ATM call and put of the expiry (ATM from the underlying's LTP, as
 * for `/optionsymbol`), and strike + CE − PE from their last traded prices.
 */
export async function syntheticFuture(
  market: OptionMarket,
  request: SyntheticFutureRequest,
): Promise<SyntheticFuture> {
  const prepared = prepareOptionRequest({ ...request, offset: 'ATM', optionType: 'CE' });
  const ref = underlyingQuoteRef(market.index, prepared.underlying, prepared.exchange, market.now());
  const quote = await fetchUnderlyingQuote(market, ref);
  return syntheticFutureAt(market, prepared, quote.ltp);
}
