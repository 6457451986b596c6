import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type Instrument,
  InstrumentIndex,
  InstrumentSchema,
  instrumentRowProblem,
  parseCsv,
} from '@openalgo/core';
import { RecordingLogger } from '@openalgo/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { openAlgoIndexName } from '../src/instruments/index-names.js';
import { kiteInstrumentRow } from '../src/instruments/instrument-row.js';
import { fixtureText, mockKite, testConfig, testSession, zerodhaAdapter } from './helpers.js';

const HEADER =
  'instrument_token,exchange_token,tradingsymbol,name,last_price,expiry,strike,tick_size,lot_size,instrument_type,segment,exchange';

function rowOf(line: string): Instrument {
  const [record] = parseCsv(`${HEADER}\n${line}\n`, { header: true });
  const result = kiteInstrumentRow(record as Record<string, string>);
  if (!result.ok) throw new Error(`row rejected: ${result.reason}`);
  return result.row;
}

function reasonOf(line: string): string {
  const [record] = parseCsv(`${HEADER}\n${line}\n`, { header: true });
  const result = kiteInstrumentRow(record as Record<string, string>);
  if (result.ok) throw new Error('row accepted');
  return result.reason;
}

describe('Kite master row → OpenAlgo row', () => {
  it('equity keeps its symbol; token keeps instrument and exchange token', () => {
    expect(rowOf('3813889,14898,CENTRALBK-BE,CENTRAL BANK OF INDIA,0.0,,0.0,0.05,1,EQ,NSE,NSE')).toEqual({
      symbol: 'CENTRALBK-BE',
      exchange: 'NSE',
      brsymbol: 'CENTRALBK-BE',
      brexchange: 'NSE',
      token: '3813889::::14898',
      name: 'CENTRAL BANK OF INDIA',
      expiry: '',
      strike: 0,
      lotSize: 1,
      tickSize: 0.05,
      instrumentType: 'EQ',
    });
  });

  it('Kite’s weekly option NIFTY24D1924000CE becomes NIFTY19DEC2424000CE', () => {
    expect(
      rowOf('12345602,48225,NIFTY24D1924000CE,"NIFTY",12.5,2024-12-19,24000.0,0.05,25,CE,NFO-OPT,NFO'),
    ).toMatchObject({
      symbol: 'NIFTY19DEC2424000CE',
      exchange: 'NFO',
      brsymbol: 'NIFTY24D1924000CE',
      brexchange: 'NFO',
      name: 'NIFTY',
      expiry: '19-DEC-24',
      strike: 24000,
      lotSize: 25,
      instrumentType: 'CE',
    });
  });

  it('monthly option, future, currency and decimal strikes', () => {
    expect(rowOf('1,1,NIFTY24DEC24000PE,NIFTY,0,2024-12-26,24000.0,0.05,25,PE,NFO-OPT,NFO').symbol).toBe(
      'NIFTY26DEC2424000PE',
    );
    expect(rowOf('2,1,NIFTY24DECFUT,NIFTY,0,2024-12-26,0.0,0.1,25,FUT,NFO-FUT,NFO')).toMatchObject({
      symbol: 'NIFTY26DEC24FUT',
      expiry: '26-DEC-24',
      strike: 0,
    });
    expect(rowOf('3,1,VEDL24APR292.5CE,VEDL,0,2024-04-25,292.5,0.05,2000,CE,NFO-OPT,NFO').symbol).toBe(
      'VEDL25APR24292.5CE',
    );
    expect(rowOf('4,1,USDINR24APR82.25CE,USDINR,0,2024-04-26,82.25,0.0025,1,CE,CDS-OPT,CDS').symbol).toBe(
      'USDINR26APR2482.25CE',
    );
    expect(rowOf('5,1,M&M24DECFUT,M&M,0,2024-12-26,0,0.05,350,FUT,NFO-FUT,NFO').symbol).toBe('M&M26DEC24FUT');
  });

  it('an empty name (old masters) is recovered from the tradingsymbol, monthly or weekly', () => {
    expect(
      rowOf('12073986,47164,BANKNIFTY18JAN23500CE,,2528.4,2018-01-25,23500.0,0.05,40,CE,NFO-OPT,NFO'),
    ).toMatchObject({
      symbol: 'BANKNIFTY25JAN1823500CE',
      name: 'BANKNIFTY',
    });
    expect(rowOf('9,1,NIFTY24D1924000CE,,0,2024-12-19,24000.0,0.05,25,CE,NFO-OPT,NFO').symbol).toBe(
      'NIFTY19DEC2424000CE',
    );
    expect(rowOf('9,1,NIFTY24O0324000CE,,0,2024-10-03,24000.0,0.05,25,CE,NFO-OPT,NFO').symbol).toBe(
      'NIFTY03OCT2424000CE',
    );
    expect(rowOf('9,1,NIFTY2410424000CE,,0,2024-01-04,24000.0,0.05,25,CE,NFO-OPT,NFO').symbol).toBe(
      'NIFTY04JAN2424000CE',
    );
    expect(reasonOf('9,1,WHAT,,0,2024-12-19,24000.0,0.05,25,CE,NFO-OPT,NFO')).toBe(
      'cannot tell the underlying',
    );
  });

  it('index feeds move to *_INDEX exchanges with OpenAlgo names', () => {
    expect(rowOf('256265,1001,NIFTY 50,NIFTY 50,0,,0,0,0,EQ,INDICES,NSE')).toMatchObject({
      symbol: 'NIFTY',
      exchange: 'NSE_INDEX',
      brsymbol: 'NIFTY 50',
      brexchange: 'NSE',
      token: '256265::::1001',
    });
    expect(rowOf('260105,1016,NIFTY BANK,NIFTY BANK,0,,0,0,0,EQ,INDICES,NSE').symbol).toBe('BANKNIFTY');
    expect(rowOf('264969,1035,INDIA VIX,INDIA VIX,0,,0,0,0,EQ,INDICES,NSE').symbol).toBe('INDIAVIX');
    expect(rowOf('265,1,SENSEX,SENSEX,0,,0,0,0,EQ,INDICES,BSE')).toMatchObject({
      symbol: 'SENSEX',
      exchange: 'BSE_INDEX',
    });
    expect(rowOf('274441,1072,SNSX50,SNSX50,0,,0,0,0,EQ,INDICES,BSE').symbol).toBe('SENSEX50');
    expect(rowOf('291849,1140,GIFT NIFTY,GIFT NIFTY,0,,0,0,0,EQ,INDICES,NSEIX')).toMatchObject({
      symbol: 'GIFTNIFTY',
      exchange: 'GLOBAL_INDEX',
      brexchange: 'NSEIX',
    });
    expect(rowOf('1,1,MCXBULLDEX,MCXBULLDEX,0,,0,0,0,EQ,INDICES,MCX').exchange).toBe('MCX_INDEX');
  });

  it.each([
    ['NIFTY 50', 'NSE_INDEX', 'NIFTY'],
    ['NIFTY FIN SERVICE', 'NSE_INDEX', 'FINNIFTY'],
    ['NIFTY MID SELECT', 'NSE_INDEX', 'MIDCPNIFTY'],
    ['NIFTY NEXT 50', 'NSE_INDEX', 'NIFTYNXT50'],
    ['NIFTY IT', 'NSE_INDEX', 'NIFTYIT'],
    ['NIFTY50 EQL WGT', 'NSE_INDEX', 'NIFTY50EQLWGT'],
    ['BANKEX', 'BSE_INDEX', 'BANKEX'],
    ['AUTO', 'BSE_INDEX', 'BSEAUTO'],
    ['SMLCAP', 'BSE_INDEX', 'BSESMALLCAP'],
    ['TOTAL', 'BSE_INDEX', 'BSETOTAL'],
    ['BSE500', 'BSE_INDEX', 'BSE500'],
  ] as const)('index %s on %s → %s', (kite, exchange, openalgo) => {
    expect(openAlgoIndexName(kite, exchange)).toBe(openalgo);
  });

  it('rows OpenAlgo cannot represent are rejected with a reason', () => {
    expect(reasonOf('1,1,X,X,0,,0,0.05,1,EQ,MF,MF')).toBe('unsupported exchange MF/MF');
    expect(reasonOf('1,1,CDSIDX,CDSIDX,0,,0,0,0,EQ,INDICES,CDS')).toBe('unsupported exchange CDS/INDICES');
    expect(reasonOf('1,1,NIFTYFUT,NIFTY,0,,0,0.05,25,FUT,NFO-FUT,NFO')).toBe('FUT without expiry');
    expect(reasonOf('1,1,NIFTY24DECCE,NIFTY,0,2024-12-26,0,0.05,25,CE,NFO-OPT,NFO')).toBe(
      'option without strike',
    );
    expect(reasonOf('x,1,SBIN,SBIN,0,,0,0.05,1,EQ,NSE,NSE')).toBe('bad tokens x/1');
    expect(reasonOf('1,1,SBIN,SBIN,0,26-12-2024,0,0.05,1,EQ,NSE,NSE')).toBe('bad expiry 26-12-2024');
  });
});

