import type { Exchange, Instrument, InstrumentLookup } from '@openalgo/core';
import { afterEach, expect, test } from 'vitest';
import { API_KEY, FAKE_INSTRUMENTS, UNKNOWN_KEY } from './support/accounts.js';
import { json, sortedKeys } from './support/app.js';
import { type FakeHarness, fakeHarness } from './support/harness.js';

let h: FakeHarness;
afterEach(async () => h.app.close());

const ROW_KEYS = [
  'brexchange',
  'brsymbol',
  'exchange',
  'expiry',
  'id',
  'instrumenttype',
  'lotsize',
  'name',
  'strike',
  'symbol',
  'tick_size',
  'token',
];
/** `/symbol` and `/search` rows add the exchange's freeze quantity; `/instruments` rows do not (as in OpenAlgo). */
const SYMBOL_ROW_KEYS = [...ROW_KEYS, 'freeze_qty'].sort();

test('symbol answers the master row in OpenAlgo columns', async () => {
  h = await fakeHarness();
  const body = json(await h.send('symbol', { apikey: API_KEY, symbol: 'NIFTY27JAN26FUT', exchange: 'NFO' }));
  expect(sortedKeys(body.data)).toEqual(SYMBOL_ROW_KEYS);
  expect(body.data).toEqual({
    id: 4,
    symbol: 'NIFTY27JAN26FUT',
    brsymbol: 'NIFTY27JAN26FUT-BR',
    name: 'NIFTY',
    exchange: 'NFO',
    brexchange: 'NFO',
    token: '1002',
    expiry: '27-JAN-26',
    strike: 0,
    lotsize: 75,
    instrumenttype: 'FUT',
    tick_size: 0.05,
    freeze_qty: 1800,
  });
});

test("freeze_qty is NSE's limit for a NIFTY contract and OpenAlgo's 1 for a cash share", async () => {
  h = await fakeHarness();
  const nifty = json(await h.send('search', { apikey: API_KEY, query: 'nifty2', exchange: 'NFO' }));
  expect((nifty.data as Array<Record<string, unknown>>).map((r) => [r.symbol, r.freeze_qty])).toEqual([
    ['NIFTY24FEB26FUT', 1800],
    ['NIFTY27JAN26FUT', 1800],
  ]);
  const sbin = json(await h.send('symbol', { apikey: API_KEY, symbol: 'SBIN', exchange: 'NSE' }));
  expect((sbin.data as Record<string, unknown>).freeze_qty).toBe(1);
});

test('an unknown symbol is 404 naming symbol', async () => {
  h = await fakeHarness();
  const response = await h.send('symbol', { apikey: API_KEY, symbol: 'sbin', exchange: 'NSE' });
  expect(response.statusCode).toBe(404);
  expect(json(response)).toMatchObject({ code: 'SYMBOL_NOT_FOUND', field: 'symbol' });
  expect(String(json(response).message)).toContain('did you mean SBIN');
});

test('search ranks and counts, optionally on one exchange', async () => {
  h = await fakeHarness();
  const body = json(await h.send('search', { apikey: API_KEY, query: 'nifty2', exchange: 'NFO' }));
  expect(body.message).toBe('Found 2 matching symbols');
  expect((body.data as Instrument[]).map((r) => r.symbol)).toEqual(['NIFTY24FEB26FUT', 'NIFTY27JAN26FUT']);
  const none = json(await h.send('search', { apikey: API_KEY, query: 'zzz' }));
  expect(none).toEqual({ status: 'success', message: 'Found 0 matching symbols', data: [] });
});

test('expiry lists upcoming dates soonest first and drops expired ones', async () => {
  h = await fakeHarness();
  const ask = (instrumenttype: string) =>
    h.send('expiry', { apikey: API_KEY, symbol: 'NIFTY', exchange: 'NFO', instrumenttype });
  expect(json(await ask('futures'))).toEqual({ status: 'success', data: ['27-JAN-26', '24-FEB-26'] });
  expect(json(await ask('OPTIONS')).data).toEqual(['06-JAN-26', '13-JAN-26']);
  await h.clock.advance(2 * 86_400_000);
  expect(json(await ask('options')).data).toEqual(['13-JAN-26']);
});

