import { type Exchange, flatString, formatStrike, type Instrument, isDigits, MONTHS } from '@openalgo/core';
import { INDEX_EXCHANGES, openAlgoIndexSymbol } from './index-names.js';

/** The keys of one `OpenAPIScripMaster.json` row (brokers.md §2.5); all values are strings. */
export const ANGEL_MASTER_KEYS = [
  'token',
  'symbol',
  'name',
  'expiry',
  'strike',
  'lotsize',
  'instrumenttype',
  'exch_seg',
  'tick_size',
] as const;

/** Angel's tradable segments (`exch_seg`) that OpenAlgo has an exchange for; the names agree. */
/**
 * `brexchange` is the segment as Angel spells it; the tradable names equal OpenAlgo's, so each row
 * keeps the shared literal rather than its own copy of the text (10⁵ small strings fewer to keep).
 */
const TRADABLE: Readonly<Record<string, Exchange>> = {
  NSE: 'NSE',
  BSE: 'BSE',
  NFO: 'NFO',
  BFO: 'BFO',
  MCX: 'MCX',
  CDS: 'CDS',
  NCO: 'NCO',
};

/** The segment literal of each index exchange, for `brexchange`. */
const INDEX_SEGMENT: Readonly<Partial<Record<Exchange, string>>> = {
  NSE_INDEX: 'NSE',
  BSE_INDEX: 'BSE',
  MCX_INDEX: 'MCX',
};

/** Cash series suffixes OpenAlgo drops from Angel's trading symbol (`SBIN-EQ` → `SBIN`). */
const CASH_SUFFIX = /-(?:EQ|BE|MF|SG)$/;
const BASE_NAME = /^[A-Z0-9][A-Z0-9&._-]*$/;
/** Angel's expiry column: `28OCT2025`. */
const ANGEL_EXPIRY = /^(\d{2})([A-Z]{3})(20\d{2})$/;
/** Strikes and ticks are paise (÷100); currency option strikes need a further ÷100000 (§2.8, OpenAlgo). */
const PAISE = 100;
const CURRENCY_STRIKE = 100 * 100_000;
/** Rounds the float noise of the division away (`292.50000000000006` → 292.5); finer than any tick. */
const ROUNDING = 1e7;

interface Expiry {
  /** `28OCT25`, as inside an OpenAlgo symbol. */
  compact: string;
  /** `28-OCT-25`, OpenAlgo's expiry column. */
  dashed: string;
}

