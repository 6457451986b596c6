import { describe, expect, it } from 'vitest';
import type { Instrument } from '../../src/model/instrument.js';
import { InstrumentIndex } from '../../src/symbols/instrument-index.js';
import { flushMicrotasks } from '../../src/time/clock.js';
import { deferred, equities, equity, gatedSource } from './helpers.js';

async function loaded(rows: Instrument[]): Promise<InstrumentIndex> {
  const index = new InstrumentIndex();
  const result = await index.load(rows);
  expect(result.replaced).toBe(true);
  return index;
}

describe('atomic swap', () => {
  it('readers see the old snapshot until the new one is complete, then the new one', async () => {
    const index = await loaded([equity('OLD1'), equity('OLD2')]);
    const heldRow = index.resolve('OLD1', 'NSE');
    const heldIterator = index.all();
    expect(heldIterator.next().value?.symbol).toBe('OLD1');

    const gate = deferred();
    const next = [equity('NEW1'), equity('NEW2'), equity('NEW3')];
    const loading = index.load(gatedSource(next, 2, gate.promise));
    await flushMicrotasks();
    // Mid-load: two new rows have been read, none is visible.
    expect(index.get('NEW1', 'NSE')).toBeUndefined();
    expect(index.get('OLD2', 'NSE')?.symbol).toBe('OLD2');
    expect(index.size).toBe(2);

    gate.resolve();
    expect((await loading).replaced).toBe(true);
    expect(index.get('NEW3', 'NSE')?.symbol).toBe('NEW3');
    expect(index.get('OLD1', 'NSE')).toBeUndefined();
    expect(index.size).toBe(3);
    // What a reader already held stays intact: the row object and an iteration begun before the swap.
    expect(heldRow.symbol).toBe('OLD1');
    expect(heldIterator.next().value?.symbol).toBe('OLD2');
    expect(heldIterator.next().done).toBe(true);
  });

  it('a source that throws part way keeps the last good copy', async () => {
    const index = await loaded(equities(10));
    const gate = deferred();
    const result = index.load(gatedSource(equities(20, 'NEW'), 5, gate.promise));
    await flushMicrotasks();
    gate.reject(new Error('connection reset by broker'));
    const outcome = await result;
    expect(outcome).toMatchObject({ replaced: false, reason: 'source-failed', previousRows: 10 });
    expect(outcome.replaced === false && outcome.message).toContain('connection reset by broker');
    expect(outcome.replaced === false && (outcome.cause as Error).message).toBe('connection reset by broker');
    expect(index.size).toBe(10);
    expect(index.get('EQ3', 'NSE')?.symbol).toBe('EQ3');
    expect(index.get('NEW0', 'NSE')).toBeUndefined();
  });

  it('a rejected promise of rows counts as a failed source', async () => {
    const index = await loaded(equities(3));
    const outcome = await index.load(Promise.reject(new Error('HTTP 503')));
    expect(outcome).toMatchObject({ replaced: false, reason: 'source-failed' });
    expect(index.size).toBe(3);
  });

  it('an empty source, or one with no usable rows, keeps the last good copy', async () => {
    const index = await loaded(equities(3));
    expect(await index.load([])).toMatchObject({ replaced: false, reason: 'empty', received: 0 });
    const junk = [equity('X', 'NSE', { token: '' }), equity('Y', 'NSE', { symbol: '' })];
    const outcome = await index.load(junk);
    expect(outcome).toMatchObject({ replaced: false, reason: 'empty', received: 2, invalid: 2 });
    expect(outcome.replaced === false && outcome.message).toContain('no usable rows');
    expect(index.size).toBe(3);
    // Even with allowShrink: an empty master is never right.
    expect(await index.load([], { allowShrink: true })).toMatchObject({ replaced: false, reason: 'empty' });
    expect(index.size).toBe(3);
  });

  it('a master less than half the current size is refused unless forced', async () => {
    const index = await loaded(equities(100));
    const shrunk = await index.load(equities(49, 'S'));
    expect(shrunk).toMatchObject({ replaced: false, reason: 'shrunk', rows: 49, previousRows: 100 });
    expect(shrunk.replaced === false && shrunk.message).toContain('allowShrink');
    expect(index.size).toBe(100);
    expect(index.get('S0', 'NSE')).toBeUndefined();

    // Exactly half is not "more than half smaller".
    expect(await index.load(equities(50, 'H'))).toMatchObject({ replaced: true, rows: 50 });
    expect(await index.load(equities(10, 'F'), { allowShrink: true })).toMatchObject({
      replaced: true,
      rows: 10,
    });
    expect(index.get('F9', 'NSE')?.symbol).toBe('F9');
  });

  it('the shrink check counts unique rows, not what the source sent', async () => {
    const index = await loaded(equities(10));
    const padded = [...equities(4, 'D'), ...equities(4, 'D'), ...equities(4, 'D')];
    expect(await index.load(padded)).toMatchObject({
      replaced: false,
      reason: 'shrunk',
      received: 12,
      rows: 4,
    });
  });

  it('loads run one at a time, in call order', async () => {
    const index = new InstrumentIndex();
    const gate = deferred();
    const first = index.load(gatedSource(equities(4, 'A'), 1, gate.promise));
    const second = index.load(equities(3, 'B'));
    await flushMicrotasks();
    expect(index.size).toBe(0);
    gate.resolve();
    expect(await first).toMatchObject({ replaced: true, previousRows: 0, rows: 4 });
    // The second load saw the first one's master as current.
    expect(await second).toMatchObject({ replaced: true, previousRows: 4, rows: 3 });
    expect(index.get('B2', 'NSE')?.symbol).toBe('B2');
    expect(index.get('A0', 'NSE')).toBeUndefined();
  });
});
