import { InvalidRequestError, type OpenAlgoError } from '../errors/openalgo-error.js';
import {
  CASH_EXCHANGES,
  DERIVATIVE_EXCHANGES,
  EXCHANGES,
  type Exchange,
  INDEX_EXCHANGES,
} from '../model/enums.js';
import { type ExpiryDate, expiryFromFields, formatCompactExpiry } from './expiry.js';
import { formatStrike, readStrike } from './strike.js';

export type OptionType = 'CE' | 'PE';

/** An OpenAlgo symbol taken apart (docs/reference/openalgo-api.md §4.1). */
export type ParsedSymbol =
  | { kind: 'equity'; base: string }
  | { kind: 'index'; base: string }
  | { kind: 'future'; base: string; expiry: ExpiryDate }
  | { kind: 'option'; base: string; expiry: ExpiryDate; strike: number; optionType: OptionType };

export type SymbolKind = ParsedSymbol['kind'];

const MAX_SYMBOL_LENGTH = 64;
/** Tickers and underlyings: `SBIN`, `M&M`, `BAJAJ-AUTO`, `726GS2033`, `NIFTYNXT50`. */
const BASE = /^[A-Z0-9][A-Z0-9&._-]*$/;
/** Index feeds are quote-only and some carry a space in their name, so they get a looser rule. */
const INDEX_NAME = /^[A-Z0-9](?:[A-Z0-9&._ -]*[A-Z0-9&._-])?$/;
const LOOKS_DERIVATIVE = /\d{2}[A-Z]{3}\d{2}.*(?:FUT|CE|PE)$/;
const DATE_LENGTH = 7;

function invalid(symbol: string, exchange: string | undefined, problem: string): OpenAlgoError {
  const where = exchange ? ` on ${exchange}` : '';
  return new InvalidRequestError(`Invalid symbol "${symbol}"${where}: ${problem}`, {
    field: 'symbol',
    details: { symbol, ...(exchange ? { exchange } : {}) },
  });
}

type Attempt = { ok: true; value: ParsedSymbol } | { ok: false; problem: string };

function dateAt(text: string, start: number): ExpiryDate | undefined {
  if (start < 0) return undefined;
  return expiryFromFields(
    text.slice(start, start + 2),
    text.slice(start + 2, start + 5),
    text.slice(start + 5, start + 7),
  );
}

function checkBase(base: string): string | undefined {
  if (base.length === 0) return 'the underlying name before the expiry is missing';
  if (!BASE.test(base)) return `underlying "${base}" may only contain A-Z, 0-9, &, -, _ and .`;
  return undefined;
}

/** `[BASE][DDMMMYY]FUT`: the date is the seven characters right before `FUT`, the rest is the base. */
function parseFuture(symbol: string): Attempt {
  const body = symbol.slice(0, -3);
  const expiry = dateAt(body, body.length - DATE_LENGTH);
  if (!expiry)
    return { ok: false, problem: 'a future is [BASE][DDMMMYY]FUT with a real date, e.g. NIFTY26DEC24FUT' };
  const base = body.slice(0, body.length - DATE_LENGTH);
  const problem = checkBase(base);
  return problem ? { ok: false, problem } : { ok: true, value: { kind: 'future', base, expiry } };
}

/**
 * `[BASE][DDMMMYY][STRIKE][CE|PE]`. The strike and the year are digits that run together
 * (`NIFTY26DEC2424000CE`), but the strike never contains a letter, so the month is the last run of
 * letters: the date is anchored there and the two digits after the month are the year.
 */
function parseOption(symbol: string): Attempt {
  const optionType = symbol.slice(-2) as OptionType;
  const body = symbol.slice(0, -2);
  let lastLetter = body.length - 1;
  while (lastLetter >= 0 && !isLetter(body.charCodeAt(lastLetter))) lastLetter--;
  const dateStart = lastLetter - 4;
  const expiry = dateAt(body, dateStart);
  if (!expiry) {
    return {
      ok: false,
      problem: 'an option is [BASE][DDMMMYY][STRIKE][CE|PE] with a real date, e.g. NIFTY26DEC2424000CE',
    };
  }
  const strikeText = body.slice(dateStart + DATE_LENGTH);
  const strike = readStrike(strikeText);
  if (strike === undefined) {
    return { ok: false, problem: `strike "${strikeText}" after the expiry must be a number greater than 0` };
  }
  const base = body.slice(0, dateStart);
  const problem = checkBase(base);
  if (problem) return { ok: false, problem };
  return { ok: true, value: { kind: 'option', base, expiry, strike, optionType } };
}

function isLetter(code: number): boolean {
  return code >= 65 && code <= 90;
}

function parseDerivative(symbol: string): Attempt {
  if (symbol.endsWith('FUT')) return parseFuture(symbol);
  if (symbol.endsWith('CE') || symbol.endsWith('PE')) return parseOption(symbol);
  return { ok: false, problem: 'a derivative symbol ends with FUT, CE or PE' };
}

/**
 * A derivative's canonical text is unique (no leading zeros, no `.0` strike), and lookups are exact
 * string matches, so a non-canonical spelling would silently miss: reject it and say what was meant.
 */
