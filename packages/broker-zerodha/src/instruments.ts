import { BrokerError, type CallOptions, csvRows, type Instrument } from '@openalgo/core';
import type { KiteContext } from './context.js';
import { BROKER_ID } from './errors.js';
import { KITE_INSTRUMENT_COLUMNS, kiteInstrumentRow } from './instrument-row.js';

const MAX_SAMPLES = 5;

/** A body that is not Kite's master (an HTML page served as 200, a renamed column) fails loudly. */
function checkHeader(header: readonly string[] | undefined): readonly string[] {
  const columns = header ?? [];
  const missing = KITE_INSTRUMENT_COLUMNS.filter((column) => !columns.includes(column));
  if (missing.length > 0) {
    throw new BrokerError(
      `${BROKER_ID}: the instrument master is missing column(s) ${missing.join(', ')}; is the instruments URL right?`,
      { broker: BROKER_ID, details: { missing } },
    );
  }
  return columns;
}

function toRecord(columns: readonly string[], row: readonly string[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (let i = 0; i < columns.length; i++) record[columns[i] as string] = row[i] ?? '';
  return record;
}

/**
 * Streams Kite's instrument CSV (`GET /instruments`, a few MB) straight off the socket into OpenAlgo
 * rows, never holding the body as one string. Rows OpenAlgo cannot represent (mutual funds, unknown
 * exchanges, a derivative without expiry) are skipped and counted in one summary log line.
 */
export async function* downloadInstruments(
  ctx: KiteContext,
  options?: CallOptions,
): AsyncGenerator<Instrument> {
  const res = await ctx.http.request({
    method: 'GET',
    path: ctx.config.baseUrls.instruments,
    responseType: 'stream',
    timeoutMs: ctx.config.timeouts.instrumentsMs,
    kind: 'read',
    limits: ['default'],
    ...(options?.signal ? { signal: options.signal } : {}),
  });
  let parsed = 0;
  let skipped = 0;
  const samples: string[] = [];
  let columns: readonly string[] | undefined;
  for await (const row of csvRows(res.data)) {
    if (!columns) {
      columns = checkHeader(row);
      continue;
    }
    const record = toRecord(columns, row);
    const result = kiteInstrumentRow(record);
    if (result.ok) {
      parsed++;
      yield result.row;
    } else {
      skipped++;
      if (samples.length < MAX_SAMPLES)
        samples.push(`${record.exchange}:${record.tradingsymbol}: ${result.reason}`);
    }
  }
  if (!columns) checkHeader(undefined);
  ctx.logger.info({ broker: BROKER_ID, rows: parsed, skipped, samples }, 'instrument master parsed');
}
