import { type Exchange, formatExpiry, MONTHS } from '@openalgo/core';

/**
 * Readers for single fields of Kite's instrument master, for `KiteRowMapper`. They run once per
 * distinct value (the mapper remembers what they returned), so they favour plain code; the helpers
 * the mapper calls on every row stay in its own module.
 */

/** Kite's weekly-expiry month code: 1–9 for Jan–Sep, then O, N, D. */
const WEEKLY_MONTH = '123456789OND';
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
export const BASE_NAME = /^[A-Z0-9][A-Z0-9&._-]*$/;

/** An `expiry` column value, parsed and formatted once per distinct value (a master has a few dozen). */
export interface Expiry {
  year: number;
  month: number;
  day: number;
  /** `26DEC24`, the expiry as it appears inside an OpenAlgo symbol. */
  compact: string;
  /** `26-DEC-24`, OpenAlgo's expiry column. */
  dashed: string;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

export function parseExpiryColumn(text: string): Expiry | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return {
    year,
    month,
    day,
    compact: `${pad2(day)}${MONTHS[month - 1]}${pad2(year % 100)}`,
    dashed: formatExpiry(year, month, day),
  };
}

/**
 * Kite exchange → OpenAlgo exchange for rows outside the INDICES segment. A `switch` returns the
 * same literal string every time, so 100k rows share one string per exchange instead of each
 * keeping its own copy cut from the CSV.
 */
export function tradableExchange(exchange: string): Exchange | undefined {
  switch (exchange) {
    case 'NSE':
      return 'NSE';
    case 'BSE':
      return 'BSE';
    case 'NFO':
      return 'NFO';
    case 'BFO':
      return 'BFO';
    case 'CDS':
      return 'CDS';
    case 'BCD':
      return 'BCD';
    case 'MCX':
      return 'MCX';
    case 'NCO':
      return 'NCO';
    // Global indices (GIFT NIFTY, US30…) are quote-only feeds whatever their segment says.
    case 'GLOBAL':
    case 'NSEIX':
      return 'GLOBAL_INDEX';
    default:
      return undefined;
  }
}

/** Kite exchange of a segment-INDICES row → OpenAlgo index exchange. */
export function indexFeedExchange(exchange: string): Exchange | undefined {
  switch (exchange) {
    case 'NSE':
      return 'NSE_INDEX';
    case 'BSE':
      return 'BSE_INDEX';
    case 'MCX':
      return 'MCX_INDEX';
    case 'GLOBAL':
    case 'NSEIX':
      return 'GLOBAL_INDEX';
    default:
      return undefined;
  }
}

/** The shared literal for Kite's own exchange code of an index or global feed row. */
export function feedExchangeCode(code: string): string {
  switch (code) {
    case 'NSE':
      return 'NSE';
    case 'BSE':
      return 'BSE';
    case 'MCX':
      return 'MCX';
    case 'GLOBAL':
      return 'GLOBAL';
    case 'NSEIX':
      return 'NSEIX';
    default:
      return code;
  }
}

/**
 * The underlying of a derivative whose `name` column is empty (old masters): Kite's tradingsymbol
 * is NAME + YY + MMM (monthly) or NAME + YY + M + DD (weekly), then the strike and CE/PE or FUT, and
 * the expiry column tells us which date code to look for.
 */
export function baseFromTradingsymbol(ts: string, suffix: string, expiry: Expiry): string | undefined {
  if (!ts.endsWith(suffix)) return undefined;
  const body = ts.slice(0, ts.length - suffix.length);
  const yy = pad2(expiry.year % 100);
  const codes = [
    `${yy}${MONTHS[expiry.month - 1]}`,
    `${yy}${WEEKLY_MONTH[expiry.month - 1]}${pad2(expiry.day)}`,
  ];
  for (const code of codes) {
    if (body.length > code.length && body.endsWith(code)) return body.slice(0, body.length - code.length);
  }
  return undefined;
}
