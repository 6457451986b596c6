import {
  type Exchange,
  flatString,
  formatExpiry,
  formatStrike,
  type Instrument,
  isDigits,
  istParts,
  ownString,
} from '@openalgo/core';
import { SEGMENTS, type Segment } from './fyers-segments.js';
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

interface Strike {
  value: number;
  /** `formatStrike(value)`; undefined when it cannot be formatted (rounds to 0). */
  label: string | undefined;
}

/**
 * Fyers master rows → OpenAlgo rows. One mapper serves one download. A master repeats its lot and
 * tick sizes, underlyings and expiries row after row, so each is compared with the previous row's and
 * parsed only when it changes (expiries and strikes once per distinct text); the rows then share those
 * strings and numbers instead of each keeping its own copy. Nothing of the CSV chunk is kept.
 */
export class FyersRowMapper {
  private readonly expiries = new Map<string, Expiry | undefined>();
  private readonly strikes = new Map<string, Strike>();
  private lastPrefix = '';
  private lastSegment: Segment | undefined;
  private lastLotText = '';
  private lastLot = 0;
  private lastTickText = '';
  private lastTick = 0;
  private lastUnderlyingText = '';
  private lastUnderlying = '';
  private lastBase = '';
  private lastBaseOk = false;
  private lastExpiryText = '';
  private lastExpiry: Expiry | undefined;
  private lastSymbolBase = '';
  private lastSymbolExpiry: Expiry | undefined;
  private lastSymbolPrefix = '';

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
    const lotSize = this.lotSize(lotText);
    if (!Number.isSafeInteger(lotSize) || lotSize < 0) return `bad lot size ${lotText}`;
    const tickText = f[COL.tickSize] as string;
    const tickSize = this.tickSize(tickText);
    if (!Number.isFinite(tickSize) || tickSize < 0 || tickText === '') return `bad tick size ${tickText}`;
    const details = f[COL.details] as string;
    const brsymbol = ownString(ticker);
    const token = ownString(fyToken);

    const root = indexRoot(ticker);
    if (root !== undefined) {
      if (!segment.index) return `index on a segment without an index exchange: ${ticker}`;
      const symbol = openAlgoIndexSymbol(root, segment.index === 'BSE_INDEX');
      if (!symbol) return `empty index name ${ticker}`;
      // The name keeps "Symbol Details" (`Nifty 50`), the feed name HSM's index topics use.
      const index = segment.index;
      return instrument(
        ownString(symbol),
        index,
        brsymbol,
        token,
        ownString(details),
        '',
        0,
        lotSize,
        tickSize,
        'INDEX',
      );
    }
    const underlying = this.underlying(f[COL.underlying] as string);
    if (!segment.derivatives) {
      const type = f[COL.type] as string;
      if (!segment.equityTypes?.has(type)) return `instrument type ${type} is not an equity`;
      // Type 2 is debt; only sovereign gold bonds (`-GB`) are kept, as OpenAlgo does.
      const gold = ticker.endsWith('-GB');
      if (type === '2' && !gold) return 'debt instrument';
      const symbol = ownString(
        underlying || ticker.slice(ticker.indexOf(':') + 1).replace(/-[A-Z0-9]{1,5}$/, ''),
      );
      // Cash rows mostly name themselves by their symbol: one string then serves both.
      const name = details === '' || details === symbol ? symbol : ownString(details);
      const kind = gold ? 'GB' : 'EQ';
      return instrument(symbol, segment.exchange, brsymbol, token, name, '', 0, lotSize, tickSize, kind);
    }
    const base = underlying || details.split(' ')[0] || '';
    if (!this.isBaseName(base)) return `cannot tell the underlying of ${ticker}`;
    const expiry = this.expiry(f[COL.expiry] as string);
    if (!expiry) return `bad expiry ${f[COL.expiry]}`;
    const optionType = f[COL.optionType] as string;
    let symbol: string;
    let strike = 0;
    let instrumentType: string;
    if (optionType === 'CE' || optionType === 'PE') {
      const strikeText = f[COL.strike] as string;
      const entry = this.strike(strikeText);
      strike = entry.value;
      if (!Number.isFinite(strike) || strike <= 0) return `option without strike: ${ticker}`;
      if (entry.label === undefined) return `unreadable strike ${strikeText}`;
      // The shared literals, not the row's own two-character copies.
      instrumentType = optionType === 'CE' ? 'CE' : 'PE';
      symbol = flatString(this.symbolPrefix(base, expiry) + entry.label + instrumentType);
    } else if (optionType === 'XX' || optionType === '') {
      symbol = flatString(`${this.symbolPrefix(base, expiry)}FUT`);
      instrumentType = 'FUT';
    } else return `unknown option type ${optionType}`;
    const exchange = segment.exchange;
    const dashed = expiry.dashed;
    return instrument(
      symbol,
      exchange,
      brsymbol,
      token,
      base,
      dashed,
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

  /** `Number(text)`; parsing costs more than comparing the text with the previous row's. */
  private lotSize(text: string): number {
    if (text !== this.lastLotText) {
      this.lastLotText = text;
      this.lastLot = Number(text);
    }
    return this.lastLot;
  }

  private tickSize(text: string): number {
    if (text !== this.lastTickText) {
      this.lastTickText = text;
      this.lastTick = Number(text);
    }
    return this.lastTick;
  }

  /** The trimmed underlying column, one string for a run of rows of the same underlying. */
  private underlying(text: string): string {
    if (text !== this.lastUnderlyingText) {
      this.lastUnderlyingText = text;
      this.lastUnderlying = ownString(text.trim());
    }
    return this.lastUnderlying;
  }

  private isBaseName(base: string): boolean {
    if (base !== this.lastBase) {
      this.lastBase = base;
      this.lastBaseOk = BASE_NAME.test(base);
    }
    return this.lastBaseOk;
  }

  /** `NIFTY26DEC24`, built once per run of rows of one underlying and expiry. */
  private symbolPrefix(base: string, expiry: Expiry): string {
    if (base !== this.lastSymbolBase || expiry !== this.lastSymbolExpiry) {
      this.lastSymbolBase = base;
      this.lastSymbolExpiry = expiry;
      this.lastSymbolPrefix = flatString(base + expiry.compact);
    }
    return this.lastSymbolPrefix;
  }

  /** Epoch seconds (the contract's last moment) → its IST calendar date. */
  private expiry(text: string): Expiry | undefined {
    if (text === this.lastExpiryText) return this.lastExpiry;
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
    this.lastExpiryText = text;
    this.lastExpiry = expiry;
    return expiry;
  }

  /** The strike's value and label; `formatStrike` throws for a strike that rounds to 0 (skipped, not fatal). */
  private strike(text: string): Strike {
    let entry = this.strikes.get(text);
    if (entry === undefined) {
      const value = Number(text);
      let label: string | undefined;
      if (Number.isFinite(value) && value > 0) {
        try {
          label = formatStrike(value);
        } catch {
          label = undefined;
        }
      }
      entry = { value, label };
      this.strikes.set(text, entry);
    }
    return entry;
  }
}
