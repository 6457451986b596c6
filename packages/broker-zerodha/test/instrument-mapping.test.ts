import {
  CsvParser,
  INSTRUMENT_BATCHES,
  type Instrument,
  InstrumentIndex,
  ManualClock,
  parseCsv,
} from '@openalgo/core';
import { RecordingLogger, seededRandom } from '@openalgo/core/testing';
import { describe, expect, it } from 'vitest';
import type { KiteContext } from '../src/context.js';
import { downloadInstruments } from '../src/instruments/download.js';
import {
  KITE_INSTRUMENT_COLUMNS,
  KiteRowMapper,
  kiteInstrumentRow,
} from '../src/instruments/instrument-row.js';
import { buildKiteMaster, KITE_CSV_HEADER } from '../src/simulator/index.js';
import { fixtureText } from './helpers.js';
import { referenceKiteInstrumentRow } from './reference-instrument-row.js';

type Outcome = { row: Instrument } | { reason: string } | { threw: string };

function outcomeOf(run: () => { ok: true; row: Instrument } | { ok: false; reason: string }): Outcome {
  try {
    const result = run();
    return result.ok ? { row: result.row } : { reason: result.reason };
  } catch (error) {
    return { threw: (error as Error).message };
  }
}

function mapperOutcome(mapper: KiteRowMapper, row: readonly string[]): Outcome {
  try {
    const result = mapper.map(row);
    return typeof result === 'string' ? { reason: result } : { row: result };
  } catch (error) {
    return { threw: (error as Error).message };
  }
}

/**
 * Runs every row of a CSV through core's parser (its fast path for plain lines included) and one
 * `KiteRowMapper`, as a download does (the mapper's remembered values carrying from row to row), and
 * through the reference transform on a record of the same row, comparing them row by row. Returns
 * how the rows came out, for the caller to check the sample exercised what it should.
 */
function compareWithReference(csv: string): { rows: number; accepted: number; reasons: Set<string> } {
  const parser = new CsvParser();
  const [header = [], ...rows] = [...parser.push(csv), ...parser.end()];
  const mapper = new KiteRowMapper(header);
  const reasons = new Set<string>();
  let accepted = 0;
  rows.forEach((fields, i) => {
    const record: Record<string, string> = {};
    header.forEach((column, c) => {
      record[column] = fields[c] ?? '';
    });
    const expected = outcomeOf(() => referenceKiteInstrumentRow(record));
    expect(mapperOutcome(mapper, fields), `row ${i + 1}: ${fields.join(',')}`).toEqual(expected);
    if ('row' in expected) accepted++;
    else reasons.add('reason' in expected ? expected.reason : `threw ${expected.threw}`);
  });
  return { rows: rows.length, accepted, reasons };
}

