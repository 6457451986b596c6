import { describe, expect, it } from 'vitest';
import type { SandboxState } from '../../src/engine/records.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { SandboxStore, StoreMutation } from '../../src/store/types.js';
import { order, setupEngine } from '../support/engine-setup.js';
import { NIFTY_FUT, SBIN } from '../support/instruments.js';

/** A store that can be told to fail its next writes. */
class FlakyStore implements SandboxStore {
  readonly inner = new MemoryStore();
  failWrites = false;
  load(accountId: string): SandboxState | undefined {
    return this.inner.load(accountId);
  }
  apply(accountId: string, mutations: readonly StoreMutation[]): void {
    if (this.failWrites) throw new Error('disk full');
    this.inner.apply(accountId, mutations);
  }
}

async function scenario(setup: ReturnType<typeof setupEngine>) {
  const { engine, prices } = setup;
  prices.set(SBIN, { ltp: 500, bid: 499.9, ask: 500.1 });
  prices.set(NIFTY_FUT, {
    ltp: 24000,
    asks: [{ price: 24001, quantity: 75 }],
    bids: [{ price: 23999, quantity: 75 }],
  });
  await engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 10, tag: 'abc1' }));
  await engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 10, product: 'CNC' }));
  await engine.placeOrder(order(SBIN, { action: 'SELL', quantity: 5, priceType: 'LIMIT', price: 520 }));
  await engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 1, priceType: 'SL-M', triggerPrice: 530 }));
  await engine.placeOrder(order(NIFTY_FUT, { action: 'BUY', quantity: 150, product: 'NRML' }));
  await engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 1, product: 'NRML' }));
}

describe('restart', () => {
  it('resumes exactly: same books, same id sequence, resting orders still matched', async () => {
    const setup = setupEngine();
    await scenario(setup);
    const before = setup.engine.state();
    expect(before.orders.filter((o) => o.status === 'open' || o.status === 'trigger_pending')).toHaveLength(
      3,
    );
    const watchedBefore = setup.engine.watchedInstruments().sort();

    const engine = setup.restart();
    expect(engine.state()).toEqual(before);
    expect(engine.watchedInstruments().sort()).toEqual(watchedBefore);

    const next = await engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 1 }));
    expect(Number(next.orderId.slice(6))).toBe(before.account.orderSequence + 1);
    // The resting SELL LIMIT 520 and the partly filled futures buy still work after the restart.
    setup.prices.set(SBIN, { ltp: 521, bid: 521, ask: 521.1 });
    setup.prices.set(NIFTY_FUT, { ltp: 24000, asks: [{ price: 24002, quantity: 75 }], bids: [] });
    const orders = await engine.orders();
    expect(orders.filter((o) => o.priceType === 'LIMIT' && o.action === 'SELL')[0]?.status).toBe('complete');
    expect(orders.find((o) => o.symbol === NIFTY_FUT.symbol)).toMatchObject({
      status: 'complete',
      filledQuantity: 150,
    });
  });

  it('stores copies: changing what the engine returned or holds does not change the store', async () => {
    const store = new MemoryStore();
    const setup = setupEngine({ store });
    await scenario(setup);
    const saved = store.load('acc') as SandboxState;
    const returned = await setup.engine.orders();
    (returned[0] as { quantity: number }).quantity = 999;
    saved.account.usedMargin = -1;
    expect(store.load('acc')).toEqual(setup.engine.state());
  });
});

describe('store atomicity', () => {
  it('leaves the engine unchanged when the store refuses a placement', async () => {
    const store = new FlakyStore();
    const setup = setupEngine({ store });
    await scenario(setup);
    const before = setup.engine.state();
    store.failWrites = true;
    await expect(setup.engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 3 }))).rejects.toThrow(
      'disk full',
    );
    await expect(setup.engine.cancelOrder(before.orders[2]?.orderId as string)).rejects.toThrow('disk full');
    expect(setup.engine.state()).toEqual(before);
    expect(store.load('acc')).toEqual(before);
    store.failWrites = false;
    const placed = await setup.engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 3 }));
    expect(Number(placed.orderId.slice(6))).toBe(before.account.orderSequence + 1);
  });

  it('leaves the engine unchanged when the store refuses a fill from a tick', async () => {
    const store = new FlakyStore();
    const setup = setupEngine({ store });
    await scenario(setup);
    const before = setup.engine.state();
    store.failWrites = true;
    setup.prices.set(SBIN, { ltp: 530, bid: 530, ask: 530 });
    expect(setup.engine.state()).toEqual(before);
    store.failWrites = false;
    setup.prices.set(SBIN, { ltp: 530, bid: 530, ask: 530 });
    expect(
      setup.engine.state().orders.filter((o) => o.symbol === 'SBIN' && o.status === 'complete'),
    ).toHaveLength(4);
  });

  it('rejects a malformed batch before writing any of it', () => {
    const store = new MemoryStore();
    const good = { type: 'deletePosition', key: 'x' } as const;
    expect(() =>
      store.apply('a', [good, { type: 'order', record: null } as unknown as StoreMutation]),
    ).toThrow('Malformed store mutation');
    expect(store.accountIds()).toEqual([]);
  });
});

describe('working-order subscriptions', () => {
  it('watches an instrument while it has working orders and stops after', async () => {
    const { engine, prices } = setupEngine();
    prices.set(SBIN, { ltp: 500 });
    expect(prices.watcherCount(SBIN)).toBe(0);
    const a = await engine.placeOrder(
      order(SBIN, { action: 'BUY', quantity: 1, priceType: 'LIMIT', price: 450 }),
    );
    // Inside the ±20% circuit band around 500.
    const b = await engine.placeOrder(
      order(SBIN, { action: 'BUY', quantity: 1, priceType: 'LIMIT', price: 420 }),
    );
    expect(prices.watcherCount(SBIN)).toBe(1);
    await engine.cancelOrder(a.orderId);
    expect(prices.watcherCount(SBIN)).toBe(1);
    prices.set(SBIN, { ltp: 419 });
    expect((await engine.order(b.orderId)).status).toBe('complete');
    expect(prices.watcherCount(SBIN)).toBe(0);
    await engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 1 }));
    expect(prices.watcherCount(SBIN)).toBe(0);
  });
});
