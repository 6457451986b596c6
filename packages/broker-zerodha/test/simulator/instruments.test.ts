import { parseCsv } from '@openalgo/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kiteInstrumentRow } from '../../src/instruments/instrument-row.js';
import { DEFAULT_MASTER_SIZE, KITE_CSV_HEADER } from '../../src/simulator/index.js';
import { mockText, startSimulator, type TestSimulator } from './support.js';

const CODES: Readonly<Record<string, number>> = { NSE: 1, NFO: 2, CDS: 3, BSE: 4, BFO: 5, BCD: 6, MCX: 7 };
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKLY = '123456789OND';

let t: TestSimulator;
let csv: string;
let records: Array<Record<string, string>>;

beforeAll(async () => {
  t = await startSimulator({ masterSize: DEFAULT_MASTER_SIZE });
  const answer = await t.call('/instruments', { anonymous: true });
  expect(answer.status).toBe(200);
  expect(answer.headers['content-type']).toBe('text/csv');
  csv = answer.text;
  records = parseCsv(csv, { header: true });
}, 60_000);
afterAll(() => t.close());

function strikeText(strike: string): string {
  return String(Number(strike));
}

describe('GET /instruments', () => {
  it('serves a full-size master (≥ 100,000 rows) under Kite’s exact header', () => {
    const header = csv.slice(0, csv.indexOf('\r\n'));
    expect(header).toBe(KITE_CSV_HEADER);
    // Python's csv module ends lines with \r\n, as Zerodha's own dump does.
    expect(csv.slice(0, header.length + 2)).toBe(mockText('instruments_all.csv').slice(0, header.length + 2));
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(records.length).toBeGreaterThanOrEqual(100_000);
  });

  it('mints instrument_token = exchange_token × 256 + segment code, unique across the master', () => {
    const seen = new Set<string>();
    const wrong: string[] = [];
    for (const r of records) {
      const code = r.segment === 'INDICES' ? 9 : CODES[r.exchange ?? ''];
      const token = Number(r.instrument_token);
      if (code === undefined || token !== Number(r.exchange_token) * 256 + code || token >= 2 ** 32) {
        wrong.push(`${r.exchange}:${r.tradingsymbol} ${r.instrument_token}/${r.exchange_token}`);
      }
      if (seen.has(r.instrument_token ?? '')) wrong.push(`duplicate ${r.instrument_token}`);
      seen.add(r.instrument_token ?? '');
    }
    expect(wrong).toEqual([]);
    expect(seen.size).toBe(records.length);
  });

  it('writes Kite’s column formats: YYYY-MM-DD expiries, Python floats, EQ/FUT/CE/PE', () => {
    const float = /^\d+\.\d+$/;
    const wrong = records.filter(
      (r) =>
        !/^(\d{4}-\d{2}-\d{2})?$/.test(r.expiry ?? '') ||
        !float.test(r.strike ?? '') ||
        !float.test(r.tick_size ?? '') ||
        !float.test(r.last_price ?? '') ||
        !/^\d+$/.test(r.lot_size ?? '') ||
        !['EQ', 'FUT', 'CE', 'PE'].includes(r.instrument_type ?? ''),
    );
    expect(wrong.slice(0, 3)).toEqual([]);
    const segments = new Set(records.map((r) => `${r.segment}/${r.exchange}`));
    for (const s of [
      'NSE/NSE',
      'BSE/BSE',
      'INDICES/NSE',
      'INDICES/BSE',
      'NFO-FUT/NFO',
      'NFO-OPT/NFO',
      'BFO-OPT/BFO',
    ]) {
      expect(segments).toContain(s);
    }
    expect(segments).toEqual(
      new Set([...segments].filter((s) => /^(NSE|BSE|INDICES|(NFO|BFO|CDS|MCX)-(FUT|OPT))\//.test(s))),
    );
  });

  it('lists index feeds by their spaced names in the INDICES segment', () => {
    const nifty = records.find((r) => r.tradingsymbol === 'NIFTY 50');
    expect(nifty).toMatchObject({
      segment: 'INDICES',
      exchange: 'NSE',
      instrument_type: 'EQ',
      lot_size: '0',
    });
    expect(records.find((r) => r.tradingsymbol === 'NIFTY BANK')?.segment).toBe('INDICES');
    expect(records.find((r) => r.tradingsymbol === 'SENSEX' && r.segment === 'INDICES')?.exchange).toBe(
      'BSE',
    );
  });

  it('names futures NAME+YY+MMM+FUT and options monthly (last expiry of the month) or weekly (NAME+YY+M+DD)', () => {
    const lastInMonth = new Map<string, string>();
    for (const r of records) {
      if (r.instrument_type !== 'CE' && r.instrument_type !== 'PE') continue;
      const key = `${r.exchange}:${r.name}:${r.expiry?.slice(0, 7)}`;
      if ((lastInMonth.get(key) ?? '') < (r.expiry ?? '')) lastInMonth.set(key, r.expiry ?? '');
    }
    let weekly = 0;
    let monthly = 0;
    const wrong: string[] = [];
    for (const r of records) {
      if (r.instrument_type === 'EQ') continue;
      const [y, m, d] = (r.expiry ?? '').split('-');
      const yy = (y ?? '').slice(2);
      const month = Number(m);
      if (r.instrument_type === 'FUT') {
        if (r.tradingsymbol !== `${r.name}${yy}${MONTHS[month - 1]}FUT`)
          wrong.push(`${r.tradingsymbol} (future)`);
        continue;
      }
      const isMonthly = lastInMonth.get(`${r.exchange}:${r.name}:${r.expiry?.slice(0, 7)}`) === r.expiry;
      const date = isMonthly ? `${yy}${MONTHS[month - 1]}` : `${yy}${WEEKLY[month - 1]}${d}`;
      const expected = `${r.name}${date}${strikeText(r.strike ?? '')}${r.instrument_type}`;
      if (r.tradingsymbol !== expected) wrong.push(`${r.tradingsymbol} should be ${expected}`);
      if (isMonthly) monthly++;
      else weekly++;
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(weekly).toBeGreaterThan(0);
    expect(monthly).toBeGreaterThan(0);
    // The sandbox's NIFTY chain: weekly 6-Jan-26, monthly 27-Jan-26.
    expect(t.sim.master.forSandbox('NFO', 'NIFTY06JAN2622000CE')?.tradingsymbol).toBe('NIFTY2610622000CE');
    expect(t.sim.master.forSandbox('NFO', 'NIFTY27JAN2622000CE')?.tradingsymbol).toBe('NIFTY26JAN22000CE');
    expect(t.sim.master.forSandbox('NFO', 'NIFTY27JAN26FUT')?.tradingsymbol).toBe('NIFTY26JANFUT');
  });

  it('parses row for row through the adapter’s master transform back to the sandbox’s OpenAlgo symbols', () => {
    const symbols = new Set<string>();
    const wrong: string[] = [];
    for (const r of records) {
      const parsed = kiteInstrumentRow(r);
      if (!parsed.ok) {
        wrong.push(`${r.exchange}:${r.tradingsymbol} does not parse: ${parsed.reason}`);
        continue;
      }
      const key = `${parsed.row.exchange}:${parsed.row.symbol}`;
      if (symbols.has(key)) wrong.push(`two rows are ${key}`);
      symbols.add(key);
      const sandbox = t.sim.master.get(r.exchange ?? '', r.tradingsymbol ?? '')?.sandbox;
      if (sandbox && key !== `${sandbox.exchange}:${sandbox.symbol}`)
        wrong.push(`${key} is ${sandbox.symbol}`);
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(t.sim.master.sandboxRows().every((row) => symbols.has(`${row.exchange}:${row.symbol}`))).toBe(
      true,
    );
  });

  it('serves one exchange at /instruments/{exchange} and refuses an unknown one', async () => {
    const nfo = parseCsv((await t.call('/instruments/NFO', { anonymous: true })).text, { header: true });
    expect(nfo.length).toBe(records.filter((r) => r.exchange === 'NFO').length);
    expect(nfo.every((r) => r.exchange === 'NFO')).toBe(true);
    expect((await t.call('/instruments/XYZ', { anonymous: true })).status).toBe(400);
  });
});
