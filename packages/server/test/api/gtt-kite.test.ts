import { kiteSimulatorHarness } from '@openalgo/broker-zerodha/simulator';
import type { ManualClock } from '@openalgo/core';
import type { HarnessInstance } from '@openalgo/testkit';
import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { json } from './support/app.js';
import { type KeyedApp, keyedApp } from './support/idempotency-harness.js';

/**
 * The GTT routes through the REAL Zerodha adapter over the wire to the Kite simulator (127.0.0.1):
 * OpenAlgo's flat fields become Kite's `/gtt/triggers` form (condition + orders), Kite's GTTs come back
 * as OpenAlgo's rows, and a GTT the simulator fires leaves its order in the order book. Each GTT write
 * asks Kite for a quote (the last price), and Kite allows one quote call a second: the manual clock
 * moves a second before each, so the adapter's pacing never waits on a clock nobody moves.
 */

const SBIN = { symbol: 'SBIN', exchange: 'NSE' as const };
const tick = (price: number) => Math.round(price * 20) / 20;

let kite: HarnessInstance;
let api: KeyedApp;
let ltp: number;

beforeEach(async () => {
  kite = await kiteSimulatorHarness({ masterSize: 200 }).setup();
  api = await keyedApp(kite.adapter, kite.instruments, kite.clock as ManualClock);
  const [quote] = await kite.adapter.getQuotes([SBIN]);
  ltp = quote?.ltp ?? 0;
  expect(ltp).toBeGreaterThan(0);
  // Pinned, so the price the triggers are judged against stays put while the clock moves.
  await kite.backdoor.setPrice(SBIN, ltp);
});
afterEach(async () => {
  await api?.close();
  await kite?.teardown();
});

const single = (fields: Record<string, unknown> = {}) => ({
  strategy: 'Python',
  trigger_type: 'SINGLE',
  ...SBIN,
  action: 'BUY',
  product: 'CNC',
  quantity: 1,
  pricetype: 'LIMIT',
  price: tick(ltp * 0.95),
  triggerprice_sl: tick(ltp * 0.95),
  triggerprice_tg: 0,
  ...fields,
});

const oco = () => ({
  ...single(),
  trigger_type: 'OCO',
  action: 'SELL',
  triggerprice_sl: tick(ltp * 0.9),
  stoploss: tick(ltp * 0.9 - 1),
  triggerprice_tg: tick(ltp * 1.1),
  target: tick(ltp * 1.1 - 1),
});

/** A GTT write, a second after the last quote call. */
async function write(path: string, body: object): Promise<LightMyRequestResponse> {
  await (kite.clock as ManualClock).advance(1000);
  return api.send(path, body);
}

async function triggerId(response: LightMyRequestResponse): Promise<string> {
  expect(response.statusCode, response.body).toBe(200);
  const body = json(response);
  expect(body).toEqual({ status: 'success', trigger_id: expect.stringMatching(/^\d+$/) });
  return body.trigger_id as string;
}

async function book(status?: 'all'): Promise<Array<Record<string, unknown>>> {
  const response = await api.send('gttorderbook', status ? { status } : {});
  expect(response.statusCode, response.body).toBe(200);
  return json(response).data as Array<Record<string, unknown>>;
}

describe('GTT routes over simulated Zerodha', () => {
  test('place → list → modify → cancel a SINGLE GTT', async () => {
    const request = single();
    const id = await triggerId(await write('placegttorder', request));
    const [row] = await book();
    expect(row).toMatchObject({
      trigger_id: id,
      trigger_type: 'single',
      status: 'active',
      ...SBIN,
      trigger_prices: [request.triggerprice_sl],
      last_price: ltp,
      legs: [{ action: 'BUY', quantity: 1, price: request.price, pricetype: 'LIMIT', product: 'CNC' }],
      order_ids: [],
    });
    expect(row?.created_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

    const lower = tick(ltp * 0.9);
    expect(
      await triggerId(
        await write('modifygttorder', {
          ...single({ triggerprice_sl: lower, price: lower }),
          trigger_id: id,
        }),
      ),
    ).toBe(id);
    expect((await book())[0]).toMatchObject({ trigger_prices: [lower], legs: [{ price: lower }] });

    expect(json(await api.send('cancelgttorder', { strategy: 'Python', trigger_id: id }))).toEqual({
      status: 'success',
      trigger_id: id,
    });
    expect(await book()).toEqual([]);
    const gone = await api.send('cancelgttorder', { strategy: 'Python', trigger_id: id });
    expect(gone.statusCode).toBeGreaterThanOrEqual(400);
    expect(gone.statusCode).toBeLessThan(500);
    expect(json(gone)).toMatchObject({ status: 'error', field: 'trigger_id' });
  });

  test('an OCO lists as two-leg; the simulator fires its target leg and the order is in the order book', async () => {
    const request = oco();
    const id = await triggerId(await write('placegttorder', request));
    expect((await book())[0]).toMatchObject({
      trigger_type: 'two-leg',
      trigger_prices: [request.triggerprice_sl, request.triggerprice_tg],
      legs: [{ price: request.stoploss }, { price: request.target }],
    });
    await kite.backdoor.setPrice(SBIN, tick(ltp * 1.12));
    const [fired] = (await book('all')).filter((row) => row.trigger_id === id);
    expect(fired).toMatchObject({ status: 'triggered', order_ids: [expect.any(String)] });
    const orderId = (fired?.order_ids as string[] | undefined)?.[0];
    const orders = json(await api.send('orderbook', {})).data as { orders: Array<Record<string, unknown>> };
    expect(orders.orders).toEqual([
      expect.objectContaining({ orderid: orderId, symbol: 'SBIN', action: 'SELL' }),
    ]);
    expect(await kite.backdoor.orders()).toHaveLength(1);
  });

  test("Kite's refusals answer 4xx naming a request field; an unknown trigger is 404", async () => {
    const atLast = await write('placegttorder', single({ triggerprice_sl: ltp, price: ltp }));
    expect(atLast.statusCode, atLast.body).toBe(400);
    // Kite names no field: the refusal is about the GTT as a whole (the endpoint's subject).
    expect(json(atLast)).toMatchObject({ status: 'error', field: 'trigger_type' });
    expect(json(atLast).message).toContain('cannot equal the last price');
    const unknown = await api.send('cancelgttorder', { strategy: 'Python', trigger_id: '999999' });
    expect(unknown.statusCode).toBe(404);
    expect(json(unknown)).toMatchObject({ code: 'ORDER_NOT_FOUND', field: 'trigger_id' });
    const notDigits = await write('modifygttorder', { ...single(), trigger_id: 'G1' });
    expect(notDigits.statusCode).toBe(400);
    expect(json(notDigits)).toMatchObject({ field: 'trigger_id' });
    expect(await book('all')).toEqual([]);
  });
});
