import { DEFAULT_SANDBOX_START } from '@openalgo/sandbox';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AngelScrip,
  angelMaster,
  DEFAULT_MASTER_SIZE,
  MASTER_PATH,
  SCRIP_KEYS,
  scripMasterBytes,
} from '../../src/simulator/index.js';
import { startSimulator, TEST_MASTER_SIZE, type TestSimulator } from './support.js';

describe('OpenAPIScripMaster.json at full size', () => {
  let rows: AngelScrip[];
  let bytes: Buffer;
  beforeAll(() => {
    bytes = scripMasterBytes();
    rows = JSON.parse(bytes.toString('utf8')) as AngelScrip[];
  });

  it(`is one compact JSON array of ${DEFAULT_MASTER_SIZE} rows (≥ 100,000), every value a string`, () => {
    expect(rows.length).toBe(DEFAULT_MASTER_SIZE);
    expect(rows.length).toBeGreaterThanOrEqual(100_000);
    expect(bytes.subarray(0, 11).toString()).toBe('[{"token":"');
    expect(bytes.includes('\n')).toBe(false);
    for (const row of rows.filter((_, i) => i % 997 === 0)) {
      expect(Object.keys(row)).toEqual([...SCRIP_KEYS]);
      for (const value of Object.values(row)) expect(typeof value).toBe('string');
    }
    expect(new Set(rows.map((r) => `${r.exch_seg}:${r.token}`)).size).toBe(rows.length);
  });

  it("carries the reference's rows: SBIN-EQ 3045, the indices with display name and short name", () => {
    const find = (exch: string, symbol: string) =>
      rows.find((r) => r.exch_seg === exch && r.symbol === symbol);
    expect(find('NSE', 'SBIN-EQ')).toMatchObject({
      token: '3045',
      name: 'SBIN',
      expiry: '',
      strike: '-1.000000',
      lotsize: '1',
      instrumenttype: '',
      tick_size: '5.000000',
    });
    expect(find('NSE', 'Nifty 50')).toEqual({
      token: '99926000',
      symbol: 'Nifty 50',
      name: 'NIFTY',
      expiry: '',
      strike: '0.000000',
      lotsize: '1',
      instrumenttype: 'AMXIDX',
      exch_seg: 'NSE',
      tick_size: '0.000000',
    });
    expect(find('NSE', 'Nifty Bank')?.token).toBe('99926009');
    expect(find('BSE', 'SENSEX')?.instrumenttype).toBe('AMXIDX');
    expect(find('NSE', 'Nifty Next 50')?.name).toBe('NIFTY NEXT 50');
  });

  it('writes strikes and ticks in paise, currency option strikes ×10⁷, expiries as DDMMMYYYY', () => {
    const option = rows.find(
      (r) => r.exch_seg === 'NFO' && r.instrumenttype === 'OPTIDX' && r.name === 'NIFTY',
    );
    const [, strike] = /^NIFTY\d{2}[A-Z]{3}\d{2}(\d+)(CE|PE)$/.exec(option?.symbol ?? '') ?? [];
    expect(Number(option?.strike)).toBe(Number(strike) * 100);
    expect(option?.expiry).toMatch(/^\d{2}[A-Z]{3}\d{4}$/);
    const future = rows.find((r) => r.exch_seg === 'NFO' && r.instrumenttype === 'FUTIDX');
    expect(future).toMatchObject({ strike: '-1.000000' });
    expect(future?.symbol).toMatch(/^NIFTY\d{2}[A-Z]{3}\d{2}FUT$/);
    const currency = rows.find((r) => r.exch_seg === 'CDS' && r.instrumenttype === 'OPTCUR');
    const [, rupees] = /^[A-Z]+\d{2}[A-Z]{3}\d{2}([\d.]+)(CE|PE)$/.exec(currency?.symbol ?? '') ?? [];
    expect(Number(currency?.strike)).toBeCloseTo(Number(rupees) * 10_000_000, 3);
    expect(currency?.tick_size).toBe('0.250000');
    const commodity = rows.find((r) => r.exch_seg === 'MCX' && r.instrumenttype === 'OPTFUT');
    expect(commodity?.symbol).toMatch(/^[A-Z]+\d{2}[A-Z]{3}\d{2}[\d.]+(CE|PE)$/);
    expect(rows.some((r) => r.exch_seg === 'NFO' && r.instrumenttype === 'OPTSTK')).toBe(true);
  });

  it("lists BFO contracts in the exchange's layout: weeklies with a month code and day", () => {
    const sensex = rows.filter(
      (r) => r.exch_seg === 'BFO' && r.name === 'SENSEX' && r.instrumenttype === 'OPTIDX',
    );
    const weekly = sensex.filter((r) => /^SENSEX\d{2}[1-9OND]\d{2}\d+(CE|PE)$/.test(r.symbol));
    const monthly = sensex.filter((r) => /^SENSEX\d{2}[A-Z]{3}\d+(CE|PE)$/.test(r.symbol));
    expect(weekly.length).toBeGreaterThan(0);
    expect(monthly.length).toBeGreaterThan(0);
    expect(weekly.length + monthly.length).toBe(sensex.length);
    const [row] = weekly;
    const expiry = row?.expiry ?? '';
    // `26108…` = 2026, January, the 8th.
    expect(row?.symbol.slice(6, 11)).toBe(
      `${expiry.slice(7, 9)}${'123456789OND'[['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'].indexOf(expiry.slice(2, 5))]}${expiry.slice(0, 2)}`,
    );
    expect(rows.find((r) => r.exch_seg === 'BFO' && r.instrumenttype === 'FUTIDX')?.symbol).toMatch(
      /^[A-Z]+\d{2}[A-Z]{3}FUT$/,
    );
  });

  it('is built once per trading day, seed and size', () => {
    const options = { asOf: DEFAULT_SANDBOX_START, seed: 42, size: DEFAULT_MASTER_SIZE };
    expect(angelMaster(options)).toBe(angelMaster(options));
  });
});

describe('the master over HTTP', () => {
  let t: TestSimulator;
  beforeAll(async () => {
    t = await startSimulator();
  });
  afterAll(() => t.close());

  it(`is served at ${MASTER_PATH} without any header or login`, async () => {
    const res = await request(`${t.sim.apiUrl}${MASTER_PATH}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    const rows = (await res.body.json()) as AngelScrip[];
    expect(rows).toHaveLength(TEST_MASTER_SIZE);
    expect(t.sim.instrumentsUrl).toBe(`${t.sim.apiUrl}${MASTER_PATH}`);
  });
});
