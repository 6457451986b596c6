import type { Exchange } from '../model/enums.js';
import type { Instrument } from '../model/instrument.js';

export interface SearchOptions {
  exchange?: Exchange;
  /** Most rows returned; 500 by default. */
  limit?: number;
}

export const DEFAULT_SEARCH_LIMIT = 500;

const EXACT = 0;
const PREFIX = 1;
const CONTAINS = 2;
const NO_MATCH = 3;

function rankField(value: string, query: string): number {
  const upper = value.toUpperCase();
  if (upper === query) return EXACT;
  if (upper.startsWith(query)) return PREFIX;
  return upper.includes(query) ? CONTAINS : NO_MATCH;
}

function rankRow(row: Instrument, query: string): number {
  const bySymbol = rankField(row.symbol, query);
  if (bySymbol === EXACT) return EXACT;
  return Math.min(bySymbol, rankField(row.name, query), rankField(row.brsymbol, query));
}

/** Shorter symbols first (the underlying before its contracts), then alphabetical, for a stable order. */
function bySymbolLength(a: Instrument, b: Instrument): number {
  return a.symbol.length - b.symbol.length || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0);
}

/**
 * Case-insensitive substring search over symbol, name and brsymbol. Exact matches (on any field)
 * come first, then prefix matches, then the rest. A blank query matches nothing.
 */
export function searchRows(
  rows: Iterable<Instrument>,
  query: string,
  options: SearchOptions = {},
): Instrument[] {
  const needle = query.trim().toUpperCase();
  const limit = Math.max(0, Math.floor(options.limit ?? DEFAULT_SEARCH_LIMIT));
  if (needle.length === 0 || limit === 0) return [];
  const buckets: Instrument[][] = [[], [], []];
  for (const row of rows) {
    const rank = rankRow(row, needle);
    if (rank !== NO_MATCH) buckets[rank]?.push(row);
  }
  const out: Instrument[] = [];
  for (const bucket of buckets) {
    if (out.length >= limit) break;
    bucket.sort(bySymbolLength);
    for (const row of bucket) {
      if (out.length >= limit) break;
      out.push(row);
    }
  }
  return out;
}
