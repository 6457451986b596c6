import { kiteSimulatorHarness } from '@openalgo/broker-zerodha/simulator';
import { greeksFromPrice, InstrumentIndex, type ManualClock, yearsToExpiry } from '@openalgo/core';
import type { HarnessInstance } from '@openalgo/testkit';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { json } from './support/app.js';
import { type KeyedApp, keyedApp } from './support/idempotency-harness.js';

/**
 * The options analytics through the REAL Zerodha adapter over the wire to the Kite simulator
 * (127.0.0.1): strikes come from the master Kite served (NIFTY weeklies of 6 JAN 26, every 50 around
 * the money) and prices from Kite's quote API. Prices are pinned through the simulator's back door,
 * so expected values are exact.
 */

let kite: HarnessInstance;
let api: KeyedApp;
let clock: ManualClock;

const SPOT = 23_010;
const CE = 120.5;
const PE = 98.25;

beforeAll(async () => {
  kite = await kiteSimulatorHarness({ masterSize: 200 }).setup();
  clock = kite.clock as ManualClock;
  // The server keeps each account's master in an InstrumentIndex; Kite's download fills this one.
  const instruments = InstrumentIndex.fromRows([...(kite.instruments.all?.() ?? [])], { clock });
  api = await keyedApp(kite.adapter, instruments, clock);
  kite.backdoor.setPrice({ symbol: 'NIFTY', exchange: 'NSE_INDEX' }, SPOT);
  kite.backdoor.setPrice({ symbol: 'NIFTY06JAN2623000CE', exchange: 'NFO' }, CE);
  kite.backdoor.setPrice({ symbol: 'NIFTY06JAN2623000PE', exchange: 'NFO' }, PE);
});
afterAll(async () => {
  await api?.close();
  await kite?.teardown();
});

/**
 * Sends one request, stepping the manual clock to each sleeper due within a second (the adapter
 * paces Kite's one-quote-call-a-second bucket on it) until the answer arrives: event-loop turns, not time.
 */
async function send(path: string, body: object) {
  let settled = false;
  const pending = api.send(path, body).finally(() => {
    settled = true;
  });
  for (let turn = 0; !settled && turn < 1_000_000; turn++) {
    await new Promise((resolve) => setImmediate(resolve));
    const next = clock.nextWakeAt();
    if (!settled && next !== undefined && next - clock.now() <= 1_000)
      await clock.set(Math.max(next, clock.now()));
  }
  const response = await pending;
  expect(response.statusCode, response.body).toBe(200);
  return json(response);
}

const NIFTY = { underlying: 'NIFTY', exchange: 'NSE_INDEX', expiry_date: '06JAN26' };

describe('options analytics over simulated Zerodha', () => {
  test('optionsymbol resolves ITM/OTM against the strikes Kite listed', async () => {
    const atm = await send('optionsymbol', { ...NIFTY, offset: 'ATM', option_type: 'CE' });
    expect(atm).toMatchObject({
      status: 'success',
      symbol: 'NIFTY06JAN2623000CE',
      exchange: 'NFO',
      underlying_ltp: SPOT,
    });
    const itm = await send('optionsymbol', { ...NIFTY, offset: 'ITM2', option_type: 'PE' });
    expect(itm.symbol).toBe('NIFTY06JAN2623100PE');
  });

  test('syntheticfuture is the ATM strike plus the call minus the put Kite quotes', async () => {
    expect(await send('syntheticfuture', NIFTY)).toEqual({
      status: 'success',
      underlying: 'NIFTY',
      underlying_ltp: SPOT,
      expiry: '06JAN26',
      atm_strike: 23_000,
      synthetic_future_price: 23_000 + CE - PE,
    });
  });

  test('optionchain and optiongreeks price the legs with core Black-76 on that forward', async () => {
    const chain = await send('optionchain', { ...NIFTY, strike_count: 2, with_greeks: true });
    const years = yearsToExpiry((chain.expiry_ts as number) * 1000, clock.now());
    const forward = 23_000 + CE - PE;
    expect(chain).toMatchObject({ atm_strike: 23_000, forward_price: forward, underlying_ltp: SPOT });
    const rows = chain.chain as Array<{ strike: number; ce: Record<string, number | string> }>;
    expect(rows.map((r) => [r.strike, r.ce.label])).toEqual([
      [22_900, 'ITM2'],
      [22_950, 'ITM1'],
      [23_000, 'ATM'],
      [23_050, 'OTM1'],
      [23_100, 'OTM2'],
    ]);
    const atmCall = rows[2]?.ce as Record<string, number>;
    expect(atmCall.ltp).toBe(CE);
    const g = greeksFromPrice({
      optionPrice: CE,
      forward,
      strike: 23_000,
      years,
      ratePercent: 0,
      isCall: true,
    });
    expect(atmCall.implied_volatility).toBeCloseTo(g.impliedVolatility, 2);
    expect(atmCall.delta).toBeCloseTo(g.delta, 4);

    const greeks = await send('optiongreeks', { symbol: 'NIFTY06JAN2623000CE', exchange: 'NFO' });
    const now = greeksFromPrice({
      optionPrice: CE,
      forward,
      strike: 23_000,
      years: yearsToExpiry((chain.expiry_ts as number) * 1000, clock.now()),
      ratePercent: 0,
      isCall: true,
    });
    expect(greeks).toMatchObject({ spot_price: forward, option_price: CE, expiry_date: '06-Jan-2026' });
    expect(greeks.implied_volatility).toBeCloseTo(now.impliedVolatility, 2);
    expect((greeks.greeks as Record<string, number>).delta).toBeCloseTo(now.delta, 4);
  });
});
