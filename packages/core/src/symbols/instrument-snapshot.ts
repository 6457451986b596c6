import { EXCHANGES } from '../model/enums.js';
import type { Instrument } from '../model/instrument.js';
import { compareExpiryDates, type ExpiryDate, tryParseExpiry } from './expiry.js';
import { SymbolTable, TokenTable } from './instrument-tables.js';

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

/**
 * One immutable generation of the instrument master. Rows are kept as the objects the source gave
 * (no copies) and nothing allocates a composite key: both lookups are open-addressed tables of row
 * positions (`instrument-tables.ts`), the symbol one keyed by the exchange's slot (`exchangeSlot`)
 * and the row's own symbol string.
 */
export class InstrumentSnapshot {
  static readonly EMPTY = new InstrumentSnapshot([], new SymbolTable([], 0), new TokenTable([], 0));
  private expiryIndex: ExpiryIndex | undefined;

  constructor(
    /** Unique rows in source order. */
    readonly rows: readonly Instrument[],
    private readonly symbols: SymbolTable,
    private readonly tokens: TokenTable,
  ) {}

  bySymbol(symbol: string, exchange: string): Instrument | undefined {
    const slot = exchangeSlot(exchange);
    // A caller outside TypeScript may pass anything; a non-string is simply not listed.
    if (slot < 0 || typeof symbol !== 'string') return undefined;
    return this.symbols.get(slot, exchange, symbol);
  }

  byToken(brexchange: string, token: string): Instrument | undefined {
    return this.tokens.get(brexchange, token);
  }

  /** Exchanges on which a symbol is listed. */
  exchangesListing(symbol: string): string[] {
    return EXCHANGES.filter((exchange, slot) => this.symbols.get(slot, exchange, symbol) !== undefined);
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
  const stats: BuildStats = { duplicates: 0, duplicateTokens: 0, malformed: 0, samples: [] };
  // Until the first dropped row, the kept rows are exactly rows[0..i), so no copy is made.
  let kept: Instrument[] | undefined;
  let keptCount = 0;
  const symbols = new SymbolTable(rows, rows.length);
  const tokens = new TokenTable(rows, rows.length);
  const copyKept = (upTo: number): Instrument[] => {
    const copy = rows.slice(0, upTo);
    symbols.over(copy);
    tokens.over(copy);
    return copy;
  };
  let lastExchange: unknown;
  let slot = -1;

  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as Instrument;
    if (!isIndexable(row)) {
      kept ??= copyKept(i);
      noteDropped(stats, 'missing symbol, token or brexchange', row);
      continue;
    }
    const { symbol, exchange } = row;
    if (exchange !== lastExchange || slot < 0) {
      slot = exchangeSlot(exchange);
      if (slot < 0) {
        kept ??= copyKept(i);
        noteDropped(stats, 'unknown exchange', row);
        continue;
      }
      lastExchange = exchange;
    }
    if (!symbols.add(keptCount, slot, exchange, symbol)) {
      kept ??= copyKept(i);
      noteDropped(stats, 'duplicate', row);
      continue;
    }
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
