import { type BrokerAdapter, ManualClock, noopLogger } from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import { leasedEngine } from '../../src/engine-registry.js';
import sandbox, { SandboxConfigSchema, sandboxServices } from '../../src/index.js';
import { MapInstrumentLookup } from '../../src/instruments.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { MONDAY_0930 } from '../support/engine-setup.js';
import { FakePriceSource } from '../support/fake-price-source.js';
import { SBIN, TEST_UNIVERSE } from '../support/instruments.js';
import { tagged } from '../support/sandbox-setup.js';

async function books(adapter: BrokerAdapter) {
  return {
    orders: await adapter.getOrders(),
    trades: await adapter.getTrades(),
    positions: await adapter.getPositions(),
    holdings: await adapter.getHoldings(),
    funds: await adapter.getFunds(),
  };
}

describe('adapter lifecycle through defineBroker', () => {
  const clock = new ManualClock(MONDAY_0930);
  const prices = new FakePriceSource(() => clock.now(), TEST_UNIVERSE);
  const runtime = { clock, logger: noopLogger, http: {} };
  const instruments = new MapInstrumentLookup(TEST_UNIVERSE);

  async function open(store: MemoryStore) {
    const config = SandboxConfigSchema.parse({ accountId: 'acc1', scheduler: false });
    const host = sandboxServices({ store, priceSource: prices });
    const session = await sandbox.auth(config, runtime).completeLogin({});
    return sandbox.create({ ...runtime, host, config, session, instruments });
  }
  const engineOf = (store: MemoryStore) => leasedEngine(store, 'acc1');

  it('resumes exactly after a restart on the same store and keeps trading', async () => {
    const store = new MemoryStore();
    prices.set(SBIN, { ltp: 500 });
    const first = await open(store);
    const firstEngine = engineOf(store);
    await first.placeOrder(tagged({ symbol: 'SBIN', action: 'BUY', quantity: 10, clientOrderId: 'R1' }));
    await first.placeOrder(
      tagged({
        symbol: 'SBIN',
        action: 'SELL',
        quantity: 4,
        priceType: 'LIMIT',
        price: 520,
        clientOrderId: 'R2',
      }),
    );
    const before = await books(first);
    await first.close();

    const second = await open(store);
    expect(engineOf(store)).toBeDefined();
    expect(engineOf(store)).not.toBe(firstEngine);
    expect(await books(second)).toEqual(before);
    prices.set(SBIN, { ltp: 520 });
    const resting = (await second.getOrders()).find((o) => o.clientOrderId === 'R2');
    expect(resting).toMatchObject({ status: 'complete', averagePrice: 520 });
    const next = await second.placeOrder(
      tagged({ symbol: 'SBIN', action: 'SELL', quantity: 6, clientOrderId: 'R3' }),
    );
    expect(next.orderId).toBe('26010500000003');
    expect((await second.getPositions())[0]).toMatchObject({ quantity: 0, pnl: 4 * 20 + 6 * 20 });
    await second.close();
  });

  it('shares one engine between two live adapters of the same account', async () => {
    const store = new MemoryStore();
    prices.set(SBIN, { ltp: 500 });
    const a = await open(store);
    const aEngine = engineOf(store);
    const b = await open(store);
    expect(aEngine).toBeDefined();
    expect(engineOf(store)).toBe(aEngine);
    await a.placeOrder(tagged({ symbol: 'SBIN', action: 'BUY', quantity: 1 }));
    expect(await b.getOrders()).toHaveLength(1);
    await a.close();
    await expect(b.getOrders()).resolves.toHaveLength(1);
    await b.close();
    await expect(b.getOrders()).rejects.toMatchObject({ code: 'BROKER_UNAVAILABLE' });
  });
});
