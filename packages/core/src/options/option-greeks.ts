import { BrokerError, InvalidRequestError, type OpenAlgoError } from '../errors/openalgo-error.js';
import type { Exchange } from '../model/enums.js';
import type { InstrumentRef } from '../model/order.js';
import { type ExpiryDate, formatCompactExpiry } from '../symbols/expiry.js';
import { type OptionType, parseSymbol } from '../symbols/grammar.js';
import { expiryInstant, parseExpiryTime } from './expiry-time.js';
import { checkInterestRate, greeksFromPrice, type MarketGreeks } from './greeks-from-price.js';
import { optionExchangeFor } from './option-request.js';
import { prepareOptionRequest } from './resolve-option-symbol.js';
import { syntheticFutureAt } from './synthetic-future.js';
import { findQuote, type OptionMarket, underlyingQuoteRef } from './underlying.js';

export interface OptionGreeksRequest {
  symbol: string;
  exchange: Exchange;
  /** Percent, 0–100; default 0. */
  interestRate?: number | undefined;
  /** A forward to use as is (skips every underlying quote). */
  forwardPrice?: number | undefined;
  /** Quote this instead of forming the synthetic future (e.g. `NIFTY28NOV24FUT`). */
  underlyingSymbol?: string | undefined;
  underlyingExchange?: Exchange | undefined;
  /** `HH:MM` IST expiry cut-off; default the exchange's. */
  expiryTime?: string | undefined;
}

export interface OptionGreeksResult {
  symbol: string;
  exchange: Exchange;
  underlying: string;
  strike: number;
  optionType: OptionType;
  expiry: ExpiryDate;
  /** Fractional days left; 0 once expired. */
  daysToExpiry: number;
  /** The Black-76 forward used (OpenAlgo's `spot_price`). */
  forward: number;
  optionPrice: number;
  interestRate: number;
  expired: boolean;
  greeks: MarketGreeks;
}

export type OptionGreeksOutcome =
  | { ok: true; result: OptionGreeksResult }
  | { ok: false; symbol: string; exchange: string; error: OpenAlgoError };

const MS_PER_DAY = 86_400_000;
/** OpenAlgo floors time to expiry at 0.0001 years (~53 minutes) so the last hour stays solvable. */
const MIN_YEARS = 0.0001;

interface ParsedOption {
  request: OptionGreeksRequest;
  symbol: string;
  base: string;
  expiry: ExpiryDate;
  strike: number;
  optionType: OptionType;
}

function parseOption(market: OptionMarket, request: OptionGreeksRequest): ParsedOption {
  const symbol = request.symbol.trim().toUpperCase();
  const parsed = parseSymbol(symbol, request.exchange);
  if (parsed.kind !== 'option') {
    throw new InvalidRequestError(`Invalid symbol "${request.symbol}": not an option (…CE or …PE)`, {
      field: 'symbol',
      details: { symbol: request.symbol, exchange: request.exchange },
    });
  }
  market.index.resolve(symbol, request.exchange);
  return {
    request,
    symbol,
    base: parsed.base,
    expiry: parsed.expiry,
    strike: parsed.strike,
    optionType: parsed.optionType,
  };
}

/** Prices fetched once per distinct instrument and forwards once per underlying and expiry. */
class ForwardSource {
  private readonly ltps = new Map<string, Promise<number | undefined>>();
  private readonly synthetics = new Map<string, Promise<number | undefined>>();

  constructor(private readonly market: OptionMarket) {}

  ltp(ref: InstrumentRef): Promise<number | undefined> {
    const key = `${ref.exchange}:${ref.symbol}`;
    let pending = this.ltps.get(key);
    if (!pending) {
      pending = this.market.quotes([ref]).then((quotes) => {
        const ltp = findQuote(quotes, ref)?.ltp;
        return ltp !== undefined && ltp > 0 ? ltp : undefined;
      });
      this.ltps.set(key, pending);
    }
    return pending;
  }

  /** The forward for one option: given, a named underlying, else the synthetic future, else the spot. */
  async forward(option: ParsedOption): Promise<number> {
    const { request, base } = option;
    if (request.forwardPrice !== undefined && request.forwardPrice > 0) return request.forwardPrice;
    const named = request.underlyingSymbol?.trim().toUpperCase();
    const optionExchange = optionExchangeFor(request.exchange);
    let spotRef: InstrumentRef;
    if (named && named !== base) {
      const exchange =
        request.underlyingExchange ??
        (this.market.index.get(named, optionExchange) ? optionExchange : undefined);
      spotRef = exchange
        ? { symbol: named, exchange }
        : underlyingQuoteRef(
            this.market.index,
            { base: named },
            optionExchange,
            this.market.now(),
            'underlying_symbol',
          );
    } else {
      const synthetic = await this.synthetic(option, optionExchange);
      if (synthetic !== undefined) return synthetic;
      spotRef = request.underlyingExchange
        ? { symbol: base, exchange: request.underlyingExchange }
        : underlyingQuoteRef(this.market.index, { base }, optionExchange, this.market.now(), 'symbol');
    }
    const ltp = await this.ltp(spotRef);
    if (ltp === undefined) {
      throw new BrokerError(`No last traded price for the underlying ${spotRef.exchange}:${spotRef.symbol}`, {
        details: { ...spotRef },
      });
    }
    return ltp;
  }

