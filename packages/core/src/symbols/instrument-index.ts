import type { InstrumentLookup } from '../contract/plugin.js';
import { SymbolNotFoundError } from '../errors/openalgo-error.js';
import type { Exchange } from '../model/enums.js';
import type { Instrument } from '../model/instrument.js';
import { type Clock, systemClock } from '../time/clock.js';
import { toIstIso } from '../time/ist.js';
import { type SearchOptions, searchRows } from './instrument-search.js';
import { buildSnapshot, InstrumentSnapshot } from './instrument-snapshot.js';
import { instrumentRowProblem } from './instrument-validation.js';

export type InstrumentSource = Iterable<Instrument> | AsyncIterable<Instrument>;

/**
 * The key under which a source may also hand over its rows a batch at a time. An adapter that parses
 * its master one network chunk at a time has its rows in batches anyway, and `load` then awaits once
 * per batch instead of once per row (for a 100k-row master the per-row awaits of an async generator
 * cost tens of milliseconds). A source offering batches must still be a plain `InstrumentSource` too:
 * wrappers that only know that protocol read it row by row.
 */
export const INSTRUMENT_BATCHES: unique symbol = Symbol.for('openalgo.instrumentBatches');

export interface InstrumentBatches {
  /** The same rows as iterating the source, in the same order, a batch at a time. */
  [INSTRUMENT_BATCHES](): AsyncIterable<readonly Instrument[]>;
}

export interface InstrumentLoadOptions {
  /** Check every row against the schema and the symbol grammar and drop bad rows (slower). */
  validate?: boolean;
  /** Accept a master less than half the size of the current one (e.g. after a deliberate segment change). */
  allowShrink?: boolean;
  /** What this master is (`zerodha 2026-01-05`), shown in not-found messages. */
  label?: string;
}

export interface InstrumentLoadStats {
  /** Rows the source yielded. */
  received: number;
  /** Unique rows the new snapshot holds (or would have held). */
  rows: number;
  duplicates: number;
  duplicateTokens: number;
  /** Rows dropped as malformed or, with `validate`, invalid. */
  invalid: number;
  /** A few one-line descriptions of dropped rows. */
  samples: string[];
  /** Size of the snapshot that was current when the load started. */
  previousRows: number;
}

/**
 * The outcome of a load. A load never throws for bad data: when the new master is not trustworthy
 * (`source-failed`, `empty`, `shrunk`) the result says why and the previous snapshot stays in place.
 */
export type InstrumentLoadResult =
  | ({ replaced: true } & InstrumentLoadStats)
  | ({
      replaced: false;
      reason: 'source-failed' | 'empty' | 'shrunk';
      message: string;
      /** What the source threw, for `source-failed`. */
      cause?: unknown;
    } & InstrumentLoadStats);

export interface InstrumentIndexInfo {
  size: number;
  loadedAt: number | undefined;
  label: string | undefined;
}

function isSyncIterable(source: InstrumentSource): source is Iterable<Instrument> {
  return typeof (source as Iterable<Instrument>)[Symbol.iterator] === 'function';
}

export function offersBatches(source: object): source is InstrumentBatches {
  return typeof (source as Partial<InstrumentBatches>)[INSTRUMENT_BATCHES] === 'function';
}

async function collect(pending: InstrumentSource | PromiseLike<InstrumentSource>): Promise<Instrument[]> {
  const source = await pending;
  // Arrays are copied (a pointer copy) so a caller reusing its array cannot change a live snapshot.
  if (Array.isArray(source)) return source.slice();
  const rows: Instrument[] = [];
  if (offersBatches(source)) {
    for await (const batch of source[INSTRUMENT_BATCHES]()) {
      for (let i = 0; i < batch.length; i++) rows.push(batch[i] as Instrument);
    }
    return rows;
  }
  if (isSyncIterable(source)) return Array.from(source);
  for await (const row of source) rows.push(row);
  return rows;
}

function dropInvalid(rows: Instrument[], samples: string[]): { kept: Instrument[]; invalid: number } {
  const kept: Instrument[] = [];
  let invalid = 0;
  for (const row of rows) {
    const problem = instrumentRowProblem(row);
    if (problem === undefined) {
      kept.push(row);
      continue;
    }
    invalid++;
    if (samples.length < 5)
      samples.push(`invalid ${String(row?.exchange)}:${String(row?.symbol)}: ${problem}`);
  }
  return { kept, invalid };
}

function* onExchange(rows: readonly Instrument[], exchange: Exchange): Generator<Instrument, undefined> {
  for (const row of rows) if (row.exchange === exchange) yield row;
  return undefined;
}

/**
 * The account's instrument master in memory: O(1) by (symbol, exchange) and by (brexchange, token).
 * Each load builds a complete new snapshot off to the side and swaps it in with one assignment, so a
 * reader never sees a half-built master; loads run one at a time in call order.
 */
export class InstrumentIndex implements InstrumentLookup {
  private current = InstrumentSnapshot.EMPTY;
  private loadedAtMs: number | undefined;
  private currentLabel: string | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly clock: Clock;

  constructor(options: { clock?: Clock } = {}) {
    this.clock = options.clock ?? systemClock;
  }

