/**
 * fyers.ticks.decode: HSM data frames decoded per second (brokers.md §3.9) — the adapter's decoder
 * applying each frame's items to its topic state and reading the LTP back, the work between the
 * socket and a tick. Frames are built with the simulator's encoder as a busy feed sends them after
 * the snapshots: one item a frame, mostly full scrip updates (21 values, unchanged fields marked
 * 0x80000000), some depth updates (30 values) and lite LTP items, over 500 topics. The baseline walks
 * the same frames reading only the header, item kind and topicId (the floor any decoder pays). The
 * `ticks/s` extra adds building the unified Tick. Nothing here asserts on time.
 */
import { test } from 'vitest';
import { measureThroughput, recordResult } from '../../core/bench/harness.js';
import { type DataItem, dataFrame, NO_VALUE } from '../src/simulator/hsm/hsm-encode.js';
import { decodeDataFrame, type HsmTopic, HsmTopics, valueAt } from '../src/stream/hsm-decode.js';
import { DEFAULT_FIELD_MAP } from '../src/stream/hsm-field-map.js';
import { scripTick, tickPositions } from '../src/stream/hsm-ticks.js';

const TOPICS = 500;
const FRAMES = 100_000;
const ROUNDS = 5;

function snapshots(): Uint8Array[] {
  const frames: Uint8Array[] = [];
  for (let t = 0; t < TOPICS; t++) {
    const scrip = Array.from({ length: 21 }, (_, i) => 100_000 + t * 10 + i);
    const depth = Array.from({ length: 30 }, (_, i) => 100_000 + i);
    const common = { multiplier: 1, precision: 2, segment: 'nse_cm', exchangeToken: String(1000 + t) };
    frames.push(
      dataFrame(t, [
        {
          kind: 'S',
          topicId: 2 * t + 1,
          topic: `sf|nse_cm|${1000 + t}`,
          values: scrip,
          tradingSymbol: `S${t}-EQ`,
          ...common,
        },
        {
          kind: 'S',
          topicId: 2 * t + 2,
          topic: `dp|nse_cm|${1000 + t}`,
          values: depth,
          tradingSymbol: `S${t}-EQ`,
          ...common,
        },
      ]),
    );
  }
  return frames;
}

function updates(): Uint8Array[] {
  const frames: Uint8Array[] = [];
  for (let i = 0; i < FRAMES; i++) {
    const t = (i * 7919) % TOPICS;
    const price = 100_000 + ((i * 37) % 5000);
    let item: DataItem;
    if (i % 10 === 0) item = { kind: 'L', topicId: 2 * t + 1, ltp: price };
    else if (i % 10 === 1)
      item = { kind: 'U', topicId: 2 * t + 2, values: Array.from({ length: 30 }, (_, l) => price + l) };
    else {
      // A trade moves LTP, volume, times, quantities and VWAP; OHLC, circuits and 52-week stay unchanged.
      const values = Array.from({ length: 21 }, () => NO_VALUE);
      for (const [at, v] of [
        [0, price],
        [1, 1_000_000 + i],
        [2, 1_700_000_000 + (i >> 8)],
        [3, 1_700_000_000 + (i >> 8)],
        [4, 10],
        [5, 12],
        [6, price - 5],
        [7, price + 5],
        [8, (i % 50) + 1],
        [9, 50_000 + i],
        [10, 60_000 + i],
        [11, price - 3],
      ] as const)
        values[at] = v;
      item = { kind: 'U', topicId: 2 * t + 1, values };
    }
    frames.push(dataFrame(1000 + i, [item]));
  }
  return frames;
}

const topics = new HsmTopics();
for (const frame of snapshots()) decodeDataFrame(frame, topics, () => {});
const frames = updates();
const positions = tickPositions(DEFAULT_FIELD_MAP);
const ref = { symbol: 'SBIN', exchange: 'NSE' as const };
let sink = 0;

const readLtp = (topic: HsmTopic): void => {
  sink += valueAt(topic, 0) ?? 0;
};
const buildTick = (topic: HsmTopic): void => {
  if (topic.kind === 'dp') return;
  sink += scripTick(topic, ref, 'quote', positions, 0)?.ltp ?? 0;
};

function decodeAll(): void {
  for (const f of frames) decodeDataFrame(f, topics, readLtp);
}
function decodeToTicks(): void {
  for (const f of frames) decodeDataFrame(f, topics, buildTick);
}

/** The floor: each frame's message number, item count, first item kind and topicId. */
function readHeaders(): void {
  for (const f of frames) {
    const view = new DataView(f.buffer, f.byteOffset, f.byteLength);
    sink += view.getUint32(3) + view.getUint16(7) + (f[9] as number) + view.getUint16(10);
  }
}

test('fyers.ticks.decode', async () => {
  let subject = 0;
  let baseline = 0;
  let ticks = 0;
  // Alternating rounds so JIT state and machine noise hit both sides alike; best of each.
  for (let round = 0; round < ROUNDS; round++) {
    baseline = Math.max(baseline, await measureThroughput(readHeaders, { opsPerCall: FRAMES, runs: 3 }));
    subject = Math.max(subject, await measureThroughput(decodeAll, { opsPerCall: FRAMES, runs: 3 }));
    ticks = Math.max(ticks, await measureThroughput(decodeToTicks, { opsPerCall: FRAMES, runs: 3 }));
  }
  recordResult('fyers.ticks.decode', {
    value: subject,
    unit: 'frames/s',
    baseline,
    ratio: subject / baseline,
    target: { value: '>= 2000000/s' },
    extra: {
      frames: FRAMES,
      topics: TOPICS,
      itemsPerFrame: 1,
      withTicksPerSecond: Math.round(ticks),
      checksum: sink > 0 ? 'ok' : 'empty',
    },
  });
  if (sink <= 0) throw new Error('nothing was decoded');
});
