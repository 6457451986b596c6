/**
 * zerodha.instruments.parse: the simulator's full-size Kite master (the CSV bytes `GET /instruments`
 * serves) parsed through the adapter's instrument parser and indexed by core's InstrumentIndex,
 * against the floor any parser pays: decoding the same bytes and splitting them into lines and fields.
 * Both sides read the bytes in 64 KiB chunks, as off a socket, alternating over rounds; medians are
 * reported with the peak RSS of the subject. Nothing here asserts on time.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { InstrumentIndex, ManualClock, noopLogger } from '@openalgo/core';
import { DEFAULT_SANDBOX_START } from '@openalgo/sandbox';
import { test } from 'vitest';
import { recordResult, summarise } from '../../core/bench/harness.js';
import type { KiteContext } from '../src/context.js';
import { downloadInstruments } from '../src/instruments/download.js';
import { DEFAULT_MASTER_SIZE, kiteMaster } from '../src/simulator/index.js';

const ROUNDS = 7;
const CHUNK = 64 * 1024;

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const csv = kiteMaster({ asOf: DEFAULT_SANDBOX_START, seed: 42, size: DEFAULT_MASTER_SIZE }).csv();

async function* chunks(onChunk?: () => void): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < csv.length; at += CHUNK) {
    onChunk?.();
    yield csv.subarray(at, at + CHUNK);
  }
}

/** Just enough of the adapter's context for `downloadInstruments`: an HTTP client that streams the bytes. */
function contextFor(onChunk: () => void): KiteContext {
  const http = { request: async () => ({ status: 200, headers: {}, data: chunks(onChunk) }) };
  return {
    http,
    config: {
      baseUrls: { instruments: 'http://127.0.0.1/instruments' },
      timeouts: { instrumentsMs: 60_000 },
    },
    logger: noopLogger,
    clock: new ManualClock(DEFAULT_SANDBOX_START),
  } as unknown as KiteContext;
}

function timed<T>(run: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = process.hrtime.bigint();
  return run().then((result) => ({ ms: Number(process.hrtime.bigint() - start) / 1e6, result }));
}

/** The subject: the adapter's parser straight into core's index. */
async function parseAndIndex(onChunk: () => void): Promise<InstrumentIndex> {
  const index = new InstrumentIndex();
  const result = await index.load(downloadInstruments(contextFor(onChunk)));
  if (!result.replaced) throw new Error(`the master did not load: ${result.message}`);
  return index;
}

/** The floor: decode and split the same bytes into lines and fields. */
async function splitFields(): Promise<number> {
  const decoder = new TextDecoder('utf-8');
  let tail = '';
  let fields = 0;
  for await (const chunk of chunks()) {
    const text = tail + decoder.decode(chunk, { stream: true });
    const lines = text.split('\n');
    tail = lines.pop() ?? '';
    for (const line of lines) fields += line.split(',').length;
  }
  if (tail) fields += tail.split(',').length;
  return fields;
}

test('zerodha.instruments.parse', async () => {
  const subjectMs: number[] = [];
  const baselineMs: number[] = [];
  let peakRss = 0;
  let rows = 0;
  let fields = 0;
  const sampleRss = () => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  };
  // Warm-up: one of each.
  await parseAndIndex(() => {});
  await splitFields();
  let rssBefore = 0;
  let heapDeltaMb = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const subject = async () => {
      collectGarbage();
      const heapBefore = process.memoryUsage().heapUsed;
      rssBefore = process.memoryUsage.rss();
      peakRss = rssBefore;
      const { ms, result } = await timed(() => parseAndIndex(sampleRss));
      subjectMs.push(ms);
      rows = result.size;
      collectGarbage();
      heapDeltaMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
    };
    const baseline = async () => {
      const { ms, result } = await timed(splitFields);
      baselineMs.push(ms);
      fields = result;
    };
    if (round % 2 === 0) {
      await subject();
      await baseline();
    } else {
      await baseline();
      await subject();
    }
  }
  const value = summarise(subjectMs).p50;
  const floor = summarise(baselineMs).p50;
  recordResult('zerodha.instruments.parse', {
    value,
    unit: 'ms',
    baseline: floor,
    ratio: value / floor,
    target: { ratio: '<= 2.5' },
    extra: {
      rows,
      csvMb: Math.round((csv.length / 1e6) * 100) / 100,
      fields,
      peakRssMb: Math.round((peakRss / 1e6) * 10) / 10,
      rssGrowthMb: Math.round(((peakRss - rssBefore) / 1e6) * 10) / 10,
      indexHeapMb: Math.round(heapDeltaMb * 10) / 10,
    },
  });
  // A bench that parsed nothing would report a fine ratio for no work.
  if (rows < 100_000 || fields === 0) throw new Error(`only ${rows} rows were indexed`);
});