  /** A loaded index straight from rows, with no guard rails (tests, benchmarks, fixtures). */
  static fromRows(
    rows: readonly Instrument[],
    options: { clock?: Clock; label?: string } = {},
  ): InstrumentIndex {
    const index = new InstrumentIndex(options);
    index.swap(buildSnapshot(rows.slice()).snapshot, options.label);
    return index;
  }

  get size(): number {
    return this.current.rows.length;
  }

  get info(): InstrumentIndexInfo {
    return { size: this.size, loadedAt: this.loadedAtMs, label: this.currentLabel };
  }

  get(symbol: string, exchange: Exchange): Instrument | undefined {
    return this.current.bySymbol(symbol, exchange);
  }

  getByToken(brexchange: string, token: string): Instrument | undefined {
    return this.current.byToken(brexchange, token);
  }

  resolve(symbol: string, exchange: Exchange): Instrument {
    const found = this.get(symbol, exchange);
    if (found) return found;
    throw new SymbolNotFoundError(
      `Symbol ${symbol} not found on ${exchange}: ${this.notFoundHint(symbol, exchange)}`,
      {
        field: 'symbol',
        details: { symbol, exchange },
      },
    );
  }

  /** Rows of one exchange (or all), in master order, from the snapshot current at the call. */
  all(exchange?: Exchange): IterableIterator<Instrument> {
    const snapshot = this.current;
    if (exchange === undefined) return snapshot.rows.values();
    return onExchange(snapshot.rows, exchange);
  }

  search(query: string, options: SearchOptions = {}): Instrument[] {
    return searchRows(this.all(options.exchange), query, options);
  }

  /** Distinct expiries (`DD-MMM-YY`, soonest first) of an underlying's futures or options on an exchange. */
  expiries(baseName: string, exchange: Exchange, kind: 'futures' | 'options'): string[] {
    return this.current.expiries(baseName, exchange, kind);
  }

  /**
   * Builds a new snapshot from `source` (rows, or a promise of them: a rejected promise counts as a
   * failed source) and swaps it in unless the guard rails say it is not trustworthy.
   */
  load(
    source: InstrumentSource | PromiseLike<InstrumentSource>,
    options: InstrumentLoadOptions = {},
  ): Promise<InstrumentLoadResult> {
    const run = this.queue.then(() => this.loadNow(source, options));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async loadNow(
    source: InstrumentSource | PromiseLike<InstrumentSource>,
    options: InstrumentLoadOptions,
  ): Promise<InstrumentLoadResult> {
    const previousRows = this.size;
    const samples: string[] = [];
    const empty = {
      received: 0,
      rows: 0,
      duplicates: 0,
      duplicateTokens: 0,
      invalid: 0,
      samples,
      previousRows,
    };
    let rows: Instrument[];
    try {
      rows = await collect(source);
    } catch (cause) {
      const why = cause instanceof Error ? cause.message : String(cause);
      return {
        replaced: false,
        reason: 'source-failed',
        message: `Instrument source failed (${why}); kept the current master of ${previousRows} rows`,
        cause,
        ...empty,
      };
    }
    const received = rows.length;
    let invalid = 0;
    if (options.validate) ({ kept: rows, invalid } = dropInvalid(rows, samples));
    const { snapshot, stats } = buildSnapshot(rows);
    samples.push(...stats.samples.slice(0, Math.max(0, 5 - samples.length)));
    const report: InstrumentLoadStats = {
      received,
      rows: snapshot.rows.length,
      duplicates: stats.duplicates,
      duplicateTokens: stats.duplicateTokens,
      invalid: invalid + stats.malformed,
      samples,
      previousRows,
    };
    if (report.rows === 0) {
      const message = `Instrument source gave no usable rows (${received} received, ${report.invalid} invalid); kept the current master of ${previousRows} rows`;
      return { replaced: false, reason: 'empty', message, ...report };
    }
    if (!options.allowShrink && report.rows < previousRows / 2) {
      const message = `New master has ${report.rows} rows, less than half of the current ${previousRows}; kept the current master (pass allowShrink to force)`;
      return { replaced: false, reason: 'shrunk', message, ...report };
    }
    this.swap(snapshot, options.label);
    return { replaced: true, ...report };
  }

  private swap(snapshot: InstrumentSnapshot, label: string | undefined): void {
    this.current = snapshot;
    this.loadedAtMs = this.clock.now();
    this.currentLabel = label;
  }

  private notFoundHint(symbol: string, exchange: Exchange): string {
    if (this.size === 0) {
      return 'no instrument master is loaded; download the master contract (log in to the broker) first';
    }
    const elsewhere = this.current.exchangesListing(symbol);
    if (elsewhere.length > 0) return `it is listed on ${elsewhere.join(', ')}; check the exchange`;
    const upper = symbol.trim().toUpperCase();
    if (upper !== symbol && this.get(upper, exchange))
      return `symbols are upper case, did you mean ${upper}?`;
    const loaded = `${this.currentLabel ? `${this.currentLabel}, ` : ''}loaded ${toIstIso(this.loadedAtMs ?? 0)}`;
    return `check the symbol format (e.g. SBIN, NIFTY26DEC24FUT, NIFTY26DEC2424000CE); if it was listed after the master was downloaded (${loaded}), the master needs downloading again`;
  }
}
