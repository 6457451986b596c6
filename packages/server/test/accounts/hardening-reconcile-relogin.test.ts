import { BrokerUnavailableError, ManualClock } from '@openalgo/core';
import { createFakeBroker } from '@openalgo/core/testing';
import { DEFAULT_SANDBOX_START } from '@openalgo/sandbox';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestRegistry, testRegistry } from '../helpers/registry.js';
import { tempDir } from '../helpers/tmp.js';

let dir: string;
let cleanup: () => void;
let clock: ManualClock;
let registries: TestRegistry[];
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  clock = new ManualClock(DEFAULT_SANDBOX_START);
  registries = [];
});
afterEach(async () => {
  for (const r of registries) await r.close();
  cleanup();
});

/** Turns of the event loop (not time) until `done`, for work a few awaits away. */
async function until(done: () => boolean): Promise<void> {
  for (let turn = 0; turn < 200 && !done(); turn++) await new Promise((resolve) => setImmediate(resolve));
}

describe('reconciliation after a re-login', () => {
  it('polls the new session adapter and confirms the order, not UNKNOWN through the closed one', async () => {
    const fake = createFakeBroker();
    const r = testRegistry({ dir, clock, plugins: [fake.plugin] });
    registries.push(r);
    await r.registry.init();
    const { apiKey, account } = await r.registry.completeLogin('fakebroker', { request_token: 'good' });
    const resolved = await r.registry.resolveApiKey(apiKey as string);
    if (!resolved.ok) throw new Error(resolved.message);
    const oldAdapter = fake.state.adapters[0]!;
    // The broker takes the order but the answer is lost, and the old session's book lags.
    oldAdapter.acceptThenLoseResponse('placeOrder', { hiddenForLookups: 100 });
    const placing = resolved.account.trading
      .placeOrder({ symbol: 'SBIN', exchange: 'NSE', action: 'BUY', quantity: 1, clientOrderId: 'relog1' })
      .then(
        (ack) => ({ ok: true as const, ack }),
        (error: unknown) => ({ ok: false as const, error }),
      );
    await until(() => oldAdapter.callsTo('getOrders').length === 1);
    expect(oldAdapter.callsTo('getOrders')).toHaveLength(1);

    // Re-login mid-reconciliation: the old runtime is closed, a new adapter serves the account.
    await r.registry.completeLogin('fakebroker', { request_token: 'good' });
    oldAdapter.failAlways('getOrders', new BrokerUnavailableError('adapter closed'));
    await until(() => fake.state.created === 2);
    const newAdapter = fake.state.adapters[1]!;
    const [placed] = oldAdapter.ordersWithClientOrderId('relog1');
    newAdapter.setOrders([placed!]);

    await clock.advance(1000);
    const outcome = await placing;
    expect(outcome).toMatchObject({ ok: true, ack: { orderId: placed!.orderId, reconciled: true } });
    expect(newAdapter.callsTo('getOrders').length).toBeGreaterThanOrEqual(1);
    expect(oldAdapter.callsTo('getOrders')).toHaveLength(1);
    expect(oldAdapter.callsTo('placeOrder')).toHaveLength(1);
    expect(newAdapter.callsTo('placeOrder')).toHaveLength(0);
    // The journal learns it too: the entry the lost answer left unknown is acknowledged.
    expect(r.store.journal.get(account.id, 'relog1')).toMatchObject({
      state: 'acknowledged',
      brokerOrderId: placed!.orderId,
    });
  });
});
