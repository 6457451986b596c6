import { kiteSimulatorHarness } from '@openalgo/broker-zerodha/simulator';
import { InstrumentIndex, type ManualClock } from '@openalgo/core';
import type { HarnessInstance } from '@openalgo/testkit';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { json } from './support/app.js';
import { type KeyedApp, keyedApp } from './support/idempotency-harness.js';

/**
 * Options orders through the REAL Zerodha adapter over the wire to the Kite simulator (127.0.0.1):
 * the underlying is quoted through Kite's quote API, the option resolved against the master Kite
 * served (NIFTY weeklies of 6 JAN 26, strikes 50 apart) and the order placed through Kite's order API.
 */

const NIFTY = { strategy: 'Test', underlying: 'NIFTY', exchange: 'NSE_INDEX', expiry_date: '06JAN26' };

let kite: HarnessInstance;
let api: KeyedApp;
let clock: ManualClock;
let lotSize: number;

/**
 * Kite allows one quote call a second (the adapter paces inside that window on its clock): each
 * request starts a second after the last, so none waits on a ManualClock that nobody advances.
 */
async function send(path: string, body: object, key?: string) {
  await clock.advance(1_000);
  return api.send(path, body, key);
}

beforeAll(async () => {
  kite = await kiteSimulatorHarness({ masterSize: 200 }).setup();
  clock = kite.clock as ManualClock;
  // The server keeps each account's master in an InstrumentIndex; Kite's download fills this one.
  const instruments = InstrumentIndex.fromRows([...(kite.instruments.all?.() ?? [])], { clock });
  api = await keyedApp(kite.adapter, instruments, clock);
  lotSize = instruments.resolve('NIFTY06JAN2623000CE', 'NFO').lotSize;
});
afterAll(async () => {
  await api?.close();
  await kite?.teardown();
});

/** The listed strike nearest the LTP (the simulator lists every 50 around the money). */
const atmOf = (ltp: number) => Math.round(ltp / 50) * 50;

describe('options orders over simulated Zerodha', () => {
  test('optionsorder: ITM1 call resolved from Kite’s quote, placed at Kite once; a replay places nothing', async () => {
    const request = {
      ...NIFTY,
      offset: 'ITM1',
      option_type: 'CE',
      action: 'BUY',
      quantity: String(lotSize),
      product: 'NRML',
      client_order_id: 'kite-opt-1',
    };
    const response = await send('optionsorder', request);
    expect(response.statusCode, response.body).toBe(200);
    const body = json(response);
    const ltp = body.underlying_ltp as number;
    const symbol = `NIFTY06JAN26${atmOf(ltp) - 50}CE`;
    expect(body).toEqual({
      status: 'success',
      orderid: expect.any(String),
      symbol,
      exchange: 'NFO',
      underlying: 'NIFTY',
      underlying_ltp: ltp,
      offset: 'ITM1',
      option_type: 'CE',
    });
    const atBroker = await kite.backdoor.orders();
    expect(atBroker).toEqual([
      expect.objectContaining({ orderId: body.orderid, symbol, exchange: 'NFO', quantity: lotSize }),
    ]);
    expect(json(await send('optionsorder', request))).toEqual(body);
    expect(await kite.backdoor.orders()).toHaveLength(1);
  });

  test('optionsmultiorder: a put spread, both legs at Kite under their own tags; a replay places nothing', async () => {
    const before = (await kite.backdoor.orders()).length;
    const spread = {
      ...NIFTY,
      legs: [
        { offset: 'ATM', option_type: 'PE', action: 'SELL', quantity: lotSize, product: 'NRML' },
        { offset: 'OTM2', option_type: 'PE', action: 'BUY', quantity: lotSize, product: 'NRML' },
      ],
    };
    const response = await send('optionsmultiorder', spread, 'kite-spread');
    expect(response.statusCode, response.body).toBe(200);
    const body = json(response);
    const atm = atmOf(body.underlying_ltp as number);
    const results = body.results as Array<Record<string, unknown>>;
    expect(results.map((r) => [r.leg, r.symbol, r.action, r.status])).toEqual([
      [1, `NIFTY06JAN26${atm}PE`, 'SELL', 'success'],
      [2, `NIFTY06JAN26${atm - 100}PE`, 'BUY', 'success'],
    ]);
    const placed = (await kite.backdoor.orders()).slice(before);
    expect(placed.map((o) => o.orderId).sort()).toEqual(results.map((r) => r.orderid).sort());
    expect(new Set(placed.map((o) => o.tag)).size).toBe(2);
    expect(json(await send('optionsmultiorder', spread, 'kite-spread'))).toEqual(body);
    expect(await kite.backdoor.orders()).toHaveLength(before + 2);
  });
});