test('instruments as JSON, optionally one exchange', async () => {
  h = await fakeHarness();
  const all = json(await h.send('instruments', { apikey: API_KEY }, { method: 'GET' }));
  expect(all.status).toBe('success');
  expect((all.data as Instrument[]).length).toBe(FAKE_INSTRUMENTS.length);
  const nse = await h.send('instruments', { apikey: API_KEY, exchange: 'NSE' }, { method: 'GET' });
  expect(nse.headers['content-type']).toContain('application/json');
  const rows = json(nse).data as Array<Record<string, unknown>>;
  expect(rows.map((r) => [r.id, r.symbol])).toEqual([
    [1, 'SBIN'],
    [2, 'INFY'],
  ]);
  expect(sortedKeys(rows[0])).toEqual(ROW_KEYS);
});

test('instruments as a CSV download', async () => {
  h = await fakeHarness();
  const response = await h.send(
    'instruments',
    { apikey: API_KEY, exchange: 'NFO', format: 'csv' },
    { method: 'GET' },
  );
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toContain('text/csv');
  expect(response.headers['content-disposition']).toBe('attachment; filename="instruments_nfo.csv"');
  const lines = response.body.trim().split('\n');
  expect(lines[0]).toBe(
    'id,symbol,brsymbol,name,exchange,brexchange,token,expiry,strike,lotsize,instrumenttype,tick_size',
  );
  expect(lines).toHaveLength(7);
  expect(lines[1]).toBe('3,NIFTY30DEC25FUT,NIFTY30DEC25FUT-BR,NIFTY,NFO,NFO,1001,30-DEC-25,0,75,FUT,0.05');
});

test('CSV cells with commas or quotes are quoted', async () => {
  const rows: Instrument[] = [{ ...(FAKE_INSTRUMENTS[0] as Instrument), name: 'BANK, "STATE"' }];
  const { InstrumentIndex } = await import('@openalgo/core');
  h = await fakeHarness();
  h.account.instruments = InstrumentIndex.fromRows(rows);
  const response = await h.send('instruments', { apikey: API_KEY, format: 'csv' }, { method: 'GET' });
  expect(response.body.split('\n')[1]).toContain('"BANK, ""STATE"""');
});

test('instruments without a key is 401; with a wrong key 403', async () => {
  h = await fakeHarness();
  const missing = await h.send('instruments', {}, { method: 'GET' });
  expect(missing.statusCode).toBe(401);
  expect(json(missing)).toMatchObject({ status: 'error', code: 'API_KEY_MISSING', field: 'apikey' });
  const wrong = await h.send('instruments', { apikey: UNKNOWN_KEY }, { method: 'GET' });
  expect(wrong.statusCode).toBe(403);
});

test('a master that cannot search or list answers 501 for those, while symbol still works', async () => {
  h = await fakeHarness();
  const rows = new Map(FAKE_INSTRUMENTS.map((r) => [`${r.exchange}:${r.symbol}`, r]));
  const plain: InstrumentLookup = {
    get: (symbol: string, exchange: Exchange) => rows.get(`${exchange}:${symbol}`),
    getByToken: () => undefined,
    resolve: (symbol: string, exchange: Exchange) => rows.get(`${exchange}:${symbol}`) as Instrument,
  };
  h.account.instruments = plain;
  const search = await h.send('search', { apikey: API_KEY, query: 'SBIN' });
  expect(search.statusCode).toBe(501);
  expect(json(search)).toMatchObject({ code: 'NOT_SUPPORTED' });
  expect(String(json(search).message)).toContain('search');
  expect((await h.send('instruments', { apikey: API_KEY }, { method: 'GET' })).statusCode).toBe(501);
  const symbol = json(await h.send('symbol', { apikey: API_KEY, symbol: 'SBIN', exchange: 'NSE' }));
  expect((symbol.data as Record<string, unknown>).id).toBeNull();
});
