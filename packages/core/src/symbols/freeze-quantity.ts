import type { Instrument } from '../model/instrument.js';
import { BSE_INDEX_FREEZE, NSE_INDEX_FREEZE, NSE_STOCK_FREEZE } from './freeze-quantity-data.js';

/**
 * What OpenAlgo reports as `freeze_qty` when it knows no limit (cash instruments, commodities,
 * currencies, an underlying missing from the table): 1.
 */
export const UNKNOWN_FREEZE_QUANTITY = 1;

const TABLES: Partial<Record<Instrument['exchange'], ReadonlyArray<Readonly<Record<string, number>>>>> = {
  NFO: [NSE_INDEX_FREEZE, NSE_STOCK_FREEZE],
  BFO: [BSE_INDEX_FREEZE],
};

function lookup(tables: ReadonlyArray<Readonly<Record<string, number>>>, underlying: string) {
  for (const table of tables) {
    if (Object.hasOwn(table, underlying)) return table[underlying];
  }
  return undefined;
}

/**
 * The exchange's quantity-freeze limit (units per order) of a derivatives row, found by its
 * underlying: the master's `name`, or else the longest known underlying the symbol starts with
 * followed by its expiry's digits (`NIFTYNXT5026MAY26…` is NIFTYNXT50, not NIFTY). Computed from the
 * row, so the instrument master itself carries nothing new. Unknown: `UNKNOWN_FREEZE_QUANTITY`.
 */
export function freezeQuantity(row: Pick<Instrument, 'exchange' | 'name' | 'symbol'>): number {
  const tables = TABLES[row.exchange];
  if (!tables) return UNKNOWN_FREEZE_QUANTITY;
  const byName = lookup(tables, row.name.trim().toUpperCase());
  if (byName !== undefined) return byName;
  const symbol = row.symbol.toUpperCase();
  let best: number | undefined;
  let bestLength = 0;
  for (const table of tables) {
    for (const [underlying, quantity] of Object.entries(table)) {
      const next = symbol.charAt(underlying.length);
      if (underlying.length > bestLength && symbol.startsWith(underlying) && next >= '0' && next <= '9') {
        best = quantity;
        bestLength = underlying.length;
      }
    }
  }
  return best ?? UNKNOWN_FREEZE_QUANTITY;
}
