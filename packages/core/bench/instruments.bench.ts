/**
 * Instrument index: build time against filling a plain Map with the same rows, and lookups per second
 * against plain Map.get on the same keys. Both sides run in the same process, alternating, on fresh
 * copies of the rows (a real master is built once from freshly parsed rows, never from warm ones).
 * Results are medians over rounds; nothing here asserts on time.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { test } from 'vitest';
import type { Exchange } from '../src/model/enums.js';
import type { Instrument } from '../src/model/instrument.js';
import { InstrumentIndex } from '../src/symbols/instrument-index.js';
import { recordResult, summarise } from './harness.js';
import { syntheticInstruments } from './instrument-rows.js';

const ROWS = 200_000;
const BUILD_ROUNDS = 15;
const WARMUP_ROUNDS = 3;
const LOOKUP_ROUNDS = 15;

function fillMap(rows: readonly Instrument[]): Map<string, Instrument> {
  const map = new Map<string, Instrument>();
  for (const row of rows) map.set(`${row.exchange}:${row.symbol}`, row);
  return map;
}

function timeMs(fn: () => unknown): { ms: number; result: unknown } {
  const start = process.hrtime.bigint();
  const result = fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

function shuffle<T>(items: T[], seed = 7): T[] {
  let s = seed;
  for (let i = items.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

const rows = syntheticInstruments(ROWS);

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Heap retained by what `build` returns (the rows themselves already exist and are not counted). */
function retainedMb(build: () => unknown): { mb: number; kept: unknown } {
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const kept = build();
  collectGarbage();
  return { mb: (process.memoryUsage().heapUsed - before) / 1e6, kept };
}
const json = JSON.stringify(rows);

test('core.instruments.build', () => {
  const indexMs: number[] = [];
  const mapMs: number[] = [];
  let sink = 0;
  for (let round = 0; round < BUILD_ROUNDS; round++) {
    const forIndex = JSON.parse(json) as Instrument[];
    const forMap = JSON.parse(json) as Instrument[];
    const sides = [
      () => {
        const { ms, result } = timeMs(() => InstrumentIndex.fromRows(forIndex));
        indexMs.push(ms);
        sink += (result as InstrumentIndex).size;
      },
      () => {
        const { ms, result } = timeMs(() => fillMap(forMap));
        mapMs.push(ms);
        sink += (result as Map<string, Instrument>).size;
      },
    ];
    // Alternate which side runs first so GC debt from one side does not always land on the other.
    if (round % 2 === 0) sides.reverse();
    for (const side of sides) side();
  }
  const index = summarise(indexMs).p50;
  const map = summarise(mapMs).p50;
  const indexHeap = retainedMb(() => InstrumentIndex.fromRows(rows));
  const mapHeap = retainedMb(() => fillMap(rows));
  recordResult('core.instruments.build', {
    value: index,
    unit: 'ms',
    baseline: map,
    ratio: index / map,
    target: { ratio: '<= 2.0' },
    extra: {
      rows: ROWS,
      rounds: BUILD_ROUNDS,
      built: sink / BUILD_ROUNDS / 2,
      // The index holds a symbol map, a token map and the row list; the Map baseline only one map.
      indexHeapMb: Math.round(indexHeap.mb * 10) / 10,
      mapHeapMb: Math.round(mapHeap.mb * 10) / 10,
    },
  });
});

test('core.instruments.lookup', () => {
  const index = InstrumentIndex.fromRows(rows);
  const map = fillMap(rows);
  const order = shuffle(rows.map((_, i) => i));
  const symbols: string[] = order.map((i) => (rows[i] as Instrument).symbol);
  const exchanges: Exchange[] = order.map((i) => (rows[i] as Instrument).exchange);
  const keys: string[] = order.map(
    (i) => `${(rows[i] as Instrument).exchange}:${(rows[i] as Instrument).symbol}`,
  );
  let found = 0;
  const viaIndex = () => {
    for (let i = 0; i < symbols.length; i++) {
      if (index.get(symbols[i] as string, exchanges[i] as Exchange) !== undefined) found++;
    }
  };
  const viaMap = () => {
    for (let i = 0; i < keys.length; i++) if (map.get(keys[i] as string) !== undefined) found++;
  };
  const indexRates: number[] = [];
  const mapRates: number[] = [];
  for (let round = 0; round < WARMUP_ROUNDS + LOOKUP_ROUNDS; round++) {
    // Alternating rounds so background load on the machine hits both sides alike.
    const indexMs = timeMs(viaIndex).ms;
    const mapMs = timeMs(viaMap).ms;
    if (round < WARMUP_ROUNDS) continue;
    indexRates.push((symbols.length / indexMs) * 1000);
    mapRates.push((keys.length / mapMs) * 1000);
  }
  const value = summarise(indexRates).p50;
  const baseline = summarise(mapRates).p50;
  recordResult('core.instruments.lookup', {
    value,
    unit: 'lookups/s',
    baseline,
    ratio: value / baseline,
    target: { value: '>= 5000000/s' },
    extra: {
      keys: symbols.length,
      rounds: LOOKUP_ROUNDS,
      bestIndex: Math.max(...indexRates),
      bestMap: Math.max(...mapRates),
      allFound: found === symbols.length * 2 * (WARMUP_ROUNDS + LOOKUP_ROUNDS) ? 'yes' : 'NO',
    },
  });
});
