/**
 * fyers.instruments.parse: the simulator's full-size segment CSVs (the bytes its master routes serve)
 * parsed through the adapter's instrument download and indexed by core's InstrumentIndex, against the
 * floor any parser pays: decoding the same bytes and splitting them into lines and fields. Both sides
 * read the bytes in 64 KiB chunks, as off a socket, alternating over rounds; medians are reported with
 * the peak RSS of the subject. Nothing here asserts on time.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type HttpClient, InstrumentIndex, noopLogger } from '@openalgo/core';
import { test } from 'vitest';
import { recordResult, summarise } from '../../core/bench/harness.js';
import { downloadFyersInstruments } from '../src/instruments/download.js';
import { DEFAULT_MASTER_SIZE, FYERS_SEGMENT_FILES, fyersMasterBytes } from '../src/simulator/index.js';

const ROUNDS = 7;
const CHUNK = 64 * 1024;

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const bodies = fyersMasterBytes({ size: DEFAULT_MASTER_SIZE });
const urls = FYERS_SEGMENT_FILES.map((file) => `http://127.0.0.1/sym_details/${file}.csv`);
const totalBytes = Object.values(bodies).reduce((n, b) => n + b.length, 0);

async function* chunks(bytes: Buffer, onChunk?: () => void): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += CHUNK) {
    onChunk?.();
    yield bytes.subarray(at, at + CHUNK);
  }
}

function bodyOf(url: string): Buffer {
  const file = url.slice(url.lastIndexOf('/') + 1, -'.csv'.length) as keyof typeof bodies;
  return bodies[file];
}

/** Just enough of an HTTP client for the download: each URL streams its segment's bytes. */
function httpFor(onChunk: () => void): HttpClient {
  const request = async (req: { path: string }) => ({
    status: 200,
    headers: {},
    data: chunks(bodyOf(req.path), onChunk),
  });
  return { request } as unknown as HttpClient;
}

function timed<T>(run: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = process.hrtime.bigint();
  return run().then((result) => ({ ms: Number(process.hrtime.bigint() - start) / 1e6, result }));
}

/** The subject: the adapter's parser straight into core's index. */
async function parseAndIndex(onChunk: () => void): Promise<InstrumentIndex> {
  const index = new InstrumentIndex();
  const result = await index.load(
    downloadFyersInstruments({ http: httpFor(onChunk), urls, timeoutMs: 60_000, logger: noopLogger }),
  );
  if (!result.replaced) throw new Error(`the master did not load: ${result.message}`);
  return index;
}

/** The floor: decode and split the same bytes into lines and fields, segment by segment. */
async function splitFields(): Promise<number> {
  let fields = 0;
  for (const url of urls) {
    const decoder = new TextDecoder('utf-8');
    let tail = '';
    for await (const chunk of chunks(bodyOf(url))) {
      const text = tail + decoder.decode(chunk, { stream: true });
      const lines = text.split('\n');
      tail = lines.pop() ?? '';
      for (const line of lines) fields += line.split(',').length;
    }
    if (tail) fields += tail.split(',').length;
  }
  return fields;
}

test('fyers.instruments.parse', async () => {
  const subjectMs: number[] = [];
  const baselineMs: number[] = [];
  let peakRss = 0;
  let rows = 0;
  let fields = 0;
  const sampleRss = () => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  };
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
  recordResult('fyers.instruments.parse', {
    value,
    unit: 'ms',
    baseline: floor,
    ratio: value / floor,
    target: { ratio: '<= 2.5' },
    extra: {
      rows,
      csvMb: Math.round((totalBytes / 1e6) * 100) / 100,
      fields,
      peakRssMb: Math.round((peakRss / 1e6) * 10) / 10,
      rssGrowthMb: Math.round(((peakRss - rssBefore) / 1e6) * 10) / 10,
      indexHeapMb: Math.round(heapDeltaMb * 10) / 10,
    },
  });
  // A bench that parsed nothing would report a fine ratio for no work.
  if (rows < 100_000 || fields === 0) throw new Error(`only ${rows} rows were indexed`);
});
