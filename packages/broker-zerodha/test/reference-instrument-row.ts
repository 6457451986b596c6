/**
 * The Kite master transform as first written: one record (keyed by column name) at a time, regexes
 * and formatters per row, nothing cached. Kept verbatim as the yardstick for `KiteRowMapper`, which
 * must turn every row into exactly the same OpenAlgo row (or refuse it with the same reason).
 */
import { type Exchange, formatExpiry, formatStrike, MONTHS } from '@openalgo/core';
import { openAlgoIndexName } from '../src/instruments/index-names.js';
import type { KiteInstrumentRecord, RowResult } from '../src/instruments/instrument-row.js';
import { TOKEN_SEPARATOR } from '../src/instruments/symbols.js';

/** Kite exchange → OpenAlgo exchange for rows outside the INDICES segment. */
const TRADABLE: Readonly<Record<string, Exchange>> = {
  NSE: 'NSE',
  BSE: 'BSE',
  NFO: 'NFO',
  BFO: 'BFO',
  CDS: 'CDS',
  BCD: 'BCD',
  MCX: 'MCX',
  NCO: 'NCO',
  // Global indices (GIFT NIFTY, US30…) are quote-only feeds whatever their segment says.
  GLOBAL: 'GLOBAL_INDEX',
  NSEIX: 'GLOBAL_INDEX',
};

/** Kite exchange of a segment-INDICES row → OpenAlgo index exchange. */
const INDEX_FEEDS: Readonly<Record<string, Exchange>> = {
  NSE: 'NSE_INDEX',
  BSE: 'BSE_INDEX',
  MCX: 'MCX_INDEX',
  GLOBAL: 'GLOBAL_INDEX',
  NSEIX: 'GLOBAL_INDEX',
};

const BASE_NAME = /^[A-Z0-9][A-Z0-9&._-]*$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Kite's weekly-expiry month code: 1–9 for Jan–Sep, then O, N, D. */
const WEEKLY_MONTH = '123456789OND';

interface Expiry {
  year: number;
  month: number;
  day: number;
}

function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function parseExpiryColumn(text: string): Expiry | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/** `26DEC24`, the expiry as it appears inside an OpenAlgo symbol. */
function compactExpiry(e: Expiry): string {
  return `${pad2(e.day)}${MONTHS[e.month - 1]}${pad2(e.year % 100)}`;
}

/**
 * The underlying of a derivative whose `name` column is empty (old masters): Kite's tradingsymbol
 * is NAME + YY + MMM (monthly) or NAME + YY + M + DD (weekly), then the strike and CE/PE or FUT, and
 * the expiry column tells us which date code to look for.
 */
function baseFromTradingsymbol(ts: string, suffix: string, expiry: Expiry): string | undefined {
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

function openAlgoExchange(exchange: string, segment: string): Exchange | undefined {
  return segment === 'INDICES' ? own(INDEX_FEEDS, exchange) : own(TRADABLE, exchange);
}

/**
 * One CSV record of Kite's master → an OpenAlgo row (docs/reference/brokers.md §1.8 "master transform"): index
 * feeds move to `*_INDEX` exchanges with compact names, futures and options are rebuilt as
 * NAME + DDMMMYY (+ strike + CE|PE | FUT) so Kite's weekly `NIFTY24D1924000CE` becomes
 * `NIFTY19DEC2424000CE`, expiry is `DD-MMM-YY`, and the token keeps both Kite tokens.
 */
export function referenceKiteInstrumentRow(rec: KiteInstrumentRecord): RowResult {
  const tradingsymbol = rec.tradingsymbol ?? '';
  const brexchange = rec.exchange ?? '';
  const instrumentType = rec.instrument_type ?? '';
  const exchange = openAlgoExchange(brexchange, rec.segment ?? '');
  if (!exchange) return { ok: false, reason: `unsupported exchange ${brexchange}/${rec.segment}` };
  if (!tradingsymbol) return { ok: false, reason: 'empty tradingsymbol' };
  const instrumentTokenText = rec.instrument_token ?? '';
  const exchangeToken = rec.exchange_token ?? '';
  if (!/^\d+$/.test(instrumentTokenText) || !/^\d+$/.test(exchangeToken)) {
    return { ok: false, reason: `bad tokens ${instrumentTokenText}/${exchangeToken}` };
  }

  const name = (rec.name ?? '').trim();
  const strikeValue = Number(rec.strike || 0);
  const strike = Number.isFinite(strikeValue) && strikeValue > 0 ? strikeValue : 0;
  const expiryText = rec.expiry ?? '';
  const expiry = expiryText ? parseExpiryColumn(expiryText) : undefined;
  if (expiryText && !expiry) return { ok: false, reason: `bad expiry ${expiryText}` };

  let symbol = tradingsymbol;
  let underlying = name;
  if (exchange.endsWith('_INDEX')) {
    symbol = openAlgoIndexName(tradingsymbol, exchange);
  } else if (instrumentType === 'FUT' || instrumentType === 'CE' || instrumentType === 'PE') {
    if (!expiry) return { ok: false, reason: `${instrumentType} without expiry` };
    const isOption = instrumentType !== 'FUT';
    if (isOption && strike <= 0) return { ok: false, reason: 'option without strike' };
    const strikeText = isOption ? formatStrike(strike) : '';
    if (!BASE_NAME.test(underlying)) {
      const derived = baseFromTradingsymbol(tradingsymbol, `${strikeText}${instrumentType}`, expiry);
      if (!derived || !BASE_NAME.test(derived)) return { ok: false, reason: 'cannot tell the underlying' };
      underlying = derived;
    }
    symbol = `${underlying}${compactExpiry(expiry)}${strikeText}${instrumentType}`;
  }

  const lotSize = Number(rec.lot_size || 0);
  const tickSize = Number(rec.tick_size || 0);
  if (!Number.isSafeInteger(lotSize) || lotSize < 0)
    return { ok: false, reason: `bad lot_size ${rec.lot_size}` };
  if (!Number.isFinite(tickSize) || tickSize < 0)
    return { ok: false, reason: `bad tick_size ${rec.tick_size}` };
  return {
    ok: true,
    row: {
      symbol,
      exchange,
      brsymbol: tradingsymbol,
      brexchange,
      token: `${instrumentTokenText}${TOKEN_SEPARATOR}${exchangeToken}`,
      name: underlying,
      expiry: expiry ? formatExpiry(expiry.year, expiry.month, expiry.day) : '',
      strike,
      lotSize,
      tickSize,
      instrumentType,
    },
  };
}
