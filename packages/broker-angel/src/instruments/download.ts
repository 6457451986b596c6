import {
  BrokerError,
  type HttpClient,
  INSTRUMENT_BATCHES,
  type Instrument,
  type InstrumentBatches,
  type Logger,
} from '@openalgo/core';
import { ANGEL_MASTER_KEYS, AngelRowMapper } from './instrument-row.js';
import { jsonArrayBatches } from './json-array-stream.js';

export interface InstrumentDownloadOptions {
  http: HttpClient;
  /** Angel serves one master: `OpenAPIScripMaster.json` (brokers.md §2.1). */
  urls: readonly string[];
  timeoutMs: number;
  signal?: AbortSignal;
  logger: Logger;
}

const WHAT = 'angel: the instrument master (OpenAPIScripMaster.json)';
const MAX_SAMPLES = 5;

/** The first row decides whether this is Angel's master at all: a renamed key must not pass quietly. */
function checkFirstRow(row: unknown): void {
  const record = typeof row === 'object' && row !== null ? (row as Record<string, unknown>) : {};
  const missing = ANGEL_MASTER_KEYS.filter((key) => !(key in record));
  if (missing.length > 0) {
    throw new BrokerError(`${WHAT} has rows without ${missing.join(', ')}; is the instruments URL right?`, {
      details: { missing },
    });
  }
}

/**
 * Streams Angel's scrip master (one JSON array, tens of MB) straight off the socket into OpenAlgo
 * rows, never holding the body as one string (see `jsonArrayBatches`). Rows OpenAlgo cannot
 * represent (unsupported segments, a derivative without a usable expiry) are skipped and counted in
 * one summary log line; a body that is not the master (an error reply, HTML, a cut-off download)
 * fails with BROKER_ERROR.
 *
 * Iterate it row by row, or hand it to `InstrumentIndex.load`, which takes the rows a network chunk
 * at a time through `INSTRUMENT_BATCHES`. Either way the download starts on the first read.
 */
export function downloadAngelInstruments(
  options: InstrumentDownloadOptions,
): AsyncIterable<Instrument> & InstrumentBatches {
  return {
    [INSTRUMENT_BATCHES]: () => instrumentBatches(options),
    [Symbol.asyncIterator]: () => rowsOf(instrumentBatches(options)),
  };
}

async function* rowsOf(batches: AsyncIterable<readonly Instrument[]>): AsyncGenerator<Instrument> {
  for await (const batch of batches) yield* batch;
}

/** The rows each network chunk completed (never an empty batch). */
async function* instrumentBatches(options: InstrumentDownloadOptions): AsyncGenerator<Instrument[]> {
  const url = options.urls[0];
  if (options.urls.length !== 1 || !url) {
    throw new BrokerError(`angel: expected exactly one instrument master URL, got ${options.urls.length}`);
  }
  const res = await options.http.request({
    method: 'GET',
    path: url,
    responseType: 'stream',
    timeoutMs: options.timeoutMs,
    kind: 'read',
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const mapper = new AngelRowMapper();
  let parsed = 0;
  let skipped = 0;
  let checked = false;
  const samples: string[] = [];
  for await (const records of jsonArrayBatches(res.data, WHAT)) {
    if (!checked) {
      checkFirstRow(records[0]);
      checked = true;
    }
    const batch: Instrument[] = [];
    for (const record of records) {
      const result =
        typeof record === 'object' && record !== null
          ? mapper.map(record as Record<string, unknown>)
          : 'not an object';
      if (typeof result !== 'string') {
        batch.push(result);
        continue;
      }
      skipped++;
      if (samples.length < MAX_SAMPLES) {
        const r = record as Record<string, unknown> | null;
        samples.push(`${String(r?.exch_seg)}:${String(r?.symbol)} (${String(r?.token)}): ${result}`);
      }
    }
    parsed += batch.length;
    if (batch.length > 0) yield batch;
  }
  if (!checked) throw new BrokerError(`${WHAT} has no rows`);
  options.logger.info({ broker: 'angel', rows: parsed, skipped, samples }, 'instrument master parsed');
}
