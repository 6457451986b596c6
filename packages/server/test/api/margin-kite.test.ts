import { kiteSimulatorHarness } from '@openalgo/broker-zerodha/simulator';
import type { ManualClock } from '@openalgo/core';
import type { HarnessInstance } from '@openalgo/testkit';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { json } from './support/app.js';
import { type KeyedApp, keyedApp } from './support/idempotency-harness.js';

/**
 * POST /margin through the REAL Zerodha adapter over the wire to the Kite simulator (127.0.0.1): one
 * position goes to Kite's `/margins/orders`, several to `/margins/basket`. The simulator margins by
 * the sandbox's leverage and splits a future's margin 75 % SPAN / 25 % exposure, so LIMIT legs give
 * exact figures: SBIN CNC 4 × 790 = 3160 (VaR, no SPAN); the NIFTY future lot × 24000 ÷ 10.
 */

const harness = kiteSimulatorHarness({ masterSize: 200 });
let kite: HarnessInstance;
let api: KeyedApp;
let future: { symbol: string; lotSize: number };

beforeAll(async () => {
  kite = await harness.setup();
  api = await keyedApp(kite.adapter, kite.instruments, kite.clock as ManualClock);
  const ref = harness.fixtures.future;
  if (!ref) throw new Error('the Kite simulator fixtures have no future');
  future = kite.instruments.resolve(ref.symbol, ref.exchange);
});
afterAll(async () => {
  await api?.close();
  await kite?.teardown();
});

const futureLeg = () => ({
  symbol: future.symbol,
  exchange: 'NFO',
  action: 'SELL',
  quantity: String(future.lotSize),
  product: 'NRML',
  pricetype: 'LIMIT',
  price: '24000',
  trigger_price: '0',
});

describe('POST /api/v1/margin over simulated Zerodha', () => {
  test('one position: Kite’s order margin, split into SPAN and exposure', async () => {
    const response = await api.send('margin', { positions: [futureLeg()] });
    expect(response.statusCode, response.body).toBe(200);
    const total = (future.lotSize * 24000) / 10;
    expect(json(response)).toEqual({
      status: 'success',
      data: { total_margin_required: total, span_margin: total * 0.75, exposure_margin: total * 0.25 },
    });
  });

  test('a basket: Kite’s basket margin (final figures) over every leg', async () => {
    const equity = {
      symbol: 'SBIN',
      exchange: 'NSE',
      action: 'BUY',
      quantity: '4',
      product: 'CNC',
      pricetype: 'LIMIT',
      price: '790',
    };
    const response = await api.send('margin', { positions: [equity, futureLeg()] });
    expect(response.statusCode, response.body).toBe(200);
    const futureTotal = (future.lotSize * 24000) / 10;
    expect(json(response)).toEqual({
      status: 'success',
      data: {
        total_margin_required: 3160 + futureTotal,
        span_margin: futureTotal * 0.75,
        exposure_margin: futureTotal * 0.25,
      },
    });
  });
});
