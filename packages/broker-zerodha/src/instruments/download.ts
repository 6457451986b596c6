import {
  BrokerError,
  type CallOptions,
  csvBatches,
  INSTRUMENT_BATCHES,
  type Instrument,
  type InstrumentBatches,
} from '@openalgo/core';
import type { KiteContext } from '../context.js';
import { BROKER_ID } from '../errors.js';
import { KITE_INSTRUMENT_COLUMNS, KiteRowMapper } from './instrument-row.js';

const MAX_SAMPLES = 5;

/** A body that is not Kite's master (an HTML page served as 200, a renamed column) fails loudly. */
function checkHeader(header: readonly string[] | undefined): readonly string[] {
  const columns = header ?? [];
  const missing = KITE_INSTRUMENT_COLUMNS.filter((column) => !columns.includes(column));
  if (missing.length > 0) {
    throw new BrokerError(
      `${BROKER_ID}: the instrument master is missing column(s) ${missing.join(', ')}; is the instruments URL right?`,
      { details: { missing } },
    );
  }
  return columns;
}

/**
 * Kite serves the master as `text/csv` and answers in JSON only with an error envelope: a JSON body with
 * a 2xx is not a master (a proxy's answer, a cut-off reply), and its leftover rows must not pass as one.
 */
function checkContentType(header: string | string[] | undefined): void {
  const type = (Array.isArray(header) ? header.join(',') : (header ?? '')).toLowerCase();
  if (type.includes('json') || type.includes('html')) {
    throw new BrokerError(`${BROKER_ID}: the instrument master came back as ${type}, not CSV`, {
      mayHaveReachedBroker: true,
      details: { contentType: type },
    });
  }
}

/**
 * Streams Kite's instrument CSV (`GET /instruments`, a few MB) straight off the socket into OpenAlgo
 * rows, never holding the body as one string. Rows OpenAlgo cannot represent (mutual funds, unknown
 * exchanges, a derivative without expiry) are skipped and counted in one summary log line.
 *
 * Iterate it row by row like any source, or hand it to `InstrumentIndex.load`, which takes the rows a
 * network chunk at a time through `INSTRUMENT_BATCHES`. Either way the download starts on the first
 * read and is read once.
 */
export function downloadInstruments(
  ctx: KiteContext,
  options?: CallOptions,
): AsyncIterable<Instrument> & InstrumentBatches {
  const batches = instrumentBatches(ctx, options);
  return {
    [INSTRUMENT_BATCHES]: () => batches,
    [Symbol.asyncIterator]: () => rowsOf(batches),
  };
}

async function* rowsOf(batches: AsyncIterable<readonly Instrument[]>): AsyncGenerator<Instrument> {
  for await (const batch of batches) yield* batch;
}

/** The rows each network chunk completed (never an empty batch). */
async function* instrumentBatches(ctx: KiteContext, options?: CallOptions): AsyncGenerator<Instrument[]> {
  const res = await ctx.http.request({
    method: 'GET',
    path: ctx.config.baseUrls.instruments,
    responseType: 'stream',
    timeoutMs: ctx.config.timeouts.instrumentsMs,
    kind: 'read',
    limits: ['default'],
    ...(options?.signal ? { signal: options.signal } : {}),
  });
  checkContentType(res.headers['content-type']);
  let skipped = 0;
  let parsed = 0;
  const samples: string[] = [];
  let mapper: KiteRowMapper | undefined;
  for await (const rows of csvBatches(res.data)) {
    let i = 0;
    if (!mapper) {
      mapper = new KiteRowMapper(checkHeader(rows[0]));
      i = 1;
    }
    const batch: Instrument[] = [];
    for (; i < rows.length; i++) {
      const fields = rows[i] as string[];
      const result = mapper.map(fields);
      if (typeof result !== 'string') {
        batch.push(result);
      } else {
        skipped++;
        if (samples.length < MAX_SAMPLES) {
          samples.push(
            `${mapper.field(fields, 'exchange')}:${mapper.field(fields, 'tradingsymbol')}: ${result}`,
          );
        }
      }
    }
    parsed += batch.length;
    if (batch.length > 0) yield batch;
  }
  if (!mapper) checkHeader(undefined);
  ctx.logger.info({ broker: BROKER_ID, rows: parsed, skipped, samples }, 'instrument master parsed');
}
