import { DEFAULT_SANDBOX_START } from '@openalgo/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFyersSimulator,
  DEFAULT_MASTER_SIZE,
  FYERS_SEGMENT_FILES,
  type FyersMaster,
  type FyersSimulator,
  fyersMaster,
  fyersMasterBytes,
} from '../../src/simulator/index.js';
import { call } from './support.js';

let master: FyersMaster;
beforeAll(() => {
  master = fyersMaster({ asOf: DEFAULT_SANDBOX_START, seed: 42, size: DEFAULT_MASTER_SIZE });
});

function lines(file: (typeof FYERS_SEGMENT_FILES)[number]): string[][] {
  return master
    .csv(file)
    .toString('utf8')
    .trimEnd()
    .split('\n')
    .map((line) => line.split(','));
}

/** fyToken prefix (exchange + segment) per file (brokers.md §3.5). */
const PREFIX = {
  NSE_CM: '1010',
  NSE_FO: '1011',
  NSE_CD: '1012',
  BSE_CM: '1210',
  BSE_FO: '1211',
  MCX_COM: '1120',
};

describe('segment masters (headerless 21-column CSVs)', () => {
  it('lists at least 100,000 rows over the six files, NSE_FO the largest', () => {
    const counts = Object.fromEntries(FYERS_SEGMENT_FILES.map((f) => [f, master.count(f)]));
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(100_000);
    for (const file of FYERS_SEGMENT_FILES) expect(counts[file]).toBeGreaterThan(1_000);
    expect(Math.max(...Object.values(counts))).toBe(counts.NSE_FO);
  });

  it.each(FYERS_SEGMENT_FILES)(
    '%s: 21 columns, 14–16 digit fyTokens with the segment prefix, unique tickers',
    (file) => {
      const rows = lines(file);
      const tickers = new Set<string>();
      for (const row of rows) {
        expect(row).toHaveLength(21);
        expect(row[0]).toMatch(new RegExp(`^${PREFIX[file]}\\d{10,12}$`));
        // Exchange token = fyToken[10:]; the scrip code column says the same.
        expect(row[0]?.slice(10)).toBe(row[12]);
        tickers.add(row[9] as string);
      }
      expect(tickers.size).toBe(rows.length);
    },
  );

  it('writes SBIN, the Nifty index, a future and weekly/monthly options as Fyers does', () => {
    const byTicker = new Map(FYERS_SEGMENT_FILES.flatMap((f) => lines(f).map((r) => [r[9], r] as const)));
    const sbin = byTicker.get('NSE:SBIN-EQ');
    expect(sbin?.slice(0, 5)).toEqual(['10100000003045', 'SBIN', '0', '1', '0.05']);
    expect(sbin?.slice(8, 18)).toEqual([
      '',
      'NSE:SBIN-EQ',
      '10',
      '10',
      '3045',
      'SBIN',
      '3045',
      '-1.0',
      'XX',
      '10100000003045',
    ]);
    const nifty = byTicker.get('NSE:NIFTY50-INDEX');
    expect(nifty?.[0]).toBe('101000000026000');
    expect(nifty?.[1]).toBe('Nifty 50');
    expect(nifty?.[2]).toBe('10');
    const future = byTicker.get('NSE:NIFTY26JANFUT');
    expect(future?.[1]).toBe('NIFTY 27 Jan 26 FUT');
    expect(future?.[0]?.slice(0, 10)).toBe('1011260127');
    expect(future?.[16]).toBe('XX');
    expect(future?.[17]).toBe('101000000026000');
    // 27 Jan 2026 15:30 IST.
    expect(Number(future?.[8])).toBe(Date.UTC(2026, 0, 27, 10, 0) / 1000);
    const weekly = byTicker.get('NSE:NIFTY2610622000CE');
    expect(weekly?.[1]).toBe('NIFTY 06 Jan 26 22000 CE');
    expect(weekly?.slice(15, 17)).toEqual(['22000.0', 'CE']);
    expect(byTicker.get('NSE:NIFTY26JAN22000PE')?.[1]).toBe('NIFTY 27 Jan 26 22000 PE');
    expect(byTicker.get('NSE:USDINR26JANFUT')?.[4]).toBe('0.0025');
  });

  it('carries real MCX lot sizes, not 1 (OpenAlgo #868)', () => {
    const lots = new Map<string, string>();
    for (const row of lines('MCX_COM')) if (row[16] === 'XX') lots.set(row[13] as string, row[3] as string);
    expect(Object.fromEntries(lots)).toMatchObject({
      CRUDEOIL: '100',
      NATURALGAS: '1250',
      GOLDM: '10',
      SILVERM: '5',
    });
  });

  it('exports the bytes it serves, for benchmarks', () => {
    const bytes = fyersMasterBytes();
    for (const file of FYERS_SEGMENT_FILES) expect(bytes[file].equals(master.csv(file))).toBe(true);
  });
});

describe('served over HTTP', () => {
  let sim: FyersSimulator;
  beforeAll(async () => {
    sim = await createFyersSimulator({ masterSize: 6_000 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it('serves each file as text/csv without a login; an unknown file is 404', async () => {
    const origin = `http://127.0.0.1:${sim.port}`;
    for (const file of FYERS_SEGMENT_FILES) {
      const reply = await call(origin, 'GET', `/sym_details/${file}.csv`);
      expect(reply.status).toBe(200);
      expect(reply.headers['content-type']).toBe('text/csv');
      expect(reply.text).toBe(sim.master.csv(file).toString('utf8'));
    }
    expect((await call(origin, 'GET', '/sym_details/NSE_XX.csv')).status).toBe(404);
    expect((await call(origin, 'GET', '/sym_details/NSE_CM.json')).status).toBe(404);
  });
});