function parseAngelExpiry(text: string): Expiry | undefined {
  const m = ANGEL_EXPIRY.exec(text);
  if (!m) return undefined;
  const [, dd = '', mmm = '', yyyy = ''] = m;
  const month = MONTHS.indexOf(mmm as (typeof MONTHS)[number]) + 1;
  const day = Number(dd);
  const year = Number(yyyy);
  if (month === 0 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return undefined;
  const yy = yyyy.slice(2);
  return { compact: `${dd}${mmm}${yy}`, dashed: `${dd}-${mmm}-${yy}` };
}

/** Values are strings in Angel's file; a number is accepted as its decimal text. */
function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function scaled(raw: string, divisor: number): number {
  const value = Number(raw);
  return Math.round((value / divisor) * ROUNDING) / ROUNDING;
}

interface Strike {
  value: number;
  /** As printed in a symbol; '' when the value is not a usable strike. */
  printed: string;
}

/**
 * Angel master rows → OpenAlgo rows (OpenAlgo's `process_angel_json`, brokers.md §2.8): index rows move
 * to `*_INDEX` with their short names, cash rows drop the series suffix, futures and options are
 * rebuilt as NAME + DDMMMYY (+ strike + CE|PE | FUT) so BFO's weekly layout (`SENSEX2461477000CE`)
 * comes out as `SENSEX14JUN2477000CE` like every other broker's; instrument types become
 * EQ / INDEX / FUT / CE / PE.
 *
 * One mapper serves one download. A master repeats its segments, names, expiries, lot and tick sizes
 * row after row, so each is compared with the previous row's and worked out only when it changes
 * (expiries and strikes once per distinct text); what is remembered is always what the plain
 * transform computes from the remembered text.
 */
export class AngelRowMapper {
  private readonly expiries = new Map<string, Expiry | undefined>();
  private readonly strikes = new Map<string, Strike>();
  private lastExpiryText: string | undefined;
  private lastExpiry: Expiry | undefined;
  private lastTickText: string | undefined;
  private lastTick = 0;
  private lastLotText: string | undefined;
  private lastLot = 0;
  private lastNameText: string | undefined;
  private lastName = '';
  private lastNameUsable = false;

  /** The OpenAlgo row, or why the row cannot be one (unsupported segment, bad expiry…). */
  map(row: Readonly<Record<string, unknown>>): Instrument | string {
    const token = text(row.token);
    const brsymbol = text(row.symbol);
    const segment = text(row.exch_seg);
    const type = text(row.instrumenttype);
    if (!isDigits(token)) return `bad token "${token}"`;
    if (brsymbol.length === 0) return 'empty symbol';
    const name = this.name(text(row.name));
    const lotSize = this.lotSize(text(row.lotsize));
    if (!Number.isSafeInteger(lotSize) || lotSize < 0) return `bad lotsize "${text(row.lotsize)}"`;
    const tickSize = this.tickSize(text(row.tick_size));
    if (!Number.isFinite(tickSize) || tickSize < 0) return `bad tick_size "${text(row.tick_size)}"`;

    if (type === 'AMXIDX') {
      const exchange = Object.hasOwn(INDEX_EXCHANGES, segment) ? INDEX_EXCHANGES[segment] : undefined;
      if (!exchange) return `index on unsupported segment "${segment}"`;
      const symbol = openAlgoIndexSymbol(name || brsymbol, exchange);
      if (symbol.length === 0) return 'index without a name';
      return instrumentOf(
        symbol,
        exchange,
        brsymbol,
        INDEX_SEGMENT[exchange] ?? segment,
        token,
        name,
        '',
        0,
        lotSize,
        tickSize,
        'INDEX',
      );
    }
    const exchange = Object.hasOwn(TRADABLE, segment) ? TRADABLE[segment] : undefined;
    if (!exchange) return `unsupported segment "${segment}"`;

    const isFuture = type.startsWith('FUT');
    if (!isFuture && !type.startsWith('OPT')) {
      const symbol = CASH_SUFFIX.test(brsymbol) ? brsymbol.slice(0, -3) : brsymbol;
      return instrumentOf(symbol, exchange, brsymbol, exchange, token, name, '', 0, lotSize, tickSize, 'EQ');
    }
    const expiryText = text(row.expiry);
    const expiry = this.expiry(expiryText);
    if (!expiry) return `${type} with bad expiry "${expiryText}"`;
    if (!this.lastNameUsable) return `${type} with an unusable name "${name}"`;
    if (isFuture) {
      const symbol = flatString(`${name}${expiry.compact}FUT`);
      return instrumentOf(
        symbol,
        exchange,
        brsymbol,
        exchange,
        token,
        name,
        expiry.dashed,
        0,
        lotSize,
        tickSize,
        'FUT',
      );
    }
    const optionType = brsymbol.endsWith('CE') ? 'CE' : brsymbol.endsWith('PE') ? 'PE' : undefined;
    if (!optionType) return `${type} symbol "${brsymbol}" ends in neither CE nor PE`;
    const currency = segment === 'CDS' && (type === 'OPTCUR' || type === 'OPTIRC');
    const strikeText = text(row.strike);
    const strike = this.strike(strikeText, currency);
    if (strike.printed === '') return `option with bad strike "${strikeText}"`;
    const symbol = flatString(`${name}${expiry.compact}${strike.printed}${optionType}`);
    return instrumentOf(
      symbol,
      exchange,
      brsymbol,
      exchange,
      token,
      name,
      expiry.dashed,
      strike.value,
      lotSize,
      tickSize,
      optionType,
    );
  }

  /** The trimmed name, and whether it can head a derivative symbol; rows of one underlying share it. */
  private name(value: string): string {
    if (value !== this.lastNameText) {
      this.lastNameText = value;
      this.lastName = value.trim();
      this.lastNameUsable = BASE_NAME.test(this.lastName);
    }
    return this.lastName;
  }

  private lotSize(value: string): number {
    if (value !== this.lastLotText) {
      this.lastLotText = value;
      this.lastLot = value === '' ? 0 : Number(value);
    }
    return this.lastLot;
  }

  private tickSize(value: string): number {
    if (value !== this.lastTickText) {
      this.lastTickText = value;
      this.lastTick = value === '' ? 0 : scaled(value, PAISE);
    }
    return this.lastTick;
  }

  private expiry(value: string): Expiry | undefined {
    if (value === this.lastExpiryText) return this.lastExpiry;
    let expiry = this.expiries.get(value);
    if (expiry === undefined && !this.expiries.has(value)) {
      expiry = parseAngelExpiry(value);
      this.expiries.set(value, expiry);
    }
    this.lastExpiryText = value;
    this.lastExpiry = expiry;
    return expiry;
  }

  private strike(value: string, currency: boolean): Strike {
    const key = currency ? `C${value}` : value;
    let strike = this.strikes.get(key);
    if (strike === undefined) {
      const scaledValue = scaled(value, currency ? CURRENCY_STRIKE : PAISE);
      const usable = Number.isFinite(scaledValue) && scaledValue > 0;
      strike = { value: usable ? scaledValue : 0, printed: usable ? formatStrike(scaledValue) : '' };
      this.strikes.set(key, strike);
    }
    return strike;
  }
}

function instrumentOf(
  symbol: string,
  exchange: Exchange,
  brsymbol: string,
  brexchange: string,
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
    brexchange,
    token,
    name,
    expiry,
    strike,
    lotSize,
    tickSize,
    instrumentType,
  };
}

/** One row, mapped by a fresh mapper: for tests and one-off lookups. */
export function angelInstrumentRow(row: Readonly<Record<string, unknown>>): Instrument | string {
  return new AngelRowMapper().map(row);
}
