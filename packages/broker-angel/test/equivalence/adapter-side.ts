/**
 * Our side of the comparison: the Angel plugin exactly as the server uses it (`auth(config, runtime)`
 * for login, refresh and logout; `create(context)` for a logged-in adapter behind core's contract
 * boundary), its HTTP answered by undici's MockAgent, every request recorded as undici sent it.
 */
import {
  type BrokerAdapter,
  type BrokerAuth,
  type Instrument,
  InstrumentIndex,
  ManualClock,
} from '@openalgo/core';
import { RecordingLogger } from '@openalgo/core/testing';
import type { WireRequest } from '@openalgo/testkit/oracle';
import type { MockAgent } from 'undici';
import angel from '../../src/index.js';
// The adapter tests' MockAgent SmartAPI, account and session (helper of test/adapter).
import { CLIENT_CODE, mockAngel, NOW, type Route, row, testConfig, testSession } from '../adapter/helpers.js';

export { NOW, testSession };

/** A small master in OpenAlgo terms, tokens and symbols as Angel's master spells them (§2.5, §2.8). */
export const ROWS: Instrument[] = [
  row({ symbol: 'SBIN', exchange: 'NSE', brsymbol: 'SBIN-EQ', token: '3045', name: 'SBIN' }),
  row({ symbol: 'INFY', exchange: 'NSE', brsymbol: 'INFY-EQ', token: '1594', name: 'INFY' }),
  row({ symbol: 'M&M', exchange: 'NSE', brsymbol: 'M&M-EQ', token: '2031', name: 'M&M' }),
  row({ symbol: 'SBIN', exchange: 'BSE', brsymbol: 'SBIN', token: '500112', name: 'SBIN' }),
  row({
    symbol: 'NIFTY',
    exchange: 'NSE_INDEX',
    brsymbol: 'Nifty 50',
    brexchange: 'NSE',
    token: '99926000',
    name: 'NIFTY',
    instrumentType: 'AMXIDX',
  }),
  row({
    symbol: 'SENSEX',
    exchange: 'BSE_INDEX',
    brsymbol: 'SENSEX',
    brexchange: 'BSE',
    token: '99919000',
    name: 'SENSEX',
    instrumentType: 'AMXIDX',
  }),
  row({
    symbol: 'NIFTY29JAN2624000CE',
    exchange: 'NFO',
    token: '43512',
    name: 'NIFTY',
    expiry: '29-JAN-26',
    strike: 24000,
    lotSize: 75,
    instrumentType: 'CE',
  }),
  row({
    symbol: 'NIFTY29JAN26FUT',
    exchange: 'NFO',
    token: '43501',
    name: 'NIFTY',
    expiry: '29-JAN-26',
    lotSize: 75,
    instrumentType: 'FUT',
  }),
  row({
    symbol: 'CRUDEOIL19JAN26FUT',
    exchange: 'MCX',
    token: '440211',
    name: 'CRUDEOIL',
    expiry: '19-JAN-26',
    lotSize: 100,
    tickSize: 1,
    instrumentType: 'FUT',
  }),
  row({
    symbol: 'SENSEX08JAN2682000PE',
    exchange: 'BFO',
    token: '1130567',
    name: 'SENSEX',
    expiry: '08-JAN-26',
    strike: 82000,
    lotSize: 20,
    instrumentType: 'PE',
  }),
  // Enough cash instruments to need two quote requests (50 tokens each, §2.4).
  ...Array.from({ length: 60 }, (_, i) =>
    row({ symbol: `STOCK${i}`, exchange: 'NSE', brsymbol: `STOCK${i}-EQ`, token: String(20_000 + i) }),
  ),
];

function runtime(agent: MockAgent) {
  return { http: { dispatcher: agent }, clock: new ManualClock(NOW), logger: new RecordingLogger() };
}

/** Runs `call` on a logged-in adapter from the plugin and returns what it sent. */
export async function adapterRequests(
  routes: Record<string, Route>,
  call: (adapter: BrokerAdapter) => Promise<unknown>,
): Promise<WireRequest[]> {
  const { agent, seen } = mockAngel(routes);
  try {
    const adapter = await angel.create({
      ...runtime(agent),
      config: testConfig({ clientCode: CLIENT_CODE }),
      session: testSession(),
      instruments: InstrumentIndex.fromRows(ROWS, { label: 'angel equivalence master' }),
    });
    await call(adapter);
  } finally {
    await agent.close();
  }
  return seen;
}

/** Runs `call` on the plugin's login object (no session yet) and returns what it sent. */
export async function authRequests(
  routes: Record<string, Route>,
  call: (auth: BrokerAuth) => Promise<unknown>,
): Promise<WireRequest[]> {
  const { agent, seen } = mockAngel(routes);
  try {
    await call(angel.auth(testConfig({ clientCode: CLIENT_CODE }), runtime(agent)));
  } finally {
    await agent.close();
  }
  return seen;
}
