import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/engine/calendar.js';
import type { SandboxEngine } from '../../src/engine/engine.js';
import { order, setupEngine } from '../support/engine-setup.js';
import { SBIN } from '../support/instruments.js';

/** Today's book of an engine, as memory holds it (what a restart or an order book sees). */
function inMemory(engine: SandboxEngine) {
  const state = engine.state();
  return { orders: state.orders.map((o) => o.orderId), trades: state.trades.map((t) => t.orderId) };
}

async function placeDay(engine: SandboxEngine, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const placed = await engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 1, product: 'CNC' }));
    ids.push(placed.orderId);
  }
  return ids;
}

describe('day-scoped memory (a broker order book shows the day)', () => {
  it('holds only the current day once a new day starts; earlier orders stay readable from the store', async () => {
    const setup = setupEngine();
    setup.prices.set(SBIN, { ltp: 500, bid: 499.9, ask: 500.1 });
    const monday = await placeDay(setup.engine, 20);
    // A resting order that the day roll expires: it leaves memory too, once finished.
    const resting = await setup.engine.placeOrder(
      order(SBIN, { action: 'BUY', quantity: 1, product: 'CNC', priceType: 'LIMIT', price: 400 }),
    );
    expect(inMemory(setup.engine).orders).toHaveLength(21);
    expect(inMemory(setup.engine).trades).toHaveLength(20);

    await setup.clock.advance(DAY_MS);
    const tuesday = await placeDay(setup.engine, 3);

    // Structural bound: memory holds Tuesday's orders and trades only.
    expect(inMemory(setup.engine).orders).toEqual(tuesday);
    expect((await setup.engine.orders()).map((o) => o.orderId)).toEqual(tuesday);
    expect(new Set(inMemory(setup.engine).trades)).toEqual(new Set(tuesday));
    expect((await setup.engine.trades()).every((t) => tuesday.includes(t.orderId))).toBe(true);

    // Monday's orders are still found by id (orderstatus), finished, and can't be cancelled.
    expect(await setup.engine.order(monday[0] as string)).toMatchObject({ status: 'complete' });
    expect(await setup.engine.order(resting.orderId)).toMatchObject({ status: 'cancelled' });
    await expect(setup.engine.cancelOrder(resting.orderId)).rejects.toThrow(/cancelled/);
    await expect(setup.engine.order('NOPE')).rejects.toThrow();

    // What Monday's orders built carries over: 20 settled into holdings, 3 bought today (T1).
    expect(await setup.engine.holdings()).toMatchObject([{ quantity: 23, t1Quantity: 3 }]);
  });

  it('loads only the current day on a restart, with the id sequence intact', async () => {
    const setup = setupEngine();
    setup.prices.set(SBIN, { ltp: 500, bid: 499.9, ask: 500.1 });
    await placeDay(setup.engine, 10);
    await setup.clock.advance(DAY_MS);
    const tuesday = await placeDay(setup.engine, 2);
    const sequence = setup.engine.state().account.orderSequence;

    const engine = setup.restart();
    expect(inMemory(engine).orders).toEqual(tuesday);
    const next = await engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 1, product: 'CNC' }));
    expect(next.sequence).toBe(sequence + 1);
  });

  it('rolls the day on a restart that comes after midnight, then forgets the previous day', async () => {
    const setup = setupEngine();
    setup.prices.set(SBIN, { ltp: 500, bid: 499.9, ask: 500.1 });
    await placeDay(setup.engine, 4);
    const resting = await setup.engine.placeOrder(
      order(SBIN, { action: 'BUY', quantity: 1, product: 'CNC', priceType: 'LIMIT', price: 400 }),
    );
    setup.engine.close();
    await setup.clock.advance(DAY_MS);
    // The store still says Monday was processed: the restart loads Monday, the first call expires
    // the resting order and the day roll drops Monday from memory.
    const engine = setup.restart();
    expect(inMemory(engine).orders).toHaveLength(5);
    expect(await engine.orders()).toEqual([]);
    expect(inMemory(engine).orders).toEqual([]);
    expect(await engine.order(resting.orderId)).toMatchObject({ status: 'cancelled' });
  });
});
