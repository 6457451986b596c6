import type { TaggedOrderRequest } from '@openalgo/core';
import { ManualClock } from '@openalgo/core';
import { type OrderRequestPartial, orderRequest } from '@openalgo/core/testing';
import { type CreateSandboxOptions, createSandbox } from '../../src/create-sandbox.js';
import { MONDAY_0930 } from './engine-setup.js';
import { FakePriceSource } from './fake-price-source.js';
import { TEST_UNIVERSE } from './instruments.js';

/** createSandbox over the hand-driven price source (scheduler on, as in production). */
export async function fakeSandbox(options: Omit<CreateSandboxOptions, 'clock' | 'priceSource'> = {}) {
  const clock = new ManualClock(MONDAY_0930);
  const prices = new FakePriceSource(() => clock.now(), TEST_UNIVERSE);
  const sandbox = await createSandbox({ ...options, clock, priceSource: prices });
  return { ...sandbox, clock, prices };
}

/** A valid tagged order (client order id `cid1` unless given), parsed through core's schema. */
export function tagged(
  fields: OrderRequestPartial & Pick<TaggedOrderRequest, 'symbol' | 'action' | 'quantity'>,
): TaggedOrderRequest {
  return orderRequest({ ...fields, clientOrderId: fields.clientOrderId ?? 'cid1' });
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function failure(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Record<string, unknown>;
  }
  throw new Error('expected the call to fail');
}
