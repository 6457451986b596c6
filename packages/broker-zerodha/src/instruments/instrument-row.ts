import {
  type Exchange,
  flatString,
  formatStrike,
  type Instrument,
  isDigits,
  ownString,
} from '@openalgo/core';
import { openAlgoIndexName } from './index-names.js';
import {
  BASE_NAME,
  baseFromTradingsymbol,
  type Expiry,
  feedExchangeCode,
  indexFeedExchange,
  parseExpiryColumn,
  tradableExchange,
} from './instrument-fields.js';
import { TOKEN_SEPARATOR } from './symbols.js';

/** The columns of Kite's instrument CSV (Kite Connect's instruments API). */
export const KITE_INSTRUMENT_COLUMNS = [
  'instrument_token',
  'exchange_token',
  'tradingsymbol',
  'name',
  'last_price',
  'expiry',
  'strike',
  'tick_size',
  'lot_size',
  'instrument_type',
  'segment',
  'exchange',
] as const;

export type KiteInstrumentRecord = Readonly<Record<string, string>>;

export type RowResult = { ok: true; row: Instrument } | { ok: false; reason: string };

// Copied once: under vitest an imported binding is a getter read on every use, and this one is read per row.
const SEPARATOR = TOKEN_SEPARATOR;
/** The shared literal for Kite's instrument types (see `tradableExchange`); called for every row, so kept in this module. */
function instrumentTypeCode(code: string): string {
  switch (code) {
    case 'EQ':
      return 'EQ';
    case 'FUT':
      return 'FUT';
    case 'CE':
      return 'CE';
    case 'PE':
      return 'PE';
    default:
      return code;
  }
}

interface Strike {
  value: number;
  /** `formatStrike(value)`, worked out the first time an option uses it. */
  text: string | undefined;
}

/**
 * Kite master rows (CSV fields in the header's column order) → OpenAlgo rows (OpenAlgo's
 * "master transform"): index feeds move to `*_INDEX` exchanges with compact names, futures and
 * options are rebuilt as NAME + DDMMMYY (+ strike + CE|PE | FUT) so Kite's weekly
 * `NIFTY24D1924000CE` becomes `NIFTY19DEC2424000CE`, expiry is `DD-MMM-YY`, and the token keeps both
 * Kite tokens.
 *
 * One mapper serves one download. A master repeats its exchanges, expiries, strikes, names, lot and
 * tick sizes row after row, so the mapper compares each with the previous row's and parses, formats
 * or looks it up only when it changes (expiries and strikes once per distinct value); what it
 * remembers is always what the plain transform computes from the remembered text.
 */
export class KiteRowMapper {
  private readonly at: Readonly<Record<(typeof KITE_INSTRUMENT_COLUMNS)[number], number>>;
  private lastKiteExchange = '';
  private lastSegment = '';
  private lastExchange: Exchange | undefined;
  private lastBrexchange = '';
  private readonly expiries = new Map<string, Expiry | undefined>();
  private lastExpiryText = '';
  private lastExpiry: Expiry | undefined;
  private readonly strikes = new Map<string, Strike>();
  private lastStrikeText: string | undefined;
  private lastStrike: Strike = { value: 0, text: undefined };
  private lastNameText = '';
  private lastName = '';
  private lastLotText = '';
  private lastLot = 0;
  private lastTickText = '';
  private lastTick = 0;
  private lastBase = '';
  private lastBaseOk = false;

  /** `columns` is the header row; a column named twice is read from its last occurrence. */
  constructor(columns: readonly string[]) {
    const at = {} as Record<(typeof KITE_INSTRUMENT_COLUMNS)[number], number>;
    for (const column of KITE_INSTRUMENT_COLUMNS) at[column] = columns.lastIndexOf(column);
    this.at = at;
  }

  /** The field of a column in a row (empty when the row is short or the column absent). */
  field(fields: readonly string[], column: (typeof KITE_INSTRUMENT_COLUMNS)[number]): string {
    return fields[this.at[column]] ?? '';
  }