function requireCanonical(symbol: string, exchange: string | undefined, parsed: ParsedSymbol): ParsedSymbol {
  const canonical = formatSymbol(parsed);
  if (canonical !== symbol)
    throw invalid(symbol, exchange, `not in canonical form, did you mean ${canonical}?`);
  return parsed;
}

function parseNamed(symbol: string, exchange: string | undefined, kind: 'equity' | 'index'): ParsedSymbol {
  const rule = kind === 'index' ? INDEX_NAME : BASE;
  if (!rule.test(symbol)) {
    const allowed = kind === 'index' ? 'A-Z, 0-9, &, -, _, . and spaces' : 'A-Z, 0-9, &, -, _ and .';
    throw invalid(
      symbol,
      exchange,
      `${kind === 'index' ? 'an index name' : 'a ticker'} may only contain ${allowed}`,
    );
  }
  return { kind, base: symbol };
}

/**
 * Takes an OpenAlgo symbol apart. With an exchange the kind is enforced: `*_INDEX` → index name,
 * NSE/BSE → equity (a derivative-shaped symbol there is rejected as a likely wrong exchange), F&O and
 * commodity exchanges → future or option. Without one, a symbol that parses as a derivative is one
 * and anything else is an equity. Symbols are upper case: lower case is rejected (with the upper-case
 * spelling in the message) rather than normalised, because lookups are exact. Throws INVALID_REQUEST.
 */
export function parseSymbol(symbol: string, exchange?: Exchange): ParsedSymbol {
  if (exchange !== undefined && !(EXCHANGES as readonly string[]).includes(exchange)) {
    throw new InvalidRequestError(`Invalid exchange "${exchange}": must be one of ${EXCHANGES.join(', ')}`, {
      field: 'exchange',
      details: { symbol, exchange },
    });
  }
  if (typeof symbol !== 'string' || symbol.length === 0)
    throw invalid(String(symbol), exchange, 'must not be empty');
  if (symbol.length > MAX_SYMBOL_LENGTH)
    throw invalid(symbol, exchange, `longer than ${MAX_SYMBOL_LENGTH} characters`);
  if (symbol !== symbol.trim()) throw invalid(symbol, exchange, 'has leading or trailing spaces');
  const upper = symbol.toUpperCase();
  if (upper !== symbol)
    throw invalid(symbol, exchange, `OpenAlgo symbols are upper case, did you mean ${upper}?`);

  if (exchange !== undefined && INDEX_EXCHANGES.has(exchange)) {
    if (LOOKS_DERIVATIVE.test(symbol) && parseDerivative(symbol).ok) {
      throw invalid(
        symbol,
        exchange,
        'index feeds have no derivatives; futures and options trade on NFO/BFO',
      );
    }
    return parseNamed(symbol, exchange, 'index');
  }
  if (exchange !== undefined && DERIVATIVE_EXCHANGES.has(exchange)) {
    const attempt = parseDerivative(symbol);
    if (!attempt.ok)
      throw invalid(symbol, exchange, `${exchange} symbols are futures or options; ${attempt.problem}`);
    return requireCanonical(symbol, exchange, attempt.value);
  }
  if (LOOKS_DERIVATIVE.test(symbol)) {
    const attempt = parseDerivative(symbol);
    if (exchange !== undefined && CASH_EXCHANGES.has(exchange)) {
      const what = attempt.ok
        ? `is ${attempt.value.kind === 'future' ? 'a future' : 'an option'}`
        : 'looks like a derivative';
      throw invalid(
        symbol,
        exchange,
        `${what}, but ${exchange} is a cash exchange (derivatives trade on NFO/BFO/MCX/CDS…)`,
      );
    }
    if (!attempt.ok) throw invalid(symbol, exchange, attempt.problem);
    return requireCanonical(symbol, exchange, attempt.value);
  }
  return parseNamed(symbol, exchange, 'equity');
}

/** The inverse of `parseSymbol`: builds the canonical symbol text. Throws INVALID_REQUEST on bad parts. */
export function formatSymbol(parts: ParsedSymbol): string {
  const rule = parts.kind === 'index' ? INDEX_NAME : BASE;
  if (typeof parts.base !== 'string' || !rule.test(parts.base) || parts.base.length > MAX_SYMBOL_LENGTH) {
    throw new InvalidRequestError(`Invalid ${parts.kind} base "${parts.base}"`, {
      field: 'base',
      details: { base: parts.base },
    });
  }
  switch (parts.kind) {
    case 'equity':
    case 'index':
      return parts.base;
    case 'future':
      return `${parts.base}${formatCompactExpiry(parts.expiry)}FUT`;
    case 'option': {
      if (parts.optionType !== 'CE' && parts.optionType !== 'PE') {
        throw new InvalidRequestError(`Invalid option type "${String(parts.optionType)}": must be CE or PE`, {
          field: 'optionType',
        });
      }
      return `${parts.base}${formatCompactExpiry(parts.expiry)}${formatStrike(parts.strike)}${parts.optionType}`;
    }
  }
}
