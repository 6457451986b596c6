import { afterEach, describe, expect, it } from 'vitest';
import { API_KEY, JWT, makeAdapter, type TestAdapter, testConfig } from './helpers.js';

const opened: TestAdapter[] = [];
afterEach(async () => {
  for (const t of opened.splice(0)) await t.agent.close();
});

const MASTER_ORIGIN = 'https://margincalculator.angelbroking.com';
const MASTER_PATH = '/OpenAPI_File/files/OpenAPIScripMaster.json';

/** Two live-format rows of §2.5: SBIN cash and the NIFTY index. */
const MASTER = [
  {
    token: '3045',
    symbol: 'SBIN-EQ',
    name: 'SBIN',
    expiry: '',
    strike: '-1.000000',
    lotsize: '1',
    instrumenttype: '',
    exch_seg: 'NSE',
    tick_size: '10.000000',
  },
  {
    token: '99926000',
    symbol: 'Nifty 50',
    name: 'NIFTY',
    expiry: '',
    strike: '0.000000',
    lotsize: '1',
    instrumenttype: 'AMXIDX',
    exch_seg: 'NSE',
    tick_size: '0.000000',
  },
];

describe('downloadInstruments', () => {
  it('GETs the public master URL, carrying neither the session’s JWT nor the API key to that host', async () => {
    const t = makeAdapter(
      {
        [`GET ${MASTER_PATH}`]: {
          status: 200,
          body: MASTER,
          headers: { 'content-type': 'application/json' },
        },
      },
      { origins: [MASTER_ORIGIN] },
    );
    opened.push(t);
    const rows = [];
    for await (const row of t.adapter.downloadInstruments()) rows.push(row);
    expect(rows.map((r) => `${r.exchange}:${r.symbol}:${r.token}`)).toEqual([
      'NSE:SBIN:3045',
      'NSE_INDEX:NIFTY:99926000',
    ]);
    expect(t.seen).toHaveLength(1);
    expect(t.seen[0]?.method).toBe('GET');
    expect(t.seen[0]?.path).toBe(MASTER_PATH);
    const sent = JSON.stringify(t.seen[0]?.headers);
    expect(sent).not.toContain(JWT);
    expect(sent).not.toContain(API_KEY);
    expect(t.seen[0]?.headers.authorization).toBeUndefined();
  });

  it('follows the configured instruments URL (a simulator)', async () => {
    const config = testConfig({ baseUrls: { instruments: 'http://127.0.0.1:7001/master.json' } });
    const t = makeAdapter(
      { 'GET /master.json': { status: 200, body: MASTER } },
      { config, origins: ['http://127.0.0.1:7001'] },
    );
    opened.push(t);
    let count = 0;
    for await (const _row of t.adapter.downloadInstruments()) count++;
    expect(count).toBe(2);
    expect(t.seen[0]?.path).toBe('/master.json');
  });
});