  /** The OpenAlgo row, or why the row cannot be one (mutual funds, unknown exchanges…). */
  map(fields: readonly string[]): Instrument | string {
    const at = this.at;
    const tradingsymbol = ownString(fields[at.tradingsymbol] ?? '');
    const exchange = this.exchange(fields[at.exchange] ?? '', fields[at.segment] ?? '');
    if (!exchange) return `unsupported exchange ${this.lastKiteExchange}/${this.lastSegment}`;
    if (!tradingsymbol) return 'empty tradingsymbol';
    const instrumentToken = fields[at.instrument_token] ?? '';
    const exchangeToken = fields[at.exchange_token] ?? '';
    if (!isDigits(instrumentToken) || !isDigits(exchangeToken)) {
      return `bad tokens ${instrumentToken}/${exchangeToken}`;
    }

    let name = this.name(fields[at.name] ?? '');
    // Cash rows often name themselves by their symbol: one string then serves both.
    if (name === tradingsymbol) name = tradingsymbol;
    const strikeEntry = this.strike(fields[at.strike] ?? '');
    const strike = strikeEntry.value;
    const expiryText = fields[at.expiry] ?? '';
    const expiry = expiryText ? this.expiry(expiryText) : undefined;
    if (expiryText && !expiry) return `bad expiry ${expiryText}`;

    const instrumentType = instrumentTypeCode(fields[at.instrument_type] ?? '');
    let symbol = tradingsymbol;
    let underlying = name;
    if (exchange.endsWith('_INDEX')) {
      symbol = openAlgoIndexName(tradingsymbol, exchange);
    } else if (instrumentType === 'FUT' || instrumentType === 'CE' || instrumentType === 'PE') {
      if (!expiry) return `${instrumentType} without expiry`;
      const isOption = instrumentType !== 'FUT';
      if (isOption && strike <= 0) return 'option without strike';
      let strikeText = '';
      if (isOption) {
        strikeEntry.text ??= formatStrike(strike);
        strikeText = strikeEntry.text;
      }
      if (!this.isBaseName(underlying)) {
        const derived = baseFromTradingsymbol(tradingsymbol, `${strikeText}${instrumentType}`, expiry);
        if (!derived || !BASE_NAME.test(derived)) return 'cannot tell the underlying';
        underlying = derived;
      }
      symbol = flatString(underlying + expiry.compact + strikeText + instrumentType);
    }

    const lotText = fields[at.lot_size] ?? '';
    const tickText = fields[at.tick_size] ?? '';
    const lotSize = this.lotSize(lotText);
    const tickSize = this.tickSize(tickText);
    if (!Number.isSafeInteger(lotSize) || lotSize < 0) return `bad lot_size ${lotText}`;
    if (!Number.isFinite(tickSize) || tickSize < 0) return `bad tick_size ${tickText}`;
    return {
      symbol,
      exchange,
      brsymbol: tradingsymbol,
      brexchange: this.lastBrexchange,
      token: flatString(instrumentToken + SEPARATOR + exchangeToken),
      name: underlying,
      expiry: expiry ? expiry.dashed : '',
      strike,
      lotSize,
      tickSize,
      instrumentType,
    };
  }

  /**
   * OpenAlgo's exchange for Kite's (exchange, segment), remembered with the Kite exchange code the row
   * keeps as `brexchange`: a tradable row's code is spelled like its OpenAlgo exchange, so the shared
   * literal serves; feeds keep Kite's own code.
   */
  private exchange(kiteExchange: string, segment: string): Exchange | undefined {
    if (kiteExchange !== this.lastKiteExchange || segment !== this.lastSegment) {
      const exchange =
        segment === 'INDICES' ? indexFeedExchange(kiteExchange) : tradableExchange(kiteExchange);
      this.lastKiteExchange = kiteExchange;
      this.lastSegment = segment;
      this.lastExchange = exchange;
      this.lastBrexchange = exchange?.endsWith('_INDEX') ? feedExchangeCode(kiteExchange) : (exchange ?? '');
    }
    return this.lastExchange;
  }

  /** The trimmed name; consecutive rows of one underlying share one string. */
  private name(text: string): string {
    if (text !== this.lastNameText) {
      this.lastNameText = text;
      this.lastName = text.trim();
    }
    return this.lastName;
  }

  /** `Number(text || 0)`; parsing `0.05` costs more than comparing it with the previous row's. */
  private lotSize(text: string): number {
    if (text !== this.lastLotText) {
      this.lastLotText = text;
      this.lastLot = Number(text || 0);
    }
    return this.lastLot;
  }

  private tickSize(text: string): number {
    if (text !== this.lastTickText) {
      this.lastTickText = text;
      this.lastTick = Number(text || 0);
    }
    return this.lastTick;
  }

  private isBaseName(name: string): boolean {
    if (name !== this.lastBase) {
      this.lastBase = name;
      this.lastBaseOk = BASE_NAME.test(name);
    }
    return this.lastBaseOk;
  }

  private strike(text: string): Strike {
    if (text === this.lastStrikeText) return this.lastStrike;
    let entry = this.strikes.get(text);
    if (entry === undefined) {
      const value = Number(text || 0);
      entry = { value: Number.isFinite(value) && value > 0 ? value : 0, text: undefined };
      this.strikes.set(text, entry);
    }
    this.lastStrikeText = text;
    this.lastStrike = entry;
    return entry;
  }

  private expiry(text: string): Expiry | undefined {
    if (text === this.lastExpiryText) return this.lastExpiry;
    let expiry = this.expiries.get(text);
    if (expiry === undefined && !this.expiries.has(text)) {
      expiry = parseExpiryColumn(text);
      this.expiries.set(text, expiry);
    }
    this.lastExpiryText = text;
    this.lastExpiry = expiry;
    return expiry;
  }
}

/** One CSV record of Kite's master (keyed by column name) → an OpenAlgo row; see `KiteRowMapper`. */
export function kiteInstrumentRow(rec: KiteInstrumentRecord): RowResult {
  const fields = KITE_INSTRUMENT_COLUMNS.map((column) => rec[column] ?? '');
  const result = new KiteRowMapper(KITE_INSTRUMENT_COLUMNS).map(fields);
  return typeof result === 'string' ? { ok: false, reason: result } : { ok: true, row: result };
}
