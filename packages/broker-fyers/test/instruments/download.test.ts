import { type Instrument, InstrumentIndex, isOpenAlgoError, noopLogger } from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import { downloadFyersInstruments } from '../../src/instruments/download.js';
import {
  BSE_CM,
  type Captured,
  CDS,
  capturingLogger,
  fakeHttp,
  line,
  MCX,
  NSE_CM,
  NSE_FO,
} from './master-rows.js';

const BASE = 'http://127.0.0.1:9/sym_details';
const URLS = ['NSE_CM', 'NSE_FO', 'BSE_CM', 'MCX_COM', 'NSE_CD'].map((s) => `${BASE}/${s}.csv`);
const GOOD = {
  [`${BASE}/NSE_CM.csv`]: { body: `${NSE_CM}\n` },
  [`${BASE}/NSE_FO.csv`]: { body: `${NSE_FO}\r\n` },
  [`${BASE}/BSE_CM.csv`]: { body: BSE_CM },
  [`${BASE}/MCX_COM.csv`]: { body: `${MCX}\n` },
  [`${BASE}/NSE_CD.csv`]: { body: `${CDS}\n` },
};

async function collect(bodies: Parameters<typeof fakeHttp>[0], logs: Captured[] = []): Promise<Instrument[]> {
  const rows: Instrument[] = [];
  const source = downloadFyersInstruments({
    http: fakeHttp(bodies),
    urls: URLS,
    timeoutMs: 1000,
    logger: capturingLogger(logs),
  });
  for await (const row of source) rows.push(row);
  return rows;
}

const by = (rows: Instrument[], brsymbol: string) => rows.find((r) => r.brsymbol === brsymbol);

describe('downloadFyersInstruments: the reference rows (§3.5, §3.8)', () => {
  it('maps every segment to OpenAlgo rows, fyToken kept whole', async () => {
    const rows = await collect(GOOD);
    expect(rows).toHaveLength(10);
    expect(by(rows, 'NSE:SBIN-EQ')).toEqual({
      symbol: 'SBIN',
      exchange: 'NSE',
      brsymbol: 'NSE:SBIN-EQ',
      brexchange: 'NSE',
      token: '10100000003045',
      name: 'STATE BANK OF INDIA',
      expiry: '',
      strike: 0,
      lotSize: 1,
      tickSize: 0.05,
      instrumentType: 'EQ',
    });
    expect(by(rows, 'NSE:NIFTY50-INDEX')).toMatchObject({
      symbol: 'NIFTY',
      exchange: 'NSE_INDEX',
      brexchange: 'NSE_INDEX',
      token: '101000000026000',
      name: 'Nifty 50',
      instrumentType: 'INDEX',
    });
    expect(by(rows, 'NSE:NIFTYBANK-INDEX')?.symbol).toBe('BANKNIFTY');
    expect(by(rows, 'BSE:SENSEX-INDEX')).toMatchObject({
      symbol: 'SENSEX',
      exchange: 'BSE_INDEX',
      token: '12100000001',
    });
    expect(by(rows, 'BSE:RELIANCE-A')).toMatchObject({ symbol: 'RELIANCE', exchange: 'BSE' });
  });

  it('builds derivative symbols from the row fields: monthly, weekly (16-digit fyToken), future', async () => {
    const rows = await collect(GOOD);
    expect(by(rows, 'NSE:NIFTY26SEP29200CE')).toMatchObject({
      symbol: 'NIFTY29SEP2629200CE',
      exchange: 'NFO',
      token: '101126092935086',
      name: 'NIFTY',
      expiry: '29-SEP-26',
      strike: 29200,
      lotSize: 75,
      instrumentType: 'CE',
    });
    const weekly = by(rows, 'NSE:NIFTY2672129450PE');
    expect(weekly).toMatchObject({
      symbol: 'NIFTY21JUL2629450PE',
      expiry: '21-JUL-26',
      strike: 29450,
      instrumentType: 'PE',
    });
    expect(weekly?.token).toBe('1011260721138926');
    expect(weekly?.token).toHaveLength(16);
    expect(by(rows, 'NSE:NIFTY24DECFUT')).toMatchObject({
      symbol: 'NIFTY26DEC24FUT',
      expiry: '26-DEC-24',
      strike: 0,
      lotSize: 25,
      instrumentType: 'FUT',
    });
  });

  it('takes MCX lot sizes from the master (not 1, OpenAlgo #868) and currency prices in rupees', async () => {
    const rows = await collect(GOOD);
    expect(by(rows, 'MCX:CRUDEOIL26DECFUT')).toMatchObject({
      symbol: 'CRUDEOIL18DEC26FUT',
      exchange: 'MCX',
      lotSize: 100,
      tickSize: 1,
    });
    expect(by(rows, 'NSE:USDINR26DEC84.25CE')).toMatchObject({
      symbol: 'USDINR29DEC2684.25CE',
      exchange: 'CDS',
      strike: 84.25,
      tickSize: 0.0025,
    });
  });

  it('skips and counts bad rows, with samples in the segment log line', async () => {
    const bad = [
      NSE_CM,
      'short,row',
      line({
        fyToken: '10100000003A45',
        details: 'X',
        type: 0,
        lot: 1,
        tick: '0.05',
        ticker: 'NSE:X-EQ',
        exchange: 10,
        segment: 10,
        token: '1',
        underlying: 'X',
      }),
      line({
        fyToken: '99990000000001',
        details: 'X',
        type: 0,
        lot: 1,
        tick: '0.05',
        ticker: 'XXX:Y-EQ',
        exchange: 99,
        segment: 10,
        token: '1',
        underlying: 'Y',
      }),
      line({
        fyToken: '10100000000007',
        details: 'BOND',
        type: 2,
        lot: 1,
        tick: '0.01',
        ticker: 'NSE:BOND-N1',
        exchange: 10,
        segment: 10,
        token: '7',
        underlying: 'BOND',
      }),
      line({
        fyToken: '10100000000008',
        details: 'SGB',
        type: 2,
        lot: 1,
        tick: '0.01',
        ticker: 'NSE:SGBDEC25-GB',
        exchange: 10,
        segment: 10,
        token: '8',
        underlying: 'SGBDEC25',
      }),
      line({
        fyToken: '10100000000009',
        details: 'LOT',
        type: 0,
        lot: 1.5,
        tick: '0.05',
        ticker: 'NSE:LOT-EQ',
        exchange: 10,
        segment: 10,
        token: '9',
        underlying: 'LOT',
      }),
    ].join('\n');
    const logs: Captured[] = [];
    const rows = await collect({ ...GOOD, [`${BASE}/NSE_CM.csv`]: { body: bad } }, logs);
    expect(by(rows, 'NSE:SGBDEC25-GB')).toMatchObject({ symbol: 'SGBDEC25', instrumentType: 'GB' });
    expect(rows.filter((r) => r.exchange === 'NSE' || r.exchange === 'NSE_INDEX')).toHaveLength(4);
    const summary = logs.find((l) => (l.obj as { segment?: string }).segment === 'NSE_CM.csv');
    expect(summary?.obj).toMatchObject({ rows: 4, skipped: 5 });
    const samples = ((summary?.obj as { samples?: string[] } | undefined)?.samples ?? []).join('\n');
    expect(samples).toContain('short row');
    expect(samples).toContain('bad fyToken');
    expect(samples).toContain('unknown segment 9999');
    expect(samples).toContain('debt instrument');
    expect(samples).toContain('bad lot size 1.5');
  });
});

