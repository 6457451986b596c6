import { Readable } from 'node:stream';
import { type Exchange, type Instrument, istParts, tryParseExpiry } from '@openalgo/core';
import { defineEndpoint, type Endpoint, FileResponse } from './endpoint.js';
import { type SymbolRow, symbolRow } from './format.js';
import { allInstruments, instrumentId, listExpiries, searchInstruments } from './instrument-access.js';
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

/** OpenAlgo §1.4 symbol endpoints, answered from the account's instrument master (no broker call). */

const KEY = '<your-64-hex-api-key>';

export const symbol = defineEndpoint({
  method: 'POST',
  path: '/symbol',
  group: 'Symbols',
  summary: 'One row of the instrument master',
  rateClass: 'other',
  reportsMode: false,
  requires: [],
  request: SymbolRequest,
  response: SymbolResponse,
  example: { apikey: KEY, symbol: 'SBIN', exchange: 'NSE' },
  async handle({ input, account }) {
    const row = account.instruments.resolve(input.symbol, input.exchange);
    return { status: 'success', data: symbolRow(row, instrumentId(account.instruments, row)) };
  },
});

export const search = defineEndpoint({
  method: 'POST',
  path: '/search',
  group: 'Symbols',
  summary: 'Search the instrument master',
  description: 'Exact matches first, then prefix matches, then the rest; at most 500 rows.',
  rateClass: 'other',
  reportsMode: false,
  requires: [],
  request: SearchRequest,
  response: SearchResponse,
  example: { apikey: KEY, query: 'NIFTY', exchange: 'NFO' },
  async handle({ input, account }) {
    const find = searchInstruments(account.instruments);
    const rows = find(input.query, input.exchange === undefined ? {} : { exchange: input.exchange });
    return {
      status: 'success',
      message: `Found ${rows.length} matching symbols`,
      data: rows.map((row) => symbolRow(row, instrumentId(account.instruments, row))),
    };
  },
});

/** Today's IST date as a sortable number (20260105), to drop expiries that have passed. */
function istDay(epochMs: number): number {
  const p = istParts(epochMs);
  return p.year * 10_000 + p.month * 100 + p.day;
}

export const expiry = defineEndpoint({
  method: 'POST',
  path: '/expiry',
  group: 'Symbols',
  summary: "Expiry dates of an underlying's futures or options",
  description: 'DD-MMM-YY, soonest first; expired dates are dropped; none is a success with an empty list.',
  rateClass: 'other',
  reportsMode: false,
  requires: [],
  request: ExpiryRequest,
  response: ExpiryResponse,
  example: { apikey: KEY, symbol: 'NIFTY', exchange: 'NFO', instrumenttype: 'options' },
  async handle({ input, account, clock }) {
    const list = listExpiries(account.instruments);
    const today = istDay(clock.now());
    const dates = list(input.symbol, input.exchange, input.instrumenttype).filter((text) => {
      const d = tryParseExpiry(text);
      return d !== undefined && d.year * 10_000 + d.month * 100 + d.day >= today;
    });
    return { status: 'success', data: dates };
  },
});

const CSV_COLUMNS: ReadonlyArray<keyof SymbolRow> = [
  'id',
  'symbol',
  'brsymbol',
  'name',
  'exchange',
  'brexchange',
  'token',
  'expiry',
  'strike',
  'lotsize',
  'instrumenttype',
  'tick_size',
];

function csvCell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const CHUNK_ROWS = 1000;

/** Rows with their master positions as ids, optionally of one exchange, read from one snapshot. */
function* numberedRows(rows: Iterable<Instrument>, exchange: Exchange | undefined): Generator<SymbolRow> {
  let id = 0;
  for (const row of rows) {
    id++;
    if (exchange === undefined || row.exchange === exchange) yield symbolRow(row, id);
  }
}

/** Streams in chunks so a 100k-row master is never one giant string and the event loop keeps turning. */
function* csvChunks(rows: Iterable<SymbolRow>): Generator<string> {
  let chunk = `${CSV_COLUMNS.join(',')}\n`;
  let n = 0;
  for (const row of rows) {
    chunk += `${CSV_COLUMNS.map((c) => csvCell(row[c])).join(',')}\n`;
    if (++n % CHUNK_ROWS === 0) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

function* jsonChunks(rows: Iterable<SymbolRow>): Generator<string> {
  let chunk = '{"status":"success","data":[';
  let n = 0;
  for (const row of rows) {
    chunk += `${n === 0 ? '' : ','}${JSON.stringify(row)}`;
    if (++n % CHUNK_ROWS === 0) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}]}`;
}

export const instruments = defineEndpoint({
  method: 'GET',
  path: '/instruments',
  group: 'Symbols',
  summary: 'Download the instrument master (JSON or CSV)',
  description:
    'Query parameters, not a body. A missing `apikey` is 401 (as in OpenAlgo). CSV downloads as `instruments_<exchange|all>.csv`.',
  rateClass: 'other',
  reportsMode: false,
  requires: [],
  request: InstrumentsQuery,
  response: InstrumentsResponse,
  example: { apikey: KEY, exchange: 'NSE', format: 'json' },
  async handle({ input, account }) {
    const rows = numberedRows(allInstruments(account.instruments)(), input.exchange);
    if (input.format === 'csv') {
      const name = `instruments_${(input.exchange ?? 'all').toLowerCase()}.csv`;
      return new FileResponse('text/csv; charset=utf-8', Readable.from(csvChunks(rows)), {
        'content-disposition': `attachment; filename="${name}"`,
      });
    }
    return new FileResponse('application/json; charset=utf-8', Readable.from(jsonChunks(rows)));
  },
});

export const SYMBOL_ENDPOINTS: readonly Endpoint[] = [symbol, search, expiry, instruments];