describe('instruments_all.csv (official sample)', () => {
  const records = parseCsv(fixtureText('instruments_all.csv'), { header: true });
  const results = records.map((r) => kiteInstrumentRow(r));
  const rows = results.flatMap((r) => (r.ok ? [r.row] : []));

  it('every row becomes a valid OpenAlgo row that passes core’s full check', () => {
    expect(records).toHaveLength(99);
    expect(rows).toHaveLength(99);
    for (const row of rows) {
      expect(InstrumentSchema.parse(row)).toEqual(row);
      expect(instrumentRowProblem(row)).toBeUndefined();
    }
  });

  it('options are rebuilt as OpenAlgo symbols and BSE rows keep their exchange', () => {
    const bySymbol = new Map(rows.map((r) => [`${r.exchange}:${r.symbol}`, r]));
    expect(bySymbol.get('NFO:BANKNIFTY25JAN1823500CE')).toMatchObject({
      brsymbol: 'BANKNIFTY18JAN23500CE',
      token: '12073986::::47164',
      expiry: '25-JAN-18',
      lotSize: 40,
    });
    expect(bySymbol.get('NFO:ADANIPORTS28DEC17490PE')?.brsymbol).toBe('ADANIPORTS17DEC490PE');
    expect(bySymbol.get('BSE:COX&KINGS')?.token).toBe('136484868::::533144');
    expect(bySymbol.get('BSE:828GOI27-ML')).toMatchObject({ lotSize: 500000, tickSize: 0.25 });
  });
});

