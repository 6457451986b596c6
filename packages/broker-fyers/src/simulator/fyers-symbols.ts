import { type ExpiryDate, formatStrike, istToEpoch, MONTHS } from '@openalgo/core';

/**
 * Fyers' names for things, as the simulator's master lists them (brokers.md §3.5, §3.8). Only the
 * simulator's side: the adapter reads tickers from the master and never builds them.
 */

/** The per-segment CSV files Fyers publishes under `public.fyers.in/sym_details/`. */
export const FYERS_SEGMENT_FILES = ['NSE_CM', 'NSE_FO', 'BSE_CM', 'BSE_FO', 'MCX_COM', 'NSE_CD'] as const;
export type FyersSegmentFile = (typeof FYERS_SEGMENT_FILES)[number];

/** Exchange ints (§3.4): 10 NSE, 11 MCX, 12 BSE. Segment ints: 10 CM, 11 FO, 12 CD, 20 COMM. */
export interface SegmentCodes {
  exchange: 10 | 11 | 12;
  segment: 10 | 11 | 12 | 20;
  /** The ticker's exchange prefix (`NSE:` for NSE currency too). */
  prefix: 'NSE' | 'BSE' | 'MCX';
  /** fyToken's first four digits: exchange + segment. */
  fyPrefix: string;
  /** The HSM topic segment name (`sf|nse_cm|3045`). */
  hsmSegment: string;
}

export const SEGMENTS: Readonly<Record<FyersSegmentFile, SegmentCodes>> = {
  NSE_CM: { exchange: 10, segment: 10, prefix: 'NSE', fyPrefix: '1010', hsmSegment: 'nse_cm' },
  NSE_FO: { exchange: 10, segment: 11, prefix: 'NSE', fyPrefix: '1011', hsmSegment: 'nse_fo' },
  NSE_CD: { exchange: 10, segment: 12, prefix: 'NSE', fyPrefix: '1012', hsmSegment: 'cde_fo' },
  BSE_CM: { exchange: 12, segment: 10, prefix: 'BSE', fyPrefix: '1210', hsmSegment: 'bse_cm' },
  BSE_FO: { exchange: 12, segment: 11, prefix: 'BSE', fyPrefix: '1211', hsmSegment: 'bse_fo' },
  MCX_COM: { exchange: 11, segment: 20, prefix: 'MCX', fyPrefix: '1120', hsmSegment: 'mcx_fo' },
};

/** The segment file an OpenAlgo exchange's instruments are listed in. */
export function segmentFileOf(exchange: string): FyersSegmentFile | undefined {
  switch (exchange) {
    case 'NSE':
    case 'NSE_INDEX':
      return 'NSE_CM';
    case 'BSE':
    case 'BSE_INDEX':
      return 'BSE_CM';
    case 'NFO':
      return 'NSE_FO';
    case 'BFO':
      return 'BSE_FO';
    case 'CDS':
      return 'NSE_CD';
    case 'MCX':
      return 'MCX_COM';
    default:
      return undefined;
  }
}

/**
 * fyToken = exchange+segment (4 digits) + `YYMMDD` of the expiry (`000000` for cash and indices) +
 * the exchange token, whose length varies — 14 to 16 digits in all (§3.5).
 */
export function fyTokenOf(segment: FyersSegmentFile, expiry: ExpiryDate | undefined, token: number): string {
  const date = expiry ? `${pad2(expiry.year % 100)}${pad2(expiry.month)}${pad2(expiry.day)}` : '000000';
  return `${SEGMENTS[segment].fyPrefix}${date}${token}`;
}

/**
 * Fyers' names for the sandbox's indices: the ticker's root (`NSE:NIFTY50-INDEX`) and the long name
 * the HSM socket's index topics carry (`if|nse_cm|Nifty 50`, the JS SDK's table, §3.9).
 */
export const INDEX_NAMES: Readonly<Record<string, { root: string; details: string }>> = {
  NIFTY: { root: 'NIFTY50', details: 'Nifty 50' },
  BANKNIFTY: { root: 'NIFTYBANK', details: 'Nifty Bank' },
  FINNIFTY: { root: 'FINNIFTY', details: 'Nifty Fin Service' },
  MIDCPNIFTY: { root: 'MIDCPNIFTY', details: 'NIFTY MID SELECT' },
  INDIAVIX: { root: 'INDIAVIX', details: 'India VIX' },
  SENSEX: { root: 'SENSEX', details: 'SENSEX' },
  BANKEX: { root: 'BANKEX', details: 'BANKEX' },
};

/** An index's ticker root: the table above, else the OpenAlgo symbol itself. */
export function indexRootOf(openAlgoSymbol: string): string {
  return INDEX_NAMES[openAlgoSymbol]?.root ?? openAlgoSymbol;
}

/** Weekly option month codes: 1–9, then O N D (Kite's scheme, which Fyers shares; §3.5). */
const WEEKLY_MONTH_CODES = '123456789OND';

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

export interface DerivativeName {
  underlying: string;
  expiry: ExpiryDate;
  kind: 'future' | 'option';
  strike: number;
  optionType: 'CE' | 'PE' | undefined;
  /** The last expiry of its month in its chain: the monthly form. */
  monthly: boolean;
}

/**
 * The ticker's symbol part: futures `NIFTY24DECFUT`, monthly options `NIFTY24DEC24000CE`, weekly
 * options `NIFTY24D1924000CE` (YY + month code + DD).
 */
export function derivativeTickerSymbol(d: DerivativeName): string {
  const yy = pad2(d.expiry.year % 100);
  const mmm = MONTHS[d.expiry.month - 1] as string;
  if (d.kind === 'future') return `${d.underlying}${yy}${mmm}FUT`;
  const when = d.monthly
    ? `${yy}${mmm}`
    : `${yy}${WEEKLY_MONTH_CODES[d.expiry.month - 1]}${pad2(d.expiry.day)}`;
  return `${d.underlying}${when}${formatStrike(d.strike)}${d.optionType ?? 'CE'}`;
}

/** "Symbol Details" of a derivative: `NIFTY 29 Sep 26 29200 CE`, `NIFTY 24 Dec 24 FUT` (§3.5). */
export function derivativeDetails(d: DerivativeName): string {
  const mon =
    (MONTHS[d.expiry.month - 1] as string).charAt(0) +
    (MONTHS[d.expiry.month - 1] as string).slice(1).toLowerCase();
  const date = `${pad2(d.expiry.day)} ${mon} ${pad2(d.expiry.year % 100)}`;
  if (d.kind === 'future') return `${d.underlying} ${date} FUT`;
  return `${d.underlying} ${date} ${formatStrike(d.strike)} ${d.optionType ?? 'CE'}`;
}

/** The expiry column: epoch seconds of the contract's last trading moment (15:30 IST; [unverified] time of day). */
export function expiryEpochSeconds(expiry: ExpiryDate): number {
  return Math.floor(istToEpoch(expiry.year, expiry.month, expiry.day, 15, 30) / 1000);
}
