import { InstrumentIndex, instrumentRowProblem } from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import {
  generateMasterUniverse,
  type MasterInstrument,
  masterRowToInstrument,
} from '../src/simulator/index.js';

const AS_OF = Date.UTC(2026, 0, 5, 4, 30);
const fullSize = [...generateMasterUniverse({ asOf: AS_OF, seed: 7 })];

describe('generateMasterUniverse at full size', () => {
  it('yields exactly the default 120,000 rows', () => {
    expect(fullSize).toHaveLength(120_000);
  });

  it('covers every segment of an Indian master in realistic proportion', () => {
    const count = (predicate: (row: MasterInstrument) => boolean) => fullSize.filter(predicate).length;
    expect(count((r) => r.exchange === 'NSE' && r.kind === 'equity')).toBeGreaterThan(5_000);
    expect(count((r) => r.exchange === 'BSE' && r.kind === 'equity')).toBeGreaterThan(5_000);
    expect(count((r) => r.kind === 'index')).toBeGreaterThan(20);
    expect(count((r) => r.exchange === 'NFO' && r.instrumentType === 'OPTIDX')).toBeGreaterThan(10_000);
    expect(count((r) => r.exchange === 'NFO' && r.instrumentType === 'OPTSTK')).toBeGreaterThan(40_000);
    expect(count((r) => r.kind === 'future')).toBeGreaterThan(500);
    expect(count((r) => r.exchange === 'BFO')).toBeGreaterThan(5_000);
    expect(count((r) => r.exchange === 'CDS')).toBeGreaterThan(2_000);
    expect(count((r) => r.exchange === 'MCX')).toBeGreaterThan(2_000);
    const niftyExpiries = new Set(
      fullSize.filter((r) => r.underlying === 'NIFTY' && r.kind === 'option').map((r) => r.expiry),
    );
    expect(niftyExpiries.size).toBeGreaterThanOrEqual(8);
  });

  it('has unique symbols per exchange and unique tokens, and every row is a valid unified instrument', () => {
    expect(new Set(fullSize.map((r) => `${r.exchange}:${r.symbol}`)).size).toBe(fullSize.length);
    expect(new Set(fullSize.map((r) => r.token)).size).toBe(fullSize.length);
    const problems = fullSize
      .map((r) => instrumentRowProblem(masterRowToInstrument(r)))
      .filter((p) => p !== undefined);
    expect(problems.slice(0, 3)).toEqual([]);
    const index = InstrumentIndex.fromRows(fullSize.map(masterRowToInstrument));
    expect(index.size).toBe(fullSize.length);
  });

  it('lists no expired contract: every expiry is on or after the as-of day', () => {
    const asOfDay = '2026-01-05';
    const past = fullSize.filter((r) => {
      if (!r.expiryDate) return false;
      const { year, month, day } = r.expiryDate;
      return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` < asOfDay;
    });
    expect(past).toEqual([]);
  });

  it('contains the names people type (SBIN, M&M, NIFTY futures and options)', () => {
    const symbols = new Set(fullSize.map((r) => `${r.exchange}:${r.symbol}`));
    for (const expected of [
      'NSE:SBIN',
      'NSE:M&M',
      'NSE:BAJAJ-AUTO',
      'NSE_INDEX:NIFTY',
      'BSE_INDEX:SENSEX',
      'NFO:NIFTY27JAN26FUT',
    ]) {
      expect(symbols.has(expected), expected).toBe(true);
    }
    expect(fullSize.some((r) => r.symbol.startsWith('NIFTY27JAN26') && r.symbol.endsWith('CE'))).toBe(true);
  });
});

describe('generateMasterUniverse determinism and streaming', () => {
  it('gives the same rows for the same seed and different ones for another seed', () => {
    const again = [...generateMasterUniverse({ asOf: AS_OF, seed: 7, size: 5_000 })];
    const same = [...generateMasterUniverse({ asOf: AS_OF, seed: 7, size: 5_000 })];
    const other = [...generateMasterUniverse({ asOf: AS_OF, seed: 8, size: 5_000 })];
    expect(same).toEqual(again);
    const differing = other.filter((row, i) => JSON.stringify(row) !== JSON.stringify(again[i]));
    expect(differing.length).toBeGreaterThan(2_500);
  });

  it('streams: the first rows of a billion-row universe arrive without building it', () => {
    const stream = generateMasterUniverse({ asOf: AS_OF, seed: 1, size: 1_000_000_000 });
    const first: MasterInstrument[] = [];
    for (const row of stream) {
      first.push(row);
      if (first.length === 50) break;
    }
    expect(first).toHaveLength(50);
    expect(first[0]?.kind).toBe('index');
  });

  it('is exact for small sizes too, down to zero', () => {
    for (const size of [0, 1, 7, 100, 999]) {
      expect([...generateMasterUniverse({ asOf: AS_OF, seed: 3, size })]).toHaveLength(size);
    }
    expect(() => [...generateMasterUniverse({ asOf: AS_OF, seed: 3, size: -1 })]).toThrow(RangeError);
  });

  it('moves expiries with the as-of day', () => {
    const later = [...generateMasterUniverse({ asOf: Date.UTC(2026, 5, 1, 4, 30), seed: 7, size: 20_000 })];
    const futures = later.filter((r) => r.underlying === 'NIFTY' && r.kind === 'future').map((r) => r.expiry);
    expect(futures).toEqual(['30-JUN-26', '28-JUL-26', '25-AUG-26']);
  });
});
