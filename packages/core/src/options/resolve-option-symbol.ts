import { InvalidRequestError, SymbolNotFoundError } from '../errors/openalgo-error.js';
import type { Exchange } from '../model/enums.js';
import type { Instrument } from '../model/instrument.js';
import type { InstrumentRef } from '../model/order.js';
import type { ExpiryDate } from '../symbols/expiry.js';
import { freezeQuantity } from '../symbols/freeze-quantity.js';
import type { OptionType } from '../symbols/grammar.js';
import type { InstrumentIndex } from '../symbols/instrument-index.js';
import { formatStrike } from '../symbols/strike.js';
import {
  optionExchangeFor,
  type ParsedUnderlying,
  parseExpiryInput,
  parseOptionType,
  parseStrikeOffset,
  parseUnderlying,
  roundHalfEven,
  type StrikeOffset,
  strikeIndexDirection,
} from './option-request.js';
import { nearestStrikeIndex, requireStrikeLadder, rungsWith } from './strike-ladder.js';
import { fetchUnderlyingQuote, type OptionMarket, underlyingQuoteRef } from './underlying.js';

/** The fields of OpenAlgo's `/optionsymbol` (camel-cased). */
export interface OptionSymbolRequest {
  /** `NIFTY`, or one embedding the expiry (`NIFTY28NOV24FUT`). */
  underlying: string;
  /** The underlying's exchange (`NSE_INDEX`, `NSE`, `BSE_INDEX`, `MCX`…) or the options exchange. */
  exchange: Exchange;
  /** `28NOV24`; may be omitted when the underlying embeds it (the embedded one wins, as in OpenAlgo). */
  expiryDate?: string | undefined;
  /** `ATM`, `ITM1`…`ITM50`, `OTM1`…`OTM50`, any case. */
  offset: string;
  /** `CE` or `PE`, any case. */
  optionType: string;
  /** A strike grid (`50`): ATM = round(ltp / strikeInt) × strikeInt instead of the nearest listed strike. */
  strikeInt?: number | undefined;
}

/** A request checked and normalised, before any quote is fetched. */
export interface PreparedOptionRequest {
  underlying: ParsedUnderlying;
  exchange: Exchange;
  optionExchange: Exchange;
  expiry: ExpiryDate;
  offset: StrikeOffset;
  optionType: OptionType;
  strikeInt: number | undefined;
}

export interface ResolvedOptionSymbol {
  symbol: string;
  exchange: Exchange;
  lotSize: number;
  tickSize: number;
  /** The exchange's quantity-freeze limit for the option (1 when unknown, as OpenAlgo reports). */
  freezeQty: number;
  underlyingLtp: number;
  strike: number;
  atmStrike: number;
  /** `28NOV24`. */
  expiry: string;
  offset: string;
  optionType: OptionType;
  instrument: Instrument;
}

/** Checks every field (throwing INVALID_REQUEST naming it) so bad input never costs a quote call. */
export function prepareOptionRequest(request: OptionSymbolRequest): PreparedOptionRequest {
  const underlying = parseUnderlying(request.underlying);
  const optionExchange = optionExchangeFor(request.exchange);
  const offset = parseStrikeOffset(request.offset);
  const optionType = parseOptionType(request.optionType);
  const { strikeInt } = request;
  if (strikeInt !== undefined && !(Number.isFinite(strikeInt) && strikeInt > 0)) {
    throw new InvalidRequestError(
      `Invalid strike_int ${String(strikeInt)}: must be a number greater than 0`,
      {
        field: 'strike_int',
        details: { strike_int: strikeInt },
      },
    );
  }
  let expiry = underlying.embeddedExpiry;
  if (!expiry) {
    if (request.expiryDate === undefined || request.expiryDate === '') {
      throw new InvalidRequestError(
        'Missing expiry_date: give it as DDMMMYY (e.g. 28NOV24) or embed it in the underlying (e.g. NIFTY28NOV24FUT)',
        { field: 'expiry_date' },
      );
    }
    expiry = parseExpiryInput(request.expiryDate);
  }
  return {
    underlying,
    exchange: request.exchange,
    optionExchange,
    expiry,
    offset,
    optionType,
    strikeInt,
  };
}

