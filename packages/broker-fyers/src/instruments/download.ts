import {
  BrokerError,
  csvBatches,
  type HttpClient,
  INSTRUMENT_BATCHES,
  type Instrument,
  type InstrumentBatches,
  isDigits,
  type Logger,
} from '@openalgo/core';
import { COL, FyersRowMapper, MIN_COLUMNS } from './fyers-row.js';

export interface InstrumentDownloadOptions {
  http: HttpClient;
  /** One URL per segment CSV (NSE_CM, NSE_FO, BSE_CM, BSE_FO, MCX, CDS). */
  urls: readonly string[];
  timeoutMs: number;
  signal?: AbortSignal;
  logger: Logger;
}

const MAX_SAMPLES = 5;

/** The file name a URL ends in (`NSE_FO.csv`), for messages; never the query string. */
function segmentName(url: string): string {
  const path = url.split('?')[0] ?? url;
  return path.slice(path.lastIndexOf('/') + 1) || path;
}

/** A body that is not a Fyers master (an HTML page served as 200, JSON, a cut-off reply) fails loudly. */
function checkFirstRow(fields: readonly string[] | undefined, name: string): void {
  if (
    fields &&
    fields.length >= MIN_COLUMNS &&
    isDigits(fields[COL.fyToken] ?? '') &&
    (fields[COL.ticker] ?? '').includes(':')
  )
    return;
  throw new BrokerError(
    `fyers: ${name} is not a Fyers symbol master (expected ${MIN_COLUMNS}+ headerless columns starting with a fyToken); is the instruments URL right?`,
    { mayHaveReachedBroker: true, details: { segment: name, columns: fields?.length ?? 0 } },
  );
}

function checkContentType(header: string | string[] | undefined, name: string): void {
  const type = (Array.isArray(header) ? header.join(',') : (header ?? '')).toLowerCase();
  if (type.includes('json') || type.includes('html')) {
    throw new BrokerError(`fyers: ${name} came back as ${type}, not CSV`, {
      mayHaveReachedBroker: true,
      details: { segment: name, contentType: type },
    });
  }
}

/**
 * Streams each segment CSV straight off the socket into OpenAlgo rows (brokers.md §3.5, §3.8),
 * one segment after another, never holding a body as one string. Rows OpenAlgo cannot represent
 * (debt, unknown segments, a derivative without expiry) are skipped and counted in one log line per
 * segment. A segment that is not a master, or that yields no rows at all, throws: the load then
 * fails as a whole and core's `InstrumentIndex.load` keeps the last good master (it also refuses an
 * empty or shrunken master), so a bad download never wipes the table (OpenAlgo #2099).
 *
 * Iterate it row by row, or hand it to `InstrumentIndex.load`, which takes the rows a network chunk
 * at a time through `INSTRUMENT_BATCHES`. The download starts on the first read and is read once.
 */
export function downloadFyersInstruments(
  options: InstrumentDownloadOptions,
): AsyncIterable<Instrument> & InstrumentBatches {
  const batches = instrumentBatches(options);
  return {
    [INSTRUMENT_BATCHES]: () => batches,
    [Symbol.asyncIterator]: () => rowsOf(batches),
  };
}

async function* rowsOf(batches: AsyncIterable<readonly Instrument[]>): AsyncGenerator<Instrument> {
  for await (const batch of batches) yield* batch;
}

async function* instrumentBatches(options: InstrumentDownloadOptions): AsyncGenerator<Instrument[]> {
  if (options.urls.length === 0) {
    throw new BrokerError('fyers: no instrument master URLs are configured (baseUrls.instruments)');
  }
  for (const url of options.urls) yield* segmentBatches(options, url);
}

async function* segmentBatches(
  options: InstrumentDownloadOptions,
  url: string,
): AsyncGenerator<Instrument[]> {
  const name = segmentName(url);
  const res = await options.http.request({
    method: 'GET',
    path: url,
    responseType: 'stream',
    timeoutMs: options.timeoutMs,
    kind: 'read',
    // The masters are static files on public.fyers.in, outside the API's rate limits.
    limits: [],
    ...(options.signal ? { signal: options.signal } : {}),
  });
  checkContentType(res.headers['content-type'], name);
  const mapper = new FyersRowMapper();
  let parsed = 0;
  let skipped = 0;
  let first = true;
  const samples: string[] = [];
  for await (const rows of csvBatches(res.data as AsyncIterable<Uint8Array>)) {
    if (first) {
      checkFirstRow(rows[0], name);
      first = false;
    }
    const batch: Instrument[] = [];
    for (const fields of rows) {
      const result = mapper.map(fields);
      if (typeof result !== 'string') {
        batch.push(result);
        continue;
      }
      skipped++;
      if (samples.length < MAX_SAMPLES) samples.push(`${fields[COL.ticker] ?? '?'}: ${result}`);
    }
    parsed += batch.length;
    if (batch.length > 0) yield batch;
  }
  if (parsed === 0) {
    throw new BrokerError(
      `fyers: ${name} held no usable instrument rows (${skipped} skipped); keeping the last master`,
      {
        mayHaveReachedBroker: true,
        details: { segment: name, skipped, samples },
      },
    );
  }
  options.logger.info(
    { broker: 'fyers', segment: name, rows: parsed, skipped, samples },
    'instrument master segment parsed',
  );
}
