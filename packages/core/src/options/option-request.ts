import { InvalidRequestError } from '../errors/openalgo-error.js';
import type { Exchange } from '../model/enums.js';
import { type ExpiryDate, formatCompactExpiry, tryParseExpiry } from '../symbols/expiry.js';
import type { OptionType } from '../symbols/grammar.js';

/**
 * Parsing of the option-request vocabulary OpenAlgo clients send (`underlying`, `exchange`,
 * `expiry_date`, `offset`, `option_type`): one place, shared by the symbol resolver, the chain, the
 * synthetic future and the options order routes.
 */

/** How far from the at-the-money strike: 0 is ATM, +n is n strikes in the money, −n out of it. */
export interface StrikeOffset {
  /** `ATM`, `ITM3`, `OTM12`: upper case, as echoed back to clients. */
  label: string;
  /** Signed moneyness steps: ITMn → +n, OTMn → −n, ATM → 0. */
  steps: number;
}

/** OpenAlgo allows ITM1…ITM50 and OTM1…OTM50. */
export const MAX_STRIKE_OFFSET = 50;
const OFFSET = /^(ATM|ITM|OTM)(\d{0,2})$/;

/** `atm`, `ITM2`, `otm50` → offset; throws INVALID_REQUEST naming `field` for anything else. */
export function parseStrikeOffset(text: string, field = 'offset'): StrikeOffset {
  const upper = typeof text === 'string' ? text.trim().toUpperCase() : '';
  const m = OFFSET.exec(upper);
  const kind = m?.[1];
  const digits = m?.[2] ?? '';
  const n = Number(digits);
  const valid =
    kind === 'ATM'
      ? digits === ''
      : kind !== undefined && /^[1-9]\d?$/.test(digits) && n >= 1 && n <= MAX_STRIKE_OFFSET;
  if (!valid) {
    throw new InvalidRequestError(
      `Invalid ${field} "${String(text)}": must be ATM, ITM1…ITM${MAX_STRIKE_OFFSET} or OTM1…OTM${MAX_STRIKE_OFFSET}`,
      { field, details: { [field]: text } },
    );
  }
  if (kind === 'ATM') return { label: 'ATM', steps: 0 };
  return { label: upper, steps: kind === 'ITM' ? n : -n };
}

/**
 * The strike `steps` listed strikes away from ATM in moneyness terms: a call is in the money below
 * the underlying, so ITM moves down the strike ladder for CE and up for PE.
 */
export function strikeIndexDirection(optionType: OptionType): 1 | -1 {
  return optionType === 'CE' ? -1 : 1;
}

/** `CE`/`pe` → `CE`/`PE`; throws INVALID_REQUEST naming `field`. */
export function parseOptionType(text: string, field = 'option_type'): OptionType {
  const upper = typeof text === 'string' ? text.trim().toUpperCase() : '';
  if (upper === 'CE' || upper === 'PE') return upper;
  throw new InvalidRequestError(`Invalid ${field} "${String(text)}": must be CE or PE`, {
    field,
    details: { [field]: text },
  });
}

/** `28NOV24`, `28nov24` or `28-NOV-24` → date; throws INVALID_REQUEST naming `field`. */
export function parseExpiryInput(text: string, field = 'expiry_date'): ExpiryDate {
  const upper = typeof text === 'string' ? text.trim().toUpperCase() : '';
  const date = tryParseExpiry(upper);
  if (date) return date;
  throw new InvalidRequestError(
    `Invalid ${field} "${String(text)}": must be a calendar date as DDMMMYY (e.g. 28NOV24)`,
    { field, details: { [field]: text } },
  );
}

/** An underlying as clients send it: `NIFTY`, or one embedding an expiry like `NIFTY28NOV24FUT`. */
export interface ParsedUnderlying {
  /** `NIFTY`. */
  base: string;
  /** The embedded expiry, when the underlying carries one. */
  embeddedExpiry?: ExpiryDate;
  /** The embedded expiry's future symbol (`NIFTY28NOV24FUT`), when one is embedded. */
  futureSymbol?: string;
}

const EMBEDDED = /^([A-Z][A-Z0-9&_-]*?)(\d{2}[A-Z]{3}\d{2})(?:FUT)?$/;

export function parseUnderlying(text: string, field = 'underlying'): ParsedUnderlying {
  const upper = typeof text === 'string' ? text.trim().toUpperCase() : '';
  if (upper.length === 0 || upper.length > 50) {
    throw new InvalidRequestError(`Invalid ${field}: must be 1 to 50 characters (e.g. NIFTY)`, {
      field,
      details: { [field]: text },
    });
  }
  const m = EMBEDDED.exec(upper);
  const date = m ? tryParseExpiry(m[2] ?? '') : undefined;
  if (!m || !date) return { base: upper };
  const base = m[1] ?? upper;
  return { base, embeddedExpiry: date, futureSymbol: `${base}${formatCompactExpiry(date)}FUT` };
}

/**
 * The exchange an underlying's options trade on: NSE/NSE_INDEX → NFO, BSE/BSE_INDEX → BFO, and
 * the derivative exchanges (NFO, BFO, MCX, CDS, BCD, NCO, NCDEX) list options on themselves.
 */
export function optionExchangeFor(exchange: Exchange, field = 'exchange'): Exchange {
  switch (exchange) {
    case 'NSE':
    case 'NSE_INDEX':
    case 'NFO':
      return 'NFO';
    case 'BSE':
    case 'BSE_INDEX':
    case 'BFO':
      return 'BFO';
    case 'MCX':
    case 'CDS':
    case 'BCD':
    case 'NCO':
    case 'NCDEX':
      return exchange;
    default:
      throw new InvalidRequestError(
        `Invalid ${field} "${exchange}": options are listed for NSE_INDEX, NSE, BSE_INDEX, BSE, NFO, BFO, MCX, CDS, BCD, NCO and NCDEX underlyings`,
        { field, details: { [field]: exchange } },
      );
  }
}

/**
 * Python's `round` (half to even), which OpenAlgo's `round(ltp / strike_int) * strike_int` uses: an
 * LTP exactly between two strikes goes to the even multiple, not always up as `Math.round` would.
 */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}
