import { type Exchange, formatExpiry, formatStrike, type Instrument, istParts } from '@openalgo/core';
import { indexRoot, openAlgoIndexSymbol } from './index-symbols.js';

/**
 * The 21 headerless columns of a Fyers segment CSV (brokers.md §3.5), by position. Only the ones
 * the transform reads are named.
 */
export const COL = {
  fyToken: 0,
  details: 1,
  type: 2,
  lotSize: 3,
  tickSize: 4,
  expiry: 8,
  ticker: 9,
  underlying: 13,
  strike: 15,
  optionType: 16,
} as const;
const BASE_NAME = /^[A-Z0-9&_-]+$/;
/** Rows shorter than this lack the option-type column and cannot be read. */
export const MIN_COLUMNS = 17;

interface Segment {
  /** Tradable exchange of the segment's rows (cash segments: indices move to `*_INDEX`). */
  exchange: Exchange;
  index?: Exchange;
  /** Instrument-type codes that are equities (OpenAlgo's transform keeps only these in cash). */
  equityTypes?: ReadonlySet<string>;
  derivatives: boolean;
}

/** fyToken prefix (exchange + segment, §3.5) → where its rows go in OpenAlgo terms (§3.8). */
const SEGMENTS: ReadonlyMap<string, Segment> = new Map([
  [
    '1010',
    { exchange: 'NSE', index: 'NSE_INDEX', equityTypes: new Set(['0', '9', '2']), derivatives: false },
  ],
  [
    '1210',
    { exchange: 'BSE', index: 'BSE_INDEX', equityTypes: new Set(['0', '4', '50']), derivatives: false },
  ],
  ['1011', { exchange: 'NFO', derivatives: true }],
  ['1211', { exchange: 'BFO', derivatives: true }],
  ['1012', { exchange: 'CDS', derivatives: true }],
  ['1212', { exchange: 'BCD', derivatives: true }],
  ['1120', { exchange: 'MCX', index: 'MCX_INDEX', derivatives: true }],
  ['1020', { exchange: 'NCO', derivatives: true }],
] satisfies [string, Segment][]);

function isDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * Every row is built here, so all 100k+ share one object shape. (An object spread per row was ~30×
 * slower than the rest of the transform together: V8 clones it on a slow path.) `brexchange` is the
 * OpenAlgo exchange, as OpenAlgo's Fyers master keeps it; the fyToken alone already names the segment.
 */
function instrument(
  symbol: string,
  exchange: Exchange,
  brsymbol: string,
  token: string,
  name: string,
  expiry: string,
  strike: number,
  lotSize: number,
  tickSize: number,
  instrumentType: string,
): Instrument {
  return {
    symbol,
    exchange,
    brsymbol,
    brexchange: exchange,
    token,
    name,
    expiry,
    strike,
    lotSize,
    tickSize,
    instrumentType,
  };
}

interface Expiry {
  /** `26DEC24` */
  compact: string;
  /** `26-DEC-24` */
  dashed: string;
}

/**
 * Fyers master rows → OpenAlgo rows. One mapper serves one download: expiries and strikes repeat
 * row after row, so each distinct text is converted once.
 */
export class FyersRowMapper {
  private readonly expiries = new Map<string, Expiry | undefined>();
  private readonly strikes = new Map<string, string>();
  private lastPrefix = '';
  private lastSegment: Segment | undefined;

