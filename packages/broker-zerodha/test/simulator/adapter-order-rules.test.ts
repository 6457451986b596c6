import { isOpenAlgoError, type OpenAlgoError } from '@openalgo/core';
import { orderRequest } from '@openalgo/core/testing';
import type { HarnessInstance } from '@openalgo/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kiteSimulatorHarness } from '../../src/simulator/index.js';
import { TEST_MASTER_SIZE } from './support.js';

const harness = kiteSimulatorHarness({ masterSize: TEST_MASTER_SIZE });
const SBIN = { symbol: 'SBIN', exchange: 'NSE' } as const;

let instance: HarnessInstance;
beforeEach(async () => {
  instance = await harness.setup();
  await instance.backdoor.setPrice(SBIN, 800);
});
afterEach(() => instance.teardown());

async function failure(promise: Promise<unknown>): Promise<OpenAlgoError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isOpenAlgoError(err)) throw new Error(`expected an OpenAlgoError, got ${String(err)}`);
  return err;
}

/** A modification of an SBIN order of one share. */
function modifyOf(orderId: string, terms: Partial<ReturnType<typeof orderRequest>>) {
  return { ...orderRequest({ ...SBIN, ...terms }), orderId };
}

/** Order calls the simulator has received (its request log). */
function orderCalls(): string[] {
  return (instance.backdoor.requests?.() ?? [])
    .filter((r) => r.path.startsWith('/orders/regular'))
    .map((r) => `${r.method} ${r.path}`);
}

/** The real adapter, logged in through the login form, against the simulator's order rules. */
describe('the adapter and the simulator on Kite’s order rules', () => {
  it('keeps the simulator’s 19-digit order ids exact through place, modify, the books and cancel', async () => {
    const { adapter } = instance;
    const filled = await adapter.placeOrder(orderRequest({ ...SBIN, quantity: 2, clientOrderId: 'big1' }));
    const resting = await adapter.placeOrder(
      orderRequest({ ...SBIN, priceType: 'LIMIT', price: 700, clientOrderId: 'big2' }),
    );
    for (const id of [filled.orderId, resting.orderId]) {
      expect(id).toMatch(/^\d{19}$/);
      expect(Number(id)).toBeGreaterThan(Number.MAX_SAFE_INTEGER);
    }
    // The simulator's own record of the ids: a digit lost anywhere in the adapter would not match.
    const booked = (await instance.backdoor.orders()).map((o) => o.orderId);
    expect(booked).toEqual([filled.orderId, resting.orderId]);
    const modified = await adapter.modifyOrder(modifyOf(resting.orderId, { priceType: 'LIMIT', price: 705 }));
    expect(modified.orderId).toBe(resting.orderId);
    expect((await adapter.getOrder(resting.orderId)).price).toBe(705);
    expect((await adapter.getOrders()).map((o) => o.orderId)).toEqual([filled.orderId, resting.orderId]);
    expect(new Set((await adapter.getTrades()).map((t) => t.orderId))).toEqual(new Set([filled.orderId]));
    expect((await adapter.cancelOrder(resting.orderId)).orderId).toBe(resting.orderId);
    expect((await adapter.getOrder(resting.orderId)).status).toBe('cancelled');
  });

  it('modifies a resting LIMIT to MARKET: the simulator takes it only with market protection', async () => {
    const { adapter } = instance;
    const resting = await adapter.placeOrder(
      orderRequest({ ...SBIN, priceType: 'LIMIT', price: 700, clientOrderId: 'mp1' }),
    );
    await adapter.modifyOrder(modifyOf(resting.orderId, { priceType: 'MARKET', price: 0 }));
    expect((await adapter.getOrder(resting.orderId)).status).toBe('complete');
  });

  it('refuses an off-tick price before sending anything', async () => {
    const before = orderCalls();
    const err = await failure(
      instance.adapter.placeOrder(
        orderRequest({ ...SBIN, priceType: 'LIMIT', price: 700.03, clientOrderId: 'tk1' }),
      ),
    );
    expect(err).toMatchObject({ code: 'INVALID_ORDER', field: 'price' });
    expect(orderCalls()).toEqual(before);
    expect(await instance.backdoor.orders()).toEqual([]);
  });

  it.each([
    ['a BUY stop triggered below the market', { priceType: 'SL-M' as const, price: 0, triggerPrice: 790 }],
    ['a LIMIT beyond the circuit band', { priceType: 'LIMIT' as const, price: 2400 }],
  ])('reads the simulator’s refusal of %s as INVALID_ORDER, and nothing is booked', async (_name, terms) => {
    const err = await failure(
      instance.adapter.placeOrder(orderRequest({ ...SBIN, ...terms, clientOrderId: 'rf1' })),
    );
    expect(err.code).toBe('INVALID_ORDER');
    expect(orderCalls()).toEqual(['POST /orders/regular']);
    expect(await instance.backdoor.orders()).toEqual([]);
  });
});