describe('downloadFyersInstruments: a body that is not a master fails loudly', () => {
  const expectBrokerError = async (bodies: Parameters<typeof fakeHttp>[0], text: RegExp) => {
    const err = await collect(bodies).catch((e: unknown) => e);
    expect(isOpenAlgoError(err, 'BROKER_ERROR')).toBe(true);
    expect((err as Error).message).toMatch(text);
  };

  it('an HTML page served as 200', async () => {
    await expectBrokerError(
      { ...GOOD, [`${BASE}/NSE_FO.csv`]: { body: '<html><body>Maintenance</body></html>' } },
      /NSE_FO\.csv is not a Fyers symbol master/,
    );
  });

  it('a JSON answer', async () => {
    await expectBrokerError(
      { ...GOOD, [`${BASE}/MCX_COM.csv`]: { body: '{"s":"error"}', contentType: 'application/json' } },
      /MCX_COM\.csv came back as application\/json/,
    );
  });

  it('a header row the layout does not have', async () => {
    await expectBrokerError(
      {
        ...GOOD,
        [`${BASE}/NSE_CM.csv`]: { body: `Fytoken,Symbol Details,Exchange Instrument type\n${NSE_CM}` },
      },
      /not a Fyers symbol master/,
    );
  });

  it('an empty segment', async () => {
    await expectBrokerError(
      { ...GOOD, [`${BASE}/NSE_CD.csv`]: { body: '' } },
      /NSE_CD\.csv held no usable instrument rows/,
    );
  });
});

describe('InstrumentIndex.load keeps the last good Fyers master (OpenAlgo #2099)', () => {
  const load = (index: InstrumentIndex, bodies: Parameters<typeof fakeHttp>[0]) =>
    index.load(
      downloadFyersInstruments({ http: fakeHttp(bodies), urls: URLS, timeoutMs: 1000, logger: noopLogger }),
    );

  it('loads, resolves by symbol and by (brexchange, fyToken)', async () => {
    const index = new InstrumentIndex();
    const result = await load(index, GOOD);
    expect(result.replaced).toBe(true);
    expect(index.resolve('NIFTY', 'NSE_INDEX').token).toBe('101000000026000');
    expect(index.getByToken('NFO', '1011260721138926')?.symbol).toBe('NIFTY21JUL2629450PE');
  });

  it('a download failing half-way (a bad segment after good ones) replaces nothing', async () => {
    const index = new InstrumentIndex();
    await load(index, GOOD);
    const result = await load(index, { ...GOOD, [`${BASE}/NSE_CD.csv`]: { body: '<html></html>' } });
    expect(result).toMatchObject({ replaced: false, reason: 'source-failed' });
    expect(index.size).toBe(10);
    expect(index.get('USDINR29DEC2684.25CE', 'CDS')).toBeDefined();
  });

  it('a shrunken master (segments nearly empty) replaces nothing', async () => {
    const index = new InstrumentIndex();
    await load(index, GOOD);
    const tiny = line({
      fyToken: '10100000000001',
      details: 'ONE',
      type: 0,
      lot: 1,
      tick: '0.05',
      ticker: 'NSE:ONE-EQ',
      exchange: 10,
      segment: 10,
      token: '1',
      underlying: 'ONE',
    });
    const shrunk = Object.fromEntries(URLS.map((u) => [u, { body: tiny }]));
    const result = await load(index, shrunk);
    expect(result).toMatchObject({ replaced: false, reason: 'shrunk' });
    expect(index.size).toBe(10);
  });
});
