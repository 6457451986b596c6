/**
 * angel.instruments.parse: the simulator's full-size `OpenAPIScripMaster.json` (the bytes the master
 * route serves) parsed by the adapter's streaming parser and indexed by core's InstrumentIndex, against
 * what a plain reader does with the same bytes: decode them and `JSON.parse` the whole array (no
 * mapping, no index). The subject reads the bytes in 64 KiB chunks, as off a socket; rounds alternate
 * which side goes first. Medians are reported with each side's peak heap growth
 * (the subject holds one chunk and the index it builds; the baseline the whole body and every row). Nothing here asserts on
 * time.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type HttpClient, InstrumentIndex, noopLogger } from '@openalgo/core';
import { test } from 'vitest';
import { recordResult, summarise } from '../../core/bench/harness.js';
import { downloadAngelInstruments } from '../src/instruments/download.js';
import { scripMasterBytes } from '../src/simulator/index.js';

const ROUNDS = 7;
const CHUNK = 64 * 1024;

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const bytes = scripMasterBytes();

async function* chunks(onChunk: () => void): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += CHUNK) {
    onChunk();
    yield bytes.subarray(at, at + CHUNK);
  }
}

/** Just enough of an HttpClient: streams the bytes. */
function httpFor(onChunk: () => void): HttpClient {
  return {
    request: async () => ({ status: 200, headers: {}, data: chunks(onChunk) }),
  } as unknown as HttpClient;
}

/** The subject: the adapter's streaming parser straight into core's index. */
async function parseAndIndex(onChunk: () => void): Promise<InstrumentIndex> {
  const index = new InstrumentIndex();
  const rows = downloadAngelInstruments({
    http: httpFor(onChunk),
    urls: ['http://127.0.0.1/OpenAPIScripMaster.json'],
    timeoutMs: 60_000,
    logger: noopLogger,
  });
  const result = await index.load(rows);
  if (!result.replaced) throw new Error(`the master did not load: ${result.message}`);
  return index;
}

/** The baseline: the whole body as one string, one `JSON.parse`; `onParsed` sees the result alive. */
function plainJsonParse(onParsed: () => void = () => {}): number {
  const text = bytes.toString('utf8');
  const rows = JSON.parse(text) as unknown[];
  onParsed();
  return rows.length + (text.length > 0 ? 0 : 1);
}

function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

test('angel.instruments.parse', async () => {
  const subjectMs: number[] = [];
  const baselineMs: number[] = [];
  // Peak heap growth over the start of each run: what the run holds at its worst.
  let subjectPeak = 0;
  let baselinePeak = 0;
  let rows = 0;
  let elements = 0;
  let heapMb = 0;
  // Warm-up: one of each.
  await parseAndIndex(() => {});
  plainJsonParse();
  const subject = async () => {
    collectGarbage();
    const heapBefore = process.memoryUsage().heapUsed;
    let peak = heapBefore;
    const start = process.hrtime.bigint();
    const index = await parseAndIndex(() => {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    });
    subjectMs.push(msSince(start));
    subjectPeak = Math.max(subjectPeak, peak - heapBefore);
    rows = index.size;
    collectGarbage();
    heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
  };
  const baseline = () => {
    collectGarbage();
    const heapBefore = process.memoryUsage().heapUsed;
    let peak = heapBefore;
    const start = process.hrtime.bigint();
    elements = plainJsonParse(() => {
      peak = process.memoryUsage().heapUsed;
    });
    baselineMs.push(msSince(start));
    baselinePeak = Math.max(baselinePeak, peak - heapBefore);
  };
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) {
      await subject();
      baseline();
    } else {
      baseline();
      await subject();
    }
  }
  const value = summarise(subjectMs).p50;
  const floor = summarise(baselineMs).p50;
  const mb = (n: number) => Math.round((n / 1e6) * 10) / 10;
  recordResult('angel.instruments.parse', {
    value,
    unit: 'ms',
    baseline: floor,
    ratio: value / floor,
    target: { ratio: '<= 2.5' },
    extra: {
      rows,
      masterRows: elements,
      jsonMb: mb(bytes.length),
      subjectPeakHeapGrowthMb: mb(subjectPeak),
      baselinePeakHeapGrowthMb: mb(baselinePeak),
      indexHeapMb: Math.round(heapMb * 10) / 10,
      peakRssMb: mb(process.memoryUsage.rss()),
    },
  });
  // A bench that parsed nothing would report a fine ratio for no work.
  if (rows < 100_000 || elements < rows) throw new Error(`only ${rows} of ${elements} rows were indexed`);
});
