import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/model/enums.js';
import type { Instrument } from '../../src/model/instrument.js';
import { InstrumentIndex } from '../../src/symbols/instrument-index.js';
import { equity } from './helpers.js';

/**
 * The snapshot's lookups are open-addressed tables of row positions (instrument-tables.ts). With tens
 * of thousands of keys in a half-full table, probes run through long clusters of other keys; every
 * row must still be found under exactly its own key and nothing else.
 */
const COUNT = 20_000;
const EXCHANGES_USED: readonly Exchange[] = ['NSE', 'BSE', 'NFO', 'MCX'];

function manyRows(): Instrument[] {
  const rows: Instrument[] = [];
  for (let i = 0; i < COUNT; i++) {
    const exchange = EXCHANGES_USED[i % EXCHANGES_USED.length] as Exchange;
    // The same symbol text recurs on every exchange and the same token on every brexchange.
    const n = Math.floor(i / EXCHANGES_USED.length);
    rows.push(equity(`SYM${n}`, exchange, { token: String(n), brexchange: exchange }));
  }
  return rows;
}

describe('instrument lookup tables', () => {
  const rows = manyRows();
  const index = InstrumentIndex.fromRows(rows);

  it('finds every row by (symbol, exchange) and by (brexchange, token), never another row', () => {
    expect(index.size).toBe(COUNT);
    for (const row of rows) {
      expect(index.get(row.symbol, row.exchange)).toBe(row);
      expect(index.getByToken(row.brexchange, row.token)).toBe(row);
    }
  });

  it('misses keys that are not listed, including a listed symbol on an exchange without it', () => {
    expect(index.get(`SYM${COUNT}`, 'NSE')).toBeUndefined();
    expect(index.get('SYM1', 'NCDEX')).toBeUndefined();
    expect(index.get('sym1', 'NSE')).toBeUndefined();
    expect(index.getByToken('NSE', String(COUNT))).toBeUndefined();
    expect(index.getByToken('NCDEX', '1')).toBeUndefined();
    expect(index.get('SYM1', 'NOPE' as Exchange)).toBeUndefined();
  });

  it('answers a non-string symbol (a caller outside TypeScript) with not found, not a crash', () => {
    expect(index.get(42 as unknown as string, 'NSE')).toBeUndefined();
    expect(index.get(undefined as unknown as string, 'NSE')).toBeUndefined();
  });

  it('lists the exchanges a symbol is on', () => {
    expect(() => index.resolve('SYM7', 'NCDEX')).toThrow(/listed on NSE, BSE, NFO, MCX/);
  });

  it('keeps the first row of a duplicate key and counts the rest', async () => {
    const loaded = new InstrumentIndex();
    const again = rows.slice(0, 100).map((row) => ({ ...row, name: 'LATER' }));
    const result = await loaded.load([...rows, ...again]);
    expect(result).toMatchObject({ replaced: true, rows: COUNT, duplicates: 100 });
    expect(loaded.get('SYM0', 'NSE')?.name).toBe('SYM0 LIMITED');
  });
});