function resolved(
  request: PreparedOptionRequest,
  row: Instrument,
  strike: number,
  atmStrike: number,
  ltp: number,
  compactExpiry: string,
): ResolvedOptionSymbol {
  return {
    symbol: row.symbol,
    exchange: row.exchange,
    lotSize: row.lotSize,
    tickSize: row.tickSize,
    freezeQty: freezeQuantity(row),
    underlyingLtp: ltp,
    strike,
    atmStrike,
    expiry: compactExpiry,
    offset: request.offset.label,
    optionType: request.optionType,
    instrument: row,
  };
}

/**
 * Resolves the option against an underlying LTP already known (multi-leg orders resolve every leg
 * against one LTP). Listed strikes by default: ATM is the listed strike nearest the LTP and each
 * offset step is one listed strike, so unequal strike spacing is handled. With `strikeInt`, OpenAlgo's
 * legacy grid: ATM = round(ltp / strikeInt) × strikeInt, offset steps of strikeInt.
 */
export function resolveOptionSymbolAt(
  index: InstrumentIndex,
  request: OptionSymbolRequest | PreparedOptionRequest,
  underlyingLtp: number,
): ResolvedOptionSymbol {
  const prepared = 'optionExchange' in request ? request : prepareOptionRequest(request);
  const { underlying, optionExchange, expiry, offset, optionType, strikeInt } = prepared;
  if (!(Number.isFinite(underlyingLtp) && underlyingLtp > 0)) {
    throw new InvalidRequestError(`Invalid underlying LTP ${underlyingLtp}: must be a price greater than 0`, {
      field: 'underlying_ltp',
    });
  }
  const ladder = requireStrikeLadder(index, underlying.base, optionExchange, expiry);
  const direction = strikeIndexDirection(optionType) * offset.steps;
  const side = optionType === 'CE' ? 'ce' : 'pe';
  if (strikeInt === undefined) {
    const rungs = rungsWith(ladder, optionType);
    const atm = nearestStrikeIndex(rungs, underlyingLtp);
    const target = rungs[atm + direction];
    if (atm < 0 || !target) {
      throw new InvalidRequestError(
        `Offset ${offset.label} is out of range: ${underlying.base} ${ladder.compactExpiry} lists ${rungs.length} ${optionType} strikes and ATM is number ${atm + 1} (use a smaller offset)`,
        { field: 'offset', details: { offset: offset.label, strikes: rungs.length, atm_index: atm } },
      );
    }
    const atmStrike = (rungs[atm] as (typeof rungs)[number]).strike;
    return resolved(
      prepared,
      target[side] as Instrument,
      target.strike,
      atmStrike,
      underlyingLtp,
      ladder.compactExpiry,
    );
  }
  const atmStrike = Number(formatStrike(roundHalfEven(underlyingLtp / strikeInt) * strikeInt));
  const strike = Number(formatStrike(atmStrike + direction * strikeInt));
  const rung = ladder.rungs.find((r) => r.strike === strike);
  const row = rung?.[side];
  if (!row) {
    const symbol = `${underlying.base}${ladder.compactExpiry}${formatStrike(strike)}${optionType}`;
    throw new SymbolNotFoundError(
      `Option symbol ${symbol} not found on ${optionExchange}: strike ${formatStrike(strike)} is not listed (strike_int ${strikeInt} may not match the listed strikes; omit strike_int to use them)`,
      { field: 'strike_int', details: { symbol, exchange: optionExchange, strike_int: strikeInt } },
    );
  }
  return resolved(prepared, row, strike, atmStrike, underlyingLtp, ladder.compactExpiry);
}

/** Where the underlying's LTP comes from, for a prepared request. */
export function optionUnderlyingRef(market: OptionMarket, prepared: PreparedOptionRequest): InstrumentRef {
  return underlyingQuoteRef(market.index, prepared.underlying, prepared.exchange, market.now());
}

/**
 * OpenAlgo's `/optionsymbol`: checks the request, quotes the underlying (spot, or the nearest future
 * where there is no spot) through the account's data adapter and resolves the offset against the
 * instrument master. Errors name the field: INVALID_REQUEST for malformed input or an offset past the
 * listed strikes, SYMBOL_NOT_FOUND for an underlying, expiry or strike that is not listed.
 */
export async function resolveOptionSymbol(
  market: OptionMarket,
  request: OptionSymbolRequest,
): Promise<ResolvedOptionSymbol> {
  const prepared = prepareOptionRequest(request);
  const ref = optionUnderlyingRef(market, prepared);
  const quote = await fetchUnderlyingQuote(market, ref);
  return resolveOptionSymbolAt(market.index, prepared, quote.ltp);
}
