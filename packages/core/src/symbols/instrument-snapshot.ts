import { EXCHANGES } from '../model/enums.js';
import type { Instrument } from '../model/instrument.js';
import { compareExpiryDates, type ExpiryDate, tryParseExpiry } from './expiry.js';

/** `${exchange}\u0000${base}` → futures / options expiries (dashed form). */
type ExpiryIndex = Map<string, { futures: Set<string>; options: Set<string> }>;

/**
 * The position of an exchange in `EXCHANGES`, or -1. A `switch` over string constants compiles to
 * pointer comparisons for the (interned) exchange names, which measured faster than any hashed map
 * from name to slot, and it sits in this module so the lookup path has no cross-module call.
 * A test keeps it in step with `EXCHANGES`.
 */
export function exchangeSlot(exchange: string): number {
  switch (exchange) {
    case 'NSE':
      return 0;
    case 'BSE':
      return 1;
    case 'NFO':
      return 2;
    case 'BFO':
      return 3;
    case 'CDS':
      return 4;
    case 'BCD':
      return 5;
    case 'MCX':
      return 6;
    case 'NCDEX':
      return 7;
    case 'NCO':
      return 8;
    case 'NSE_INDEX':
      return 9;
    case 'BSE_INDEX':
      return 10;
    case 'MCX_INDEX':
      return 11;
    case 'GLOBAL_INDEX':
      return 12;
    default:
      return -1;
  }
}

type RowsByKey = ReadonlyMap<string, Instrument>;

/** FNV-1a over the token's UTF-16 units, seeded with the brexchange's number, finished by a shift-xor. */
function tokenHash(exchangeId: number, token: string): number {
  let h = Math.imul(exchangeId, 0x9e3779b1) ^ 0x811c9dc5;
  for (let i = 0; i < token.length; i++) h = Math.imul(h ^ token.charCodeAt(i), 0x01000193);
  return h ^ (h >>> 15);
}

/**
 * (brexchange, token) → row, as an open-addressed table of row positions in one Int32Array, sized
 * once for the whole master (at most half full). A `Map` per brexchange costs ~100 bytes a row in
 * hash tables, rebuilt as they double; this costs 8–16 bytes and no garbage, and a token is only
 * looked up when a broker payload names one (ticks, order updates), where one string hash is cheap.
 */
class TokenTable {
  private readonly exchangeIds = new Map<string, number>();
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(
    private rows: readonly Instrument[],
    capacityFor: number,
  ) {
    let capacity = 4;
    while (capacity < capacityFor * 2) capacity *= 2;
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  get(brexchange: string, token: string): Instrument | undefined {
    const id = this.exchangeIds.get(brexchange);
    if (id === undefined) return undefined;
    const rows = this.rows;
    const slots = this.slots;
    for (let at = tokenHash(id, token) & this.mask; ; at = (at + 1) & this.mask) {
      const entry = slots[at] as number;
      if (entry === 0) return undefined;
      const row = rows[entry - 1] as Instrument;
      if (row.token === token && row.brexchange === brexchange) return row;
    }
  }

  /** Reads positions in `rows` from now on (the kept rows, once a build starts dropping some). */
  over(rows: readonly Instrument[]): this {
    this.rows = rows;
    return this;
  }

  /** Records `rows[position]` under its (brexchange, token) unless taken; false when it was. */
  add(position: number, brexchange: string, token: string): boolean {
    let id = this.exchangeIds.get(brexchange);
    if (id === undefined) {
      id = this.exchangeIds.size + 1;
      this.exchangeIds.set(brexchange, id);
    }
    const rows = this.rows;
    const slots = this.slots;
    let at = tokenHash(id, token) & this.mask;
    for (let entry = slots[at] as number; entry !== 0; entry = slots[at] as number) {
      const row = rows[entry - 1] as Instrument;
      if (row.token === token && row.brexchange === brexchange) return false;
      at = (at + 1) & this.mask;
    }
    slots[at] = position + 1;
    return true;
  }
}

/**
 * One immutable generation of the instrument master. Rows are kept as the objects the source gave
 * (no copies) and nothing allocates a composite key: each exchange has its own map keyed by the
 * row's own symbol string, found by slot (`exchangeSlot`), so a lookup is one hash probe that never
 * touches the row. Measured faster than one `Map` keyed `${exchange}:${symbol}`, which also costs a
 * new string per row to build and per call to query. Tokens are keyed brexchange → token → row.
 */
export class InstrumentSnapshot {
  static readonly EMPTY = new InstrumentSnapshot(
    [],
    EXCHANGES.map(() => new Map()),
    new TokenTable([], 0),
  );
  private expiryIndex: ExpiryIndex | undefined;

  constructor(
    /** Unique rows in source order. */
    readonly rows: readonly Instrument[],
    /** Indexed by `exchangeSlot`. */
    private readonly symbols: readonly RowsByKey[],
    private readonly tokens: TokenTable,
  ) {}

  bySymbol(symbol: string, exchange: string): Instrument | undefined {
    const slot = exchangeSlot(exchange);
    return slot < 0 ? undefined : this.symbols[slot]?.get(symbol);
  }

  byToken(brexchange: string, token: string): Instrument | undefined {
    return this.tokens.get(brexchange, token);
  }

  /** Exchanges on which a symbol is listed. */
  exchangesListing(symbol: string): string[] {
    return EXCHANGES.filter((_exchange, slot) => this.symbols[slot]?.has(symbol));
  }

