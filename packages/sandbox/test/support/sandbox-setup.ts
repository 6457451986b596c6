import type { TaggedOrderRequest } from '@openalgo/core';
import { ManualClock } from '@openalgo/core';
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

export function tagged(
  fields: Partial<TaggedOrderRequest> & Pick<TaggedOrderRequest, 'symbol' | 'action' | 'quantity'>,
) {
  const request: TaggedOrderRequest = {
    exchange: 'NSE',
    priceType: 'MARKET',
    product: 'MIS',
    price: 0,
    triggerPrice: 0,
    disclosedQuantity: 0,
    clientOrderId: 'cid1',
    ...fields,
  };
  return request;
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
