// A re-login while orders are being placed or reconciled: the new session takes over the lookups, and
// nothing the old one still has in flight is marked unknown or sent twice.
import { BrokerUnavailableError, ManualClock } from '@openalgo/core';
import { createFakeBroker } from '@openalgo/core/testing';
import { DEFAULT_SANDBOX_START } from '@openalgo/sandbox';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestRegistry, testRegistry } from '../helpers/registry.js';
import { tempDir } from '../helpers/tmp.js';
import { until } from '../helpers/turns.js';

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

describe('a re-login while an order is in flight', () => {
  it('the new runtime leaves the in-flight row pending, and settles it when the old call fails ambiguously', async () => {
    const fake = createFakeBroker();
    const r = testRegistry({ dir, clock, plugins: [fake.plugin] });
    registries.push(r);
    await r.registry.init();
    const { apiKey, account } = await r.registry.completeLogin('fakebroker', { request_token: 'good' });
    const resolved = await r.registry.resolveApiKey(apiKey as string);
    if (!resolved.ok) throw new Error(resolved.message);
    const oldAdapter = fake.state.adapters[0];
    if (!oldAdapter) throw new Error('no adapter after the login');
    // The order is on its way to the broker when the user logs in again.
    let release: () => void = () => undefined;
    oldAdapter.delayNext('placeOrder', new Promise<void>((resolve) => (release = resolve)));
    oldAdapter.acceptThenLoseResponse('placeOrder', { hiddenForLookups: 100 });
    const placing = resolved.account.trading
      .placeOrder({ symbol: 'SBIN', exchange: 'NSE', action: 'BUY', quantity: 1, clientOrderId: 'flight1' })
      .then(
        (ack) => ({ ok: true as const, ack }),
        (error: unknown) => ({ ok: false as const, error }),
      );
    await until(() => oldAdapter.callsTo('placeOrder').length === 1);

    await r.registry.completeLogin('fakebroker', { request_token: 'good' });
    await until(() => fake.state.created === 2);
    const reopened = await r.registry.resolveAccount(account.id);
    expect(reopened.ok).toBe(true);
    const newAdapter = fake.state.adapters[1];
    if (!newAdapter) throw new Error('no adapter after the re-login');
    // The new runtime's startup recovery ran while the order was in flight: not called unknown.
    expect(r.store.journal.get(account.id, 'flight1')?.state).toBe('pending');

    // The broker takes it but the answer is lost; the new session's book shows it.
    release();
    await until(() => oldAdapter.ordersWithClientOrderId('flight1').length === 1);
    const [placed] = oldAdapter.ordersWithClientOrderId('flight1');
    if (!placed) throw new Error('the broker did not book the order');
    newAdapter.setOrders([placed]);
    await clock.advance(1000);
    const outcome = await placing;
    expect(outcome).toMatchObject({ ok: true, ack: { orderId: placed.orderId, reconciled: true } });
    // The journal row is settled now, not at the account's next open.
    expect(r.store.journal.get(account.id, 'flight1')).toMatchObject({
      state: 'acknowledged',
      brokerOrderId: placed.orderId,
    });
    expect(oldAdapter.callsTo('placeOrder')).toHaveLength(1);
    expect(newAdapter.callsTo('placeOrder')).toHaveLength(0);
  });
});