/** Values per column, sensible and broken, in Kite's column order. */
const POOLS: readonly (readonly string[])[] = [
  ['256265', '12073986', '408065', 'x', '', '0012', '1e3', ' 1'],
  ['1001', '47164', '1594', '', 'abc'],
  [
    'NIFTY 50',
    'NIFTY24D1924000CE',
    'NIFTY24DEC24000PE',
    'NIFTY24DECFUT',
    'BANKNIFTY18JAN23500CE',
    'NIFTY2410424000CE',
    'NIFTY24O0324000CE',
    'USDINR24APR82.25CE',
    'VEDL24APR292.5CE',
    'M&M24DECFUT',
    'SBIN',
    'GIFT NIFTY',
    'SNSX50',
    'AUTO',
    'nifty bank',
    'WHAT',
    '',
  ],
  ['NIFTY', '', ' NIFTY ', 'BANKNIFTY', 'nifty', 'M&M', 'NIFTY 50', 'USDINR', 'VEDL', 'A B', 'SBIN'],
  ['0.0', '12.5'],
  [
    '',
    '2024-12-19',
    '2024-12-26',
    '2024-10-03',
    '2024-01-04',
    '2018-01-25',
    '2024-04-25',
    '26-12-2024',
    '2024-13-45',
  ],
  ['0.0', '24000.0', '23500', '292.5', '82.25', '', '-5', 'abc', '0.0000001', '1e300'],
  ['0.05', '0.0025', '0.25', '5', '', '-1', 'x'],
  ['1', '25', '40', '500000', '', '2.5', '-1', 'x'],
  ['EQ', 'FUT', 'CE', 'PE', 'XX', ''],
  ['NSE', 'BSE', 'NFO-OPT', 'NFO-FUT', 'INDICES', 'CDS-OPT', 'BFO-OPT', 'MCX-FUT', 'MF'],
  ['NSE', 'BSE', 'NFO', 'BFO', 'CDS', 'BCD', 'MCX', 'NCO', 'GLOBAL', 'NSEIX', 'MF', 'constructor', ''],
];

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Random rows; each column repeats the previous row's value half the time, as real masters do. */
function generatedSample(seed: number, count: number): string {
  const next = seededRandom(seed);
  let previous = POOLS.map((pool) => pool[0] as string);
  const lines = [KITE_CSV_HEADER];
  for (let i = 0; i < count; i++) {
    previous = POOLS.map((pool, c) =>
      next() < 0.5 ? (previous[c] as string) : (pool[Math.floor(next() * pool.length)] as string),
    );
    lines.push(previous.map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

describe('KiteRowMapper against the reference transform, row by row', () => {
  it('the official sample (instruments_all.csv)', () => {
    const result = compareWithReference(fixtureText('instruments_all.csv'));
    expect(result).toMatchObject({ rows: 99, accepted: 99 });
  });

  it('the simulator’s master (sandbox universe and filler rows)', () => {
    const csv = buildKiteMaster({ asOf: Date.UTC(2026, 0, 5, 4), seed: 7, size: 20_000 })
      .csv()
      .toString('utf8');
    const result = compareWithReference(csv);
    expect(result.rows).toBe(20_000);
    expect(result.accepted).toBe(20_000);
  });

  it('generated rows with broken and odd values, repeated and alternating', () => {
    const result = compareWithReference(generatedSample(42, 20_000));
    expect(result.rows).toBe(20_000);
    // The sample reached both outcomes and every kind of refusal the transform has.
    expect(result.accepted).toBeGreaterThan(500);
    const kinds = [...result.reasons].map((reason) => reason.replace(/ .*/, ''));
    for (const kind of ['unsupported', 'empty', 'bad', 'FUT', 'CE', 'option', 'cannot', 'threw']) {
      expect(kinds, kind).toContain(kind);
    }
  });

  it('reads columns by the header, in any order, the last of a repeated name winning', () => {
    const columns = [...[...KITE_INSTRUMENT_COLUMNS].reverse(), 'exchange'];
    const mapper = new KiteRowMapper(columns);
    const full = 'NSE,NSE,EQ,1,0.05,0.0,,0.0,STATE BANK,SBIN,3045,779521,BSE'.split(',');
    for (const fields of [full, full.slice(0, 12), full.slice(0, 3)]) {
      const record: Record<string, string> = {};
      columns.forEach((column, i) => {
        record[column] = fields[i] ?? '';
      });
      expect(mapperOutcome(mapper, fields)).toEqual(outcomeOf(() => referenceKiteInstrumentRow(record)));
    }
    expect(mapper.map(full)).toMatchObject({
      symbol: 'SBIN',
      exchange: 'BSE',
      token: '779521::::3045',
    });
    expect(mapper.map(full.slice(0, 12))).toBe('unsupported exchange /NSE');
  });

  it('kiteInstrumentRow (one record) agrees with the reference', () => {
    const record = Object.fromEntries(
      KITE_INSTRUMENT_COLUMNS.map((column, i) => [
        column,
        [
          '9',
          '1',
          'NIFTY24D1924000CE',
          '',
          '0',
          '2024-12-19',
          '24000.0',
          '0.05',
          '25',
          'CE',
          'NFO-OPT',
          'NFO',
        ][i] as string,
      ]),
    );
    expect(kiteInstrumentRow(record)).toEqual(referenceKiteInstrumentRow(record));
    expect(kiteInstrumentRow({ ...record, instrument_token: 'x' })).toEqual({
      ok: false,
      reason: 'bad tokens x/1',
    });
  });
});

/** A context whose HTTP client streams `body` in chunks of `size` bytes. */
function streamingContext(body: string, size: number): KiteContext {
  const bytes = new TextEncoder().encode(body);
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
  }
  return {
    http: { request: async () => ({ status: 200, headers: {}, data: chunks() }) },
    config: {
      baseUrls: { instruments: 'http://127.0.0.1/instruments' },
      timeouts: { instrumentsMs: 60_000 },
    },
    logger: new RecordingLogger(),
    clock: new ManualClock(0),
  } as unknown as KiteContext;
}

describe('downloadInstruments over the mapper', () => {
  // Rows whose strike the formatter refuses (1e300) abort the whole download, as they always did;
  // this sample leaves them out so the rest can be compared.
  const generated = generatedSample(9, 3_000)
    .split('\r\n')
    .slice(1)
    .filter((line) => !line.includes(',1e300,') && !line.includes(',0.0000001,'))
    .join('\r\n');
  const csv = `${fixtureText('instruments_all.csv')}${generated}`;

  function referenceRows(text: string): Instrument[] {
    return parseCsv(text, { header: true }).flatMap((record) => {
      const result = referenceKiteInstrumentRow(record);
      return result.ok ? [result.row] : [];
    });
  }

  it('streams the rows the reference gives, whether read row by row or in batches', async () => {
    const expected = referenceRows(csv);
    expect(expected.length).toBeGreaterThan(200);
    const rows: Instrument[] = [];
    for await (const row of downloadInstruments(streamingContext(csv, 4096))) rows.push(row);
    expect(rows).toEqual(expected);
    const batched: Instrument[] = [];
    let batches = 0;
    for await (const batch of downloadInstruments(streamingContext(csv, 4096))[INSTRUMENT_BATCHES]()) {
      batches++;
      expect(batch.length).toBeGreaterThan(0);
      batched.push(...batch);
    }
    expect(batched).toEqual(expected);
    // One batch per network chunk that completed a row, not one for the whole body.
    expect(batches).toBeGreaterThan(10);
  });

  it('loads into the index through the batches, with the same rows in the same order', async () => {
    const master = buildKiteMaster({ asOf: Date.UTC(2026, 0, 5, 4), seed: 3, size: 5_000 })
      .csv()
      .toString('utf8');
    const expected = referenceRows(master);
    expect(expected).toHaveLength(5_000);
    const index = new InstrumentIndex();
    const result = await index.load(downloadInstruments(streamingContext(master, 65_536)));
    expect(result).toMatchObject({ replaced: true, rows: 5_000, received: 5_000 });
    expect([...index.all()]).toEqual(expected);
  });
});