  private synthetic(option: ParsedOption, optionExchange: Exchange): Promise<number | undefined> {
    const compact = formatCompactExpiry(option.expiry);
    const key = `${optionExchange}:${option.base}:${compact}`;
    let pending = this.synthetics.get(key);
    if (!pending) {
      pending = (async () => {
        try {
          const prepared = prepareOptionRequest({
            underlying: option.base,
            exchange: optionExchange,
            expiryDate: compact,
            offset: 'ATM',
            optionType: 'CE',
          });
          const ref = underlyingQuoteRef(
            this.market.index,
            prepared.underlying,
            optionExchange,
            this.market.now(),
          );
          const spot = await this.ltp(ref);
          if (spot === undefined) return undefined;
          const synthetic = await syntheticFutureAt(this.market, prepared, spot);
          return synthetic.price > 0 ? synthetic.price : undefined;
        } catch {
          // Put-call parity needs both ATM legs quoted; without them the spot is the forward (OpenAlgo's fallback).
          return undefined;
        }
      })();
      this.synthetics.set(key, pending);
    }
    return pending;
  }
}

function compute(
  market: OptionMarket,
  option: ParsedOption,
  forward: number,
  optionPrice: number,
  cutoff: { hour: number; minute: number } | undefined,
): OptionGreeksResult {
  const { request } = option;
  const interestRate = checkInterestRate(request.interestRate ?? 0);
  const remainingMs = expiryInstant(option.expiry, request.exchange, cutoff) - market.now();
  const expired = remainingMs <= 0;
  const years = expired ? 0 : Math.max(MIN_YEARS, remainingMs / (365 * MS_PER_DAY));
  const isCall = option.optionType === 'CE';
  const greeks = expired
    ? {
        ...greeksFromPrice({ optionPrice, forward, strike: option.strike, years: 0, ratePercent: 0, isCall }),
        delta: 0,
      }
    : greeksFromPrice({
        optionPrice,
        forward,
        strike: option.strike,
        years,
        ratePercent: interestRate,
        isCall,
      });
  return {
    symbol: option.symbol,
    exchange: request.exchange,
    underlying: option.base,
    strike: option.strike,
    optionType: option.optionType,
    expiry: option.expiry,
    daysToExpiry: years * 365,
    forward,
    optionPrice,
    interestRate,
    expired,
    greeks,
  };
}

function checkCommon(request: Pick<OptionGreeksRequest, 'interestRate' | 'expiryTime'>) {
  if (request.interestRate !== undefined) checkInterestRate(request.interestRate);
  return request.expiryTime === undefined ? undefined : parseExpiryTime(request.expiryTime);
}

/**
 * Greeks of several options (OpenAlgo's `/multioptiongreeks`): every option is quoted in one call and
 * each underlying and expiry's forward is formed once. Each symbol gets its own outcome, in request order.
 */
export async function multiOptionGreeks(
  market: OptionMarket,
  requests: readonly OptionGreeksRequest[],
): Promise<OptionGreeksOutcome[]> {
  const forwards = new ForwardSource(market);
  const parsed = requests.map((request) => {
    try {
      return { ok: true as const, option: parseOption(market, request), cutoff: checkCommon(request) };
    } catch (error) {
      return { ok: false as const, error: error as OpenAlgoError };
    }
  });
  const refs = parsed.flatMap((p) =>
    p.ok ? [{ symbol: p.option.symbol, exchange: p.option.request.exchange }] : [],
  );
  const quotes = refs.length > 0 ? await market.quotes(refs) : [];
  const outcomes: OptionGreeksOutcome[] = [];
  for (const [i, p] of parsed.entries()) {
    const request = requests[i] as OptionGreeksRequest;
    const failed = (error: unknown): OptionGreeksOutcome => ({
      ok: false,
      symbol: request.symbol,
      exchange: request.exchange,
      error: error as OpenAlgoError,
    });
    if (!p.ok) {
      outcomes.push(failed(p.error));
      continue;
    }
    try {
      const ref = { symbol: p.option.symbol, exchange: p.option.request.exchange };
      const optionPrice = findQuote(quotes, ref)?.ltp;
      if (optionPrice === undefined || !(optionPrice > 0)) {
        throw new BrokerError(`Option LTP not available for ${ref.exchange}:${ref.symbol}`, {
          details: { ...ref },
        });
      }
      const forward = await forwards.forward(p.option);
      outcomes.push({ ok: true, result: compute(market, p.option, forward, optionPrice, p.cutoff) });
    } catch (error) {
      outcomes.push(failed(error));
    }
  }
  return outcomes;
}

/** OpenAlgo's `/optiongreeks` for one option; throws what `multiOptionGreeks` reports per symbol. */
export async function optionGreeks(
  market: OptionMarket,
  request: OptionGreeksRequest,
): Promise<OptionGreeksResult> {
  const [outcome] = await multiOptionGreeks(market, [request]);
  if (!outcome) throw new BrokerError('No greeks were computed');
  if (!outcome.ok) throw outcome.error;
  return outcome.result;
}