  /** The OpenAlgo row, or why the row cannot be one. */
  map(f: readonly string[]): Instrument | string {
    if (f.length < MIN_COLUMNS) return `short row (${f.length} columns)`;
    const fyToken = f[COL.fyToken] as string;
    // fyTokens are 14–16 digits (§3.5) and kept whole, as text: 16 digits exceed a safe integer.
    if (!isDigits(fyToken) || fyToken.length < 11) return `bad fyToken ${fyToken}`;
    const segment = this.segment(fyToken);
    if (!segment) return `unknown segment ${fyToken.slice(0, 4)}`;
    const ticker = f[COL.ticker] as string;
    if (!ticker.includes(':')) return `bad ticker ${ticker}`;
    const lotText = f[COL.lotSize] as string;
    const lotSize = Number(lotText);
    if (!Number.isSafeInteger(lotSize) || lotSize < 0) return `bad lot size ${lotText}`;
    const tickText = f[COL.tickSize] as string;
    const tickSize = Number(tickText);
    if (!Number.isFinite(tickSize) || tickSize < 0 || tickText === '') return `bad tick size ${tickText}`;
    const details = f[COL.details] as string;

    const root = indexRoot(ticker);
    if (root !== undefined) {
      if (!segment.index) return `index on a segment without an index exchange: ${ticker}`;
      const symbol = openAlgoIndexSymbol(root, segment.index === 'BSE_INDEX');
      if (!symbol) return `empty index name ${ticker}`;
      // The name keeps "Symbol Details" (`Nifty 50`), the feed name HSM's index topics use.
      return instrument(symbol, segment.index, ticker, fyToken, details, '', 0, lotSize, tickSize, 'INDEX');
    }
    const underlying = (f[COL.underlying] as string).trim();
    if (!segment.derivatives) {
      const type = f[COL.type] as string;
      if (!segment.equityTypes?.has(type)) return `instrument type ${type} is not an equity`;
      // Type 2 is debt; only sovereign gold bonds (`-GB`) are kept, as OpenAlgo does.
      const gold = ticker.endsWith('-GB');
      if (type === '2' && !gold) return 'debt instrument';
      const symbol = underlying || ticker.slice(ticker.indexOf(':') + 1).replace(/-[A-Z0-9]{1,5}$/, '');
      return instrument(
        symbol,
        segment.exchange,
        ticker,
        fyToken,
        details || symbol,
        '',
        0,
        lotSize,
        tickSize,
        gold ? 'GB' : 'EQ',
      );
    }
    const base = underlying || details.split(' ')[0] || '';
    if (!BASE_NAME.test(base)) return `cannot tell the underlying of ${ticker}`;
    const expiry = this.expiry(f[COL.expiry] as string);
    if (!expiry) return `bad expiry ${f[COL.expiry]}`;
    const optionType = f[COL.optionType] as string;
    let symbol: string;
    let strike = 0;
    let instrumentType: string;
    if (optionType === 'CE' || optionType === 'PE') {
      const strikeText = f[COL.strike] as string;
      strike = Number(strikeText);
      if (!Number.isFinite(strike) || strike <= 0) return `option without strike: ${ticker}`;
      const strikeLabel = this.strike(strikeText, strike);
      if (strikeLabel === undefined) return `unreadable strike ${strikeText}`;
      symbol = base + expiry.compact + strikeLabel + optionType;
      instrumentType = optionType;
    } else if (optionType === 'XX' || optionType === '') {
      symbol = `${base}${expiry.compact}FUT`;
      instrumentType = 'FUT';
    } else return `unknown option type ${optionType}`;
    return instrument(
      symbol,
      segment.exchange,
      ticker,
      fyToken,
      base,
      expiry.dashed,
      strike,
      lotSize,
      tickSize,
      instrumentType,
    );
  }

  /** The segment of a fyToken's first four digits; rows come grouped, so the last one is kept. */
  private segment(fyToken: string): Segment | undefined {
    if (this.lastPrefix === '' || !fyToken.startsWith(this.lastPrefix)) {
      this.lastPrefix = fyToken.slice(0, 4);
      this.lastSegment = SEGMENTS.get(this.lastPrefix);
    }
    return this.lastSegment;
  }

  /** Epoch seconds (the contract's last moment) → its IST calendar date. */
  private expiry(text: string): Expiry | undefined {
    let expiry = this.expiries.get(text);
    if (expiry === undefined && !this.expiries.has(text)) {
      const seconds = Number(text);
      if (text !== '' && Number.isSafeInteger(seconds) && seconds > 0) {
        const p = istParts(seconds * 1000);
        const dashed = formatExpiry(p.year, p.month, p.day);
        expiry = { dashed, compact: dashed.replaceAll('-', '') };
      }
      this.expiries.set(text, expiry);
    }
    return expiry;
  }

  /** `formatStrike` throws for a strike that rounds to 0; such a row is skipped, not fatal. */
  private strike(text: string, value: number): string | undefined {
    let formatted = this.strikes.get(text);
    if (formatted === undefined) {
      try {
        formatted = formatStrike(value);
      } catch {
        return undefined;
      }
      this.strikes.set(text, formatted);
    }
    return formatted;
  }
}
