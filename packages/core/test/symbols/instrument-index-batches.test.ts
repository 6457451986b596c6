import { describe, expect, it } from 'vitest';
import type { Instrument } from '../../src/model/instrument.js';
import {
  INSTRUMENT_BATCHES,
  type InstrumentBatches,
  InstrumentIndex,
} from '../../src/symbols/instrument-index.js';
import { flushMicrotasks } from '../../src/time/clock.js';
import { deferred, equities, equity, future } from './helpers.js';

/**
 * A source offering its rows in batches; iterating it row by row fails the test, so a load that
 * passes read the batches. `pauseBefore` holds the batch at that position until `gate` settles.
 */
function batchedSource(
  batches: readonly (readonly Instrument[])[],
  options: { pauseBefore?: number; gate?: Promise<void> } = {},
): AsyncIterable<Instrument> & InstrumentBatches {
  return {
    async *[INSTRUMENT_BATCHES]() {
      for (let i = 0; i < batches.length; i++) {
        if (i === options.pauseBefore) await options.gate;
        yield batches[i] as readonly Instrument[];
      }
    },
    [Symbol.asyncIterator]() {
      throw new Error('read row by row although the source offers batches');
    },
  };
}

describe('InstrumentIndex.load from a source offering batches', () => {
  it('reads the batches, keeping master order across them', async () => {
    const rows = equities(7);
    const index = new InstrumentIndex();
    const result = await index.load(batchedSource([rows.slice(0, 3), [], rows.slice(3)]));
    expect(result).toMatchObject({ replaced: true, received: 7, rows: 7 });
    expect([...index.all()].map((r) => r.symbol)).toEqual(rows.map((r) => r.symbol));
    expect(index.get('EQ5', 'NSE')).toBe(rows[5]);
  });

  it('reports duplicates and malformed rows exactly as a plain load of the same rows', async () => {
    const fut = future('NIFTY', '26DEC24', '26-DEC-24');
    const rows = [
      equity('AAA'),
      equity('AAA'),
      { ...equity('BBB'), token: '' },
      fut,
      { ...equity('CCC'), exchange: 'MARS' as Instrument['exchange'] },
      equity('DDD', 'NSE', { token: fut.token, brexchange: 'NFO' }),
    ];
    const plain = await new InstrumentIndex().load(rows);
    const batched = await new InstrumentIndex().load(batchedSource([rows.slice(0, 2), rows.slice(2)]));
    expect(batched).toEqual(plain);
    expect(batched).toMatchObject({ received: 6, rows: 3, duplicates: 1, duplicateTokens: 1, invalid: 2 });
  });

  it('applies validate to batched rows', async () => {
    const bad = { ...equity('BAD'), symbol: 'bad symbol' };
    const result = await new InstrumentIndex().load(batchedSource([[equity('GOOD'), bad]]), {
      validate: true,
    });
    expect(result).toMatchObject({ replaced: true, rows: 1, invalid: 1 });
  });

  it('shows nothing of the new master until its last batch is in', async () => {
    const index = new InstrumentIndex();
    await index.load([equity('OLD')]);
    const gate = deferred();
    const loading = index.load(
      batchedSource([[equity('NEW1')], [equity('NEW2')]], { pauseBefore: 1, gate: gate.promise }),
    );
    await flushMicrotasks();
    expect(index.get('NEW1', 'NSE')).toBeUndefined();
    expect(index.get('OLD', 'NSE')?.symbol).toBe('OLD');
    gate.resolve();
    expect(await loading).toMatchObject({ replaced: true, rows: 2 });
    expect(index.get('OLD', 'NSE')).toBeUndefined();
  });

  it('a source that fails between batches keeps the last good copy', async () => {
    const index = new InstrumentIndex();
    await index.load(equities(4));
    const gate = deferred();
    const loading = index.load(
      batchedSource([equities(3, 'NEW'), equities(3, 'MORE')], { pauseBefore: 1, gate: gate.promise }),
    );
    await flushMicrotasks();
    gate.reject(new Error('connection reset by broker'));
    expect(await loading).toMatchObject({ replaced: false, reason: 'source-failed', previousRows: 4 });
    expect(index.size).toBe(4);
    expect(index.get('NEW0', 'NSE')).toBeUndefined();
  });

  it('no rows in any batch is an empty master, which is refused', async () => {
    const index = new InstrumentIndex();
    await index.load(equities(2));
    expect(await index.load(batchedSource([[], []]))).toMatchObject({ replaced: false, reason: 'empty' });
    expect(index.size).toBe(2);
  });
});