describe('downloadInstruments', () => {
  const agents: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const a of agents.splice(0)) await a.close();
  });

  function adapterFor(routes: Parameters<typeof mockKite>[0], origin: string, config = testConfig()) {
    const { agent, seen } = mockKite(routes, origin);
    agents.push(agent);
    const logger = new RecordingLogger();
    const adapter = zerodhaAdapter({
      config,
      session: testSession(),
      instruments: new InstrumentIndex(),
      http: { dispatcher: agent },
      clock: { now: () => 0, sleep: async () => {} },
      logger,
    });
    return { adapter, seen, logger };
  }

  it('streams GET /instruments into rows that load into core’s index', async () => {
    const csv = `${fixtureText('instruments_all.csv')}256265,1001,NIFTY 50,NIFTY 50,0,,0,0,0,EQ,INDICES,NSE\n1,1,X,X,0,,0,0.05,1,EQ,MF,MF\n`;
    const { adapter, seen, logger } = adapterFor(
      { 'GET /instruments': { status: 200, body: csv, headers: { 'content-type': 'text/csv' } } },
      'https://api.kite.trade',
    );
    const index = new InstrumentIndex();
    const result = await index.load(adapter.downloadInstruments());
    expect(result).toMatchObject({ replaced: true, rows: 100 });
    expect(index.get('NIFTY', 'NSE_INDEX')?.brsymbol).toBe('NIFTY 50');
    expect(index.getByToken('NFO', '12073986::::47164')?.symbol).toBe('BANKNIFTY25JAN1823500CE');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'GET', path: '/instruments' });
    const summary = logger.records.find((e) => e.msg === 'instrument master parsed');
    expect(summary?.fields).toMatchObject({
      rows: 100,
      skipped: 1,
      samples: ['MF:X: unsupported exchange MF/MF'],
    });
  });

  it('uses the configured instruments URL (another host, e.g. a simulator)', async () => {
    const config = testConfig({ baseUrls: { instruments: 'http://127.0.0.1:9999/master/all.csv' } });
    const { adapter, seen } = adapterFor(
      {
        'GET /master/all.csv': {
          status: 200,
          body: `${HEADER}\n408065,1594,INFY,INFOSYS,0,,0,0.05,1,EQ,NSE,NSE\n`,
        },
      },
      'http://127.0.0.1:9999',
      config,
    );
    const rows: Instrument[] = [];
    for await (const row of adapter.downloadInstruments()) rows.push(row);
    expect(rows.map((r) => r.symbol)).toEqual(['INFY']);
    expect(seen[0]?.path).toBe('/master/all.csv');
  });

  it('a body that is not Kite’s master fails loudly', async () => {
    const { adapter } = adapterFor(
      { 'GET /instruments': { status: 200, body: '<html>maintenance</html>\n' } },
      'https://api.kite.trade',
    );
    const consume = async () => {
      for await (const _ of adapter.downloadInstruments()) {
        // drain
      }
    };
    await expect(consume()).rejects.toThrow(/missing column\(s\) instrument_token/);
  });

  it('is parsed as a stream: rows come out while the body is still arriving (loopback server)', async () => {
    let firstRowSeen: () => void = () => {};
    const seenFirst = new Promise<void>((resolve) => {
      firstRowSeen = resolve;
    });
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/csv' });
      res.write(`${HEADER}\n408065,1594,INFY,INFOSYS,0,,0,0.05,1,EQ,NSE,NSE\n779521,30`);
      // The rest of the body is only sent once the adapter has handed out the first row.
      void seenFirst.then(() => res.end('45,SBIN,SBI,0,,0,0.05,1,EQ,NSE,NSE\n'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const adapter = zerodhaAdapter({
        config: testConfig({ baseUrls: { api: `http://127.0.0.1:${port}` } }),
        session: testSession(),
        instruments: new InstrumentIndex(),
        http: {},
        clock: { now: () => 0, sleep: async () => {} },
        logger: new RecordingLogger(),
      });
      const symbols: string[] = [];
      for await (const row of adapter.downloadInstruments()) {
        symbols.push(row.symbol);
        if (symbols.length === 1) firstRowSeen();
      }
      expect(symbols).toEqual(['INFY', 'SBIN']);
      await adapter.close?.();
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
