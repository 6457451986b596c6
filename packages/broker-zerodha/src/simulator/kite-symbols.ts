import { type ExpiryDate, formatStrike, MONTHS } from '@openalgo/core';

/**
 * Kite's naming rules, written from Kite's side (docs/reference/brokers.md §1.5). The simulator mints
 * these independently of the adapter's parser, so the two check each other.
 */

/** The low byte of every instrument token: the exchange segment it trades on. */
export const SEGMENT_CODES = {
  NSE: 1,
  NFO: 2,
  CDS: 3,
  BSE: 4,
  BFO: 5,
  BCD: 6,
  MCX: 7,
  INDICES: 9,
} as const;

export type SegmentCodeName = keyof typeof SEGMENT_CODES;

/** `instrument_token = exchange_token × 256 + segment code`. */
export function instrumentTokenOf(exchangeToken: number, code: number): number {
  return exchangeToken * 256 + code;
}

/** Weekly expiries carry a one-character month: 1–9 for January–September, then O, N, D. */
const WEEKLY_MONTH_CODES = '123456789OND';

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export type KiteDerivativeType = 'FUT' | 'CE' | 'PE';

export interface KiteDerivativeName {
  underlying: string;
  expiry: ExpiryDate;
  type: KiteDerivativeType;
  /** Options only. */
  strike?: number;
  /**
   * The last listed expiry of its month uses the monthly form (`NIFTY24DEC24000CE`); every other
   * one the weekly form (`NIFTY24D1924000CE`). Futures are always monthly.
   */
  monthly: boolean;
}

/**
 * `NIFTY24DECFUT`, `NIFTY24DEC24000CE` (monthly) or `NIFTY24D1924000CE` (weekly): underlying, two-digit
 * year, then the month (three letters) or month code + day, then the strike and CE/PE, or FUT.
 */
export function kiteDerivativeSymbol(d: KiteDerivativeName): string {
  const yy = pad2(d.expiry.year % 100);
  const monthly = d.type === 'FUT' || d.monthly;
  const date = monthly
    ? `${yy}${MONTHS[d.expiry.month - 1]}`
    : `${yy}${WEEKLY_MONTH_CODES[d.expiry.month - 1]}${pad2(d.expiry.day)}`;
  if (d.type === 'FUT') return `${d.underlying}${date}FUT`;
  return `${d.underlying}${date}${formatStrike(d.strike ?? 0)}${d.type}`;
}

/**
 * Kite lists index feeds by the exchange's own names, with spaces. OpenAlgo's compact names for the
 * ones the sandbox prices; an unlisted compact `NIFTY…` name gets its space back (`NIFTYIT` →
 * `NIFTY IT`), anything else keeps its name.
 */
const INDEX_NAMES: Readonly<Record<string, string>> = {
  NIFTY: 'NIFTY 50',
  BANKNIFTY: 'NIFTY BANK',
  FINNIFTY: 'NIFTY FIN SERVICE',
  MIDCPNIFTY: 'NIFTY MID SELECT',
  NIFTYNXT50: 'NIFTY NEXT 50',
  INDIAVIX: 'INDIA VIX',
  SENSEX: 'SENSEX',
  BANKEX: 'BANKEX',
  SENSEX50: 'SNSX50',
};

export function kiteIndexName(openAlgoSymbol: string): string {
  const known = Object.hasOwn(INDEX_NAMES, openAlgoSymbol) ? INDEX_NAMES[openAlgoSymbol] : undefined;
  if (known !== undefined) return known;
  if (openAlgoSymbol.startsWith('NIFTY') && openAlgoSymbol.length > 5) {
    return `NIFTY ${openAlgoSymbol.slice(5)}`;
  }
  return openAlgoSymbol;
}

/** `26-DEC-24` → date; the sandbox's expiry column. */
export function expiryFromDashed(text: string): ExpiryDate | undefined {
  const m = /^(\d{2})-([A-Z]{3})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const month = (MONTHS as readonly string[]).indexOf(m[2] ?? '') + 1;
  if (month === 0) return undefined;
  return { year: 2000 + Number(m[3]), month, day: Number(m[1]) };
}

/** `2024-12-26`, the master's expiry column. */
export function isoExpiry(date: ExpiryDate): string {
  return `${date.year}-${pad2(date.month)}-${pad2(date.day)}`;
}

/** Month key of an expiry, for finding the last expiry of each month. */
export function expiryMonthKey(date: ExpiryDate): number {
  return date.year * 12 + date.month;
}

/** Day key of an expiry, comparable across months. */
export function expiryDayKey(date: ExpiryDate): number {
  return date.year * 10_000 + date.month * 100 + date.day;
}
