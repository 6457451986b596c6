import { type Exchange, type Instrument, type InstrumentLookup, NotSupportedError } from '@openalgo/core';

/**
 * What the symbol endpoints need beyond `InstrumentLookup`. Core's `InstrumentIndex` has all of it;
 * an account may hand over a plainer lookup, so each method is checked by duck typing and a missing
 * one is a 501 naming it (not a crash).
 */
interface FullInstrumentIndex extends InstrumentLookup {
  search(query: string, options?: { exchange?: Exchange; limit?: number }): Instrument[];
  expiries(baseName: string, exchange: Exchange, kind: 'futures' | 'options'): string[];
  all(exchange?: Exchange): Iterable<Instrument>;
}

function method(lookup: InstrumentLookup, name: 'search' | 'expiries' | 'all'): unknown {
  const candidate = (lookup as unknown as Record<string, unknown>)[name];
  if (typeof candidate !== 'function') {
    throw new NotSupportedError(
      `This account's instrument master cannot ${name === 'all' ? 'list its rows' : name}: it is not an InstrumentIndex`,
    );
  }
  return candidate.bind(lookup);
}

export function searchInstruments(lookup: InstrumentLookup): FullInstrumentIndex['search'] {
  return method(lookup, 'search') as FullInstrumentIndex['search'];
}

export function listExpiries(lookup: InstrumentLookup): FullInstrumentIndex['expiries'] {
  return method(lookup, 'expiries') as FullInstrumentIndex['expiries'];
}

export function allInstruments(lookup: InstrumentLookup): FullInstrumentIndex['all'] {
  return method(lookup, 'all') as FullInstrumentIndex['all'];
}

interface IdTable {
  /** The first row of the master the table was built from: a newly loaded master has new rows. */
  first: Instrument | undefined;
  ids: WeakMap<Instrument, number>;
}

const tables = new WeakMap<InstrumentLookup, IdTable>();

/**
 * OpenAlgo's `id` is the row's database id; ours is the row's 1-based position in the master, stable
 * for as long as that master is loaded. Built once per master (O(rows)), then O(1) per lookup;
 * null when the lookup cannot list its rows.
 */
export function instrumentId(lookup: InstrumentLookup, row: Instrument): number | null {
  const all = (lookup as unknown as Partial<FullInstrumentIndex>).all;
  if (typeof all !== 'function') return null;
  const cached = tables.get(lookup);
  const hit = cached?.ids.get(row);
  if (hit !== undefined) return hit;
  const rows = all.call(lookup)[Symbol.iterator]();
  const first = rows.next();
  const firstRow = first.done ? undefined : first.value;
  if (cached && cached.first === firstRow) return null;
  const ids = new WeakMap<Instrument, number>();
  let n = 0;
  if (firstRow) ids.set(firstRow, ++n);
  for (let next = rows.next(); !next.done; next = rows.next()) ids.set(next.value, ++n);
  tables.set(lookup, { first: firstRow, ids });
  return ids.get(row) ?? null;
}