  /** Distinct expiries of an underlying's futures or options, soonest first. */
  expiries(base: string, exchange: string, kind: 'futures' | 'options'): string[] {
    this.expiryIndex ??= buildExpiryIndex(this.rows);
    const entry = this.expiryIndex.get(`${exchange}\u0000${base}`);
    if (!entry) return [];
    const dated: Array<{ text: string; date: ExpiryDate }> = [];
    for (const text of entry[kind]) {
      const date = tryParseExpiry(text);
      if (date) dated.push({ text, date });
    }
    return dated.sort((a, b) => compareExpiryDates(a.date, b.date)).map((d) => d.text);
  }
}

export interface BuildStats {
  /** Rows dropped because an earlier row had the same (symbol, exchange). */
  duplicates: number;
  /** Rows kept by symbol whose (brexchange, token) was already taken; `getByToken` returns the first. */
  duplicateTokens: number;
  /** Rows without the fields an index needs (non-string or empty symbol/token, unknown exchange). */
  malformed: number;
  /** Up to five one-line descriptions of dropped rows. */
  samples: string[];
}

const MAX_SAMPLES = 5;

function describe(row: Instrument): string {
  const r = row as Partial<Record<keyof Instrument, unknown>> | null;
  return `${String(r?.exchange)}:${String(r?.symbol)} (brexchange ${String(r?.brexchange)}, token ${String(r?.token)})`;
}

/**
 * Builds a snapshot in one pass; the first row for a (symbol, exchange) wins. The checks here are the
 * cheap ones every load needs (a row missing its key fields would poison a lookup). The per-exchange
 * and per-brexchange maps are only looked up again when the value changes from the previous row's,
 * since masters come grouped by exchange. `rows` must not be used by the caller afterwards: with no
 * rows dropped it becomes the snapshot's.
 */
export function buildSnapshot(rows: Instrument[]): { snapshot: InstrumentSnapshot; stats: BuildStats } {
  const symbols = EXCHANGES.map(() => new Map<string, Instrument>());
  const stats: BuildStats = { duplicates: 0, duplicateTokens: 0, malformed: 0, samples: [] };
  // Until the first dropped row, the kept rows are exactly rows[0..i), so no copy is made.
  let kept: Instrument[] | undefined;
  let keptCount = 0;
  const tokens = new TokenTable(rows, rows.length);
  const copyKept = (upTo: number): Instrument[] => {
    const copy = rows.slice(0, upTo);
    tokens.over(copy);
    return copy;
  };
  let lastExchange: unknown;
  let bySymbol: Map<string, Instrument> | undefined;

  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as Instrument;
    if (!isIndexable(row)) {
      kept ??= copyKept(i);
      noteDropped(stats, 'missing symbol, token or brexchange', row);
      continue;
    }
    const { symbol, exchange } = row;
    if (exchange !== lastExchange || bySymbol === undefined) {
      bySymbol = symbols[exchangeSlot(exchange)];
      if (bySymbol === undefined) {
        kept ??= copyKept(i);
        noteDropped(stats, 'unknown exchange', row);
        continue;
      }
      lastExchange = exchange;
    }
    if (bySymbol.has(symbol)) {
      kept ??= copyKept(i);
      noteDropped(stats, 'duplicate', row);
      continue;
    }
    bySymbol.set(symbol, row);
    kept?.push(row);
    if (!tokens.add(keptCount, row.brexchange, row.token)) stats.duplicateTokens++;
    keptCount++;
  }
  return { snapshot: new InstrumentSnapshot(kept ?? rows, symbols, tokens), stats };
}

function noteDropped(stats: BuildStats, why: 'duplicate' | string, row: Instrument): void {
  if (why === 'duplicate') stats.duplicates++;
  else stats.malformed++;
  if (stats.samples.length < MAX_SAMPLES) stats.samples.push(`${why}: ${describe(row)}`);
}

function isIndexable(row: Instrument | null | undefined): row is Instrument {
  return (
    typeof row?.symbol === 'string' &&
    row.symbol.length > 0 &&
    typeof row.token === 'string' &&
    row.token.length > 0 &&
    typeof row.brexchange === 'string' &&
    row.brexchange.length > 0
  );
}

/** The underlying in a derivative symbol, from the right: futures end `DDMMMYYFUT`, options `DDMMMYY<strike>CE|PE`. */
function derivativeBase(symbol: string): { base: string; kind: 'futures' | 'options' } | undefined {
  if (symbol.endsWith('FUT')) return { base: symbol.slice(0, -10), kind: 'futures' };
  if (!symbol.endsWith('CE') && !symbol.endsWith('PE')) return undefined;
  let i = symbol.length - 3;
  while (i >= 0) {
    const c = symbol.charCodeAt(i);
    if (c >= 65 && c <= 90) break;
    i--;
  }
  return i >= 4 ? { base: symbol.slice(0, i - 4), kind: 'options' } : undefined;
}

function buildExpiryIndex(rows: readonly Instrument[]): ExpiryIndex {
  const index: ExpiryIndex = new Map();
  for (const row of rows) {
    if (!row.expiry) continue;
    const found = derivativeBase(row.symbol);
    if (!found || found.base.length === 0) continue;
    const key = `${row.exchange}\u0000${found.base}`;
    let entry = index.get(key);
    if (!entry) {
      entry = { futures: new Set(), options: new Set() };
      index.set(key, entry);
    }
    entry[found.kind].add(row.expiry);
  }
  return index;
}
