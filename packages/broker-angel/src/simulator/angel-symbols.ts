import { type ExpiryDate, formatStrike, MONTHS } from '@openalgo/core';

/**
 * Angel's naming rules, written from Angel's side (docs/reference/brokers.md §2.5, §2.8). The simulator
 * mints these independently of the adapter's parser, so the two check each other.
 */

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `28OCT2025`: the master's `expiry` column. */
export function angelExpiry(date: ExpiryDate): string {
  return `${pad2(date.day)}${MONTHS[date.month - 1]}${date.year}`;
}

/** `28OCT25`: the date inside NFO, MCX and CDS symbols (OpenAlgo's own layout). */
function compactDate(date: ExpiryDate): string {
  return `${pad2(date.day)}${MONTHS[date.month - 1]}${pad2(date.year % 100)}`;
}

export type DerivativeType = 'FUT' | 'CE' | 'PE';

/**
 * NFO, MCX and CDS: `NIFTY28OCT2524400CE`, `NIFTY28OCT25FUT` — already OpenAlgo's format, which is
 * why OpenAlgo leaves NFO symbols as they are (§2.8).
 */
export function compactDerivativeSymbol(
  underlying: string,
  expiry: ExpiryDate,
  type: DerivativeType,
  strike = 0,
): string {
  const date = compactDate(expiry);
  return type === 'FUT' ? `${underlying}${date}FUT` : `${underlying}${date}${formatStrike(strike)}${type}`;
}

/** Weekly contracts carry a one-character month: 1–9 for January–September, then O, N, D. */
const WEEKLY_MONTH_CODES = '123456789OND';

/**
 * BFO rows come from the exchange's own file, which Angel does not normalise (OpenAlgo #486: "The file
 * is received from the exchanges daily"): futures `SENSEX26JANFUT`, monthly options
 * `SENSEX26JAN77000CE`, weekly options `SENSEX2610877000CE` (two-digit year, month code, day). The
 * exact weekly layout is [unverified] (the issue shows it only as a screenshot); it is the
 * exchange layout the other brokers' BFO masters use. OpenAlgo rebuilds every BFO symbol from
 * name + expiry + strike for that reason (PR #501), so an adapter that trusts the symbol column fails.
 */
export function bfoSymbol(
  underlying: string,
  expiry: ExpiryDate,
  type: DerivativeType,
  strike: number,
  monthly: boolean,
): string {
  const yy = pad2(expiry.year % 100);
  if (type === 'FUT') return `${underlying}${yy}${MONTHS[expiry.month - 1]}FUT`;
  const date = monthly
    ? `${yy}${MONTHS[expiry.month - 1]}`
    : `${yy}${WEEKLY_MONTH_CODES[expiry.month - 1]}${pad2(expiry.day)}`;
  return `${underlying}${date}${formatStrike(strike)}${type}`;
}

/**
 * Index rows: the display name goes in `symbol`, a short name in `name` (§2.5). The big indices carry
 * OpenAlgo's short name (`NIFTY`, token 99926000); the others an upper-case name that OpenAlgo squeezes
 * and renames (`NIFTY NEXT 50` → NIFTYNEXT50 → NIFTYNXT50, `SNSX50` → SENSEX50).
 */
interface IndexNames {
  symbol: string;
  name: string;
  token?: string;
}

const KNOWN_INDICES: Readonly<Record<string, IndexNames>> = {
  'NSE_INDEX:NIFTY': { symbol: 'Nifty 50', name: 'NIFTY', token: '99926000' },
  'NSE_INDEX:BANKNIFTY': { symbol: 'Nifty Bank', name: 'BANKNIFTY', token: '99926009' },
  'NSE_INDEX:FINNIFTY': { symbol: 'Nifty Fin Service', name: 'FINNIFTY', token: '99926037' },
  'NSE_INDEX:MIDCPNIFTY': { symbol: 'NIFTY MID SELECT', name: 'NIFTY MID SELECT', token: '99926074' },
  'NSE_INDEX:NIFTYNXT50': { symbol: 'Nifty Next 50', name: 'NIFTY NEXT 50', token: '99926013' },
  'NSE_INDEX:INDIAVIX': { symbol: 'India VIX', name: 'INDIA VIX', token: '99926017' },
  'BSE_INDEX:SENSEX': { symbol: 'SENSEX', name: 'SENSEX', token: '99919000' },
  'BSE_INDEX:BANKEX': { symbol: 'BANKEX', name: 'BANKEX', token: '99919012' },
  'BSE_INDEX:SENSEX50': { symbol: 'SNSX50', name: 'SNSX50', token: '99919014' },
};

function titleCase(text: string): string {
  return text
    .split(' ')
    .map((word) => (/^[A-Z]+$/.test(word) && word.length > 3 ? word[0] + word.slice(1).toLowerCase() : word))
    .join(' ');
}

/** `symbol`, `name` and, for the well-known ones, Angel's token of an index feed. */
export function indexNames(exchange: string, symbol: string, longName: string): IndexNames {
  const known = KNOWN_INDICES[`${exchange}:${symbol}`];
  if (known) return known;
  const name = (longName || symbol).toUpperCase();
  return { symbol: titleCase(name), name };
}

/** The master's `strike` column: ×100 (paise), CDS options ×10⁷, `-1` for non-options, `0` for indices. */
export function strikeColumn(kind: string, exchange: string, strike: number): string {
  if (kind === 'index') return '0.000000';
  if (kind !== 'option') return '-1.000000';
  const scale = exchange === 'CDS' ? 10_000_000 : 100;
  return (Math.round(strike * scale * 1e6) / 1e6).toFixed(6);
}

/** The master's `tick_size` column: the tick in paise (`5.000000` = ₹0.05); `0` for indices. */
export function tickColumn(kind: string, tick: number): string {
  if (kind === 'index') return '0.000000';
  return (Math.round(tick * 100 * 1e6) / 1e6).toFixed(6);
}
