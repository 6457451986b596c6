import { Readable } from 'node:stream';
import {
  type Exchange,
  type Instrument,
  InstrumentIndex,
  type InstrumentLookup,
  istParts,
  NotSupportedError,
  tryParseExpiry,
} from '@openalgo/core';
import { type Endpoint, endpointGroup, FileResponse } from './endpoint.js';
import { SymbolRequest } from './schemas/data.js';
import {
  ExpiryRequest,
  ExpiryResponse,
  InstrumentsQuery,
  InstrumentsResponse,
  SearchRequest,
  SearchResponse,
  SymbolResponse,
} from './schemas/symbols.js';
import { type InstrumentRecord, instrumentRecord, symbolRecord } from './wire/rows.js';

/** OpenAlgo's symbol endpoints, answered from the account's instrument master (no broker call). */

const define = endpointGroup('Symbols');

/**
 * The account's master as core's InstrumentIndex, which every account the server opens has; a
 * host's plainer lookup cannot search, list or give expiries, and answers 501 (not a crash).
 */
function fullIndex(lookup: InstrumentLookup, cannot: string): InstrumentIndex {
  if (lookup instanceof InstrumentIndex) return lookup;
  throw new NotSupportedError(
    `This account's instrument master cannot ${cannot}: it is not an InstrumentIndex`,
  );
}

/** Each master's row ids, and its first row: a newly loaded master has new rows. */
const idTables = new WeakMap<
  InstrumentIndex,
  { first: Instrument | undefined; ids: WeakMap<Instrument, number> }
>();

/**
 * OpenAlgo's `id` is the row's database id; ours is the row's 1-based position in the master, stable
 * for as long as that master is loaded. Built once per master (O(rows)), then O(1) per lookup;
 * null when the lookup cannot list its rows.
 */
function instrumentId(lookup: InstrumentLookup, row: Instrument): number | null {
  if (!(lookup instanceof InstrumentIndex)) return null;
  const cached = idTables.get(lookup);
  const hit = cached?.ids.get(row);
  if (hit !== undefined) return hit;
  const rows = lookup.all();
  const first = rows.next();
  const firstRow = first.done ? undefined : first.value;
  if (cached && cached.first === firstRow) return null;
  const ids = new WeakMap<Instrument, number>();
  let n = 0;
  if (firstRow) ids.set(firstRow, ++n);
  for (const next of rows) ids.set(next, ++n);
  idTables.set(lookup, { first: firstRow, ids });
  return ids.get(row) ?? null;
}

export const symbol = define({
  path: '/symbol',
  summary: 'One row of the instrument master',
  request: SymbolRequest,
  response: SymbolResponse,
  example: { symbol: 'SBIN', exchange: 'NSE' },
  async handle({ input, account, reply }) {
    const row = account.instruments.resolve(input.symbol, input.exchange);
    return reply({
      status: 'success',
      data: symbolRecord.encode({ row, id: instrumentId(account.instruments, row) }),
    });
  },
});

export const search = define({
  path: '/search',
  summary: 'Search the instrument master',
  description: 'Exact matches first, then prefix matches, then the rest; at most 500 rows.',
  request: SearchRequest,
  response: SearchResponse,
  example: { query: 'NIFTY', exchange: 'NFO' },
  async handle({ input, account, reply }) {
    const index = fullIndex(account.instruments, 'search');
    const rows = index.search(input.query, input.exchange === undefined ? {} : { exchange: input.exchange });
    return reply({
      status: 'success',
      message: `Found ${rows.length} matching symbols`,
      data: rows.map((row) => symbolRecord.encode({ row, id: instrumentId(account.instruments, row) })),
    });
  },
});

/** Today's IST date as a sortable number (20260105), to drop expiries that have passed. */
function istDay(epochMs: number): number {
  const p = istParts(epochMs);
  return p.year * 10_000 + p.month * 100 + p.day;
}

export const expiry = define({
  path: '/expiry',
  summary: "Expiry dates of an underlying's futures or options",
  description: 'DD-MMM-YY, soonest first; expired dates are dropped; none is a success with an empty list.',
  request: ExpiryRequest,
  response: ExpiryResponse,
  example: { symbol: 'NIFTY', exchange: 'NFO', instrumenttype: 'options' },
  async handle({ input, account, clock, reply }) {
    const index = fullIndex(account.instruments, 'list expiries');
    const today = istDay(clock.now());
    const dates = index.expiries(input.symbol, input.exchange, input.instrumenttype).filter((text) => {
      const d = tryParseExpiry(text);
      return d !== undefined && d.year * 10_000 + d.month * 100 + d.day >= today;
    });
    return reply({ status: 'success', data: dates });
  },
});

/** The CSV columns are the JSON row's fields, in the same order. */
const CSV_COLUMNS = Object.keys(instrumentRecord.schema.shape) as Array<keyof InstrumentRecord>;

function csvCell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const CHUNK_ROWS = 1000;

/** Rows with their master positions as ids, optionally of one exchange, read from one snapshot. */
function* numberedRows(
  rows: Iterable<Instrument>,
  exchange: Exchange | undefined,
): Generator<InstrumentRecord> {
  let id = 0;
  for (const row of rows) {
    id++;
    if (exchange === undefined || row.exchange === exchange) yield instrumentRecord.encode({ row, id });
  }
}

/** Streams in chunks so a 100k-row master is never one giant string and the event loop keeps turning. */
function* chunks<T>(rows: Iterable<T>, head: string, line: (row: T, n: number) => string, tail: string) {
  let chunk = head;
  let n = 0;
  for (const row of rows) {
    chunk += line(row, n);
    if (++n % CHUNK_ROWS === 0) {
      yield chunk;
      chunk = '';
    }
  }
  const last = `${chunk}${tail}`;
  if (last) yield last;
}

const csvLine = (row: InstrumentRecord) => `${CSV_COLUMNS.map((c) => csvCell(row[c])).join(',')}\n`;
const jsonLine = (row: InstrumentRecord, n: number) => `${n === 0 ? '' : ','}${JSON.stringify(row)}`;

export const instruments = define({
  method: 'GET',
  path: '/instruments',
  summary: 'Download the instrument master (JSON or CSV)',
  description:
    'Query parameters, not a body. A missing `apikey` is 401 (as in OpenAlgo). CSV downloads as `instruments_<exchange|all>.csv`.',
  request: InstrumentsQuery,
  response: InstrumentsResponse,
  example: { exchange: 'NSE', format: 'json' },
  async handle({ input, account }) {
    const rows = numberedRows(fullIndex(account.instruments, 'list its rows').all(), input.exchange);
    if (input.format === 'csv') {
      const name = `instruments_${(input.exchange ?? 'all').toLowerCase()}.csv`;
      return new FileResponse(
        'text/csv; charset=utf-8',
        Readable.from(chunks(rows, `${CSV_COLUMNS.join(',')}\n`, csvLine, '')),
        {
          'content-disposition': `attachment; filename="${name}"`,
        },
      );
    }
    return new FileResponse(
      'application/json; charset=utf-8',
      Readable.from(chunks(rows, '{"status":"success","data":[', jsonLine, ']}')),
    );
  },
});

export const SYMBOL_ENDPOINTS: readonly Endpoint[] = [symbol, search, expiry, instruments];
