import { orderRequest } from '@openalgo/core/testing';
import type { HarnessInstance } from '@openalgo/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fyersSimulatorHarness } from '../../src/simulator/index.js';
import { TEST_MASTER_SIZE } from './support.js';

const harness = fyersSimulatorHarness({ masterSize: TEST_MASTER_SIZE });
const SBIN = { symbol: 'SBIN', exchange: 'NSE' } as const;
const NIFTY = { symbol: 'NIFTY', exchange: 'NSE_INDEX' } as const;

let instance: HarnessInstance;
beforeEach(async () => {
  instance = await harness.setup();
});
afterEach(() => instance.teardown());

/** The real adapter, logged in through the login form, on the simulator's HSM and order sockets. */
describe('the adapter’s streams against the simulator', () => {
  it('market stream: a scrip and an index tick at the simulator’s prices; depth has five levels', async () => {
    await instance.backdoor.setPrice(SBIN, 801.25);
    const stream = instance.adapter.marketStream?.();
    if (!stream) throw new Error('the adapter has no market stream');
    const quote = new Promise((resolve) => stream.onTick((tick) => tick.symbol === 'SBIN' && resolve(tick)));
    await stream.subscribe([SBIN], 'quote');
    expect(await quote).toMatchObject({ symbol: 'SBIN', exchange: 'NSE', ltp: 801.25 });
    const index = new Promise((resolve) => stream.onTick((tick) => tick.symbol === 'NIFTY' && resolve(tick)));
    await stream.subscribe([NIFTY], 'ltp');
    expect(await index).toMatchObject({ symbol: 'NIFTY', exchange: 'NSE_INDEX' });
    const depth = new Promise<Record<string, unknown>>((resolve) =>
      stream.onTick(
        (tick) =>
          tick.mode === 'depth' &&
          tick.bids !== undefined &&
          resolve(tick as unknown as Record<string, unknown>),
      ),
    );
    await stream.subscribe([SBIN], 'depth');
    const tick = await depth;
    expect(tick.bids).toHaveLength(5);
    expect(tick.asks).toHaveLength(5);
    await stream.close();
  });

  it('order stream: a placed order’s updates arrive until it completes', async () => {
    await instance.backdoor.setPrice(SBIN, 801.25);
    const stream = instance.adapter.orderStream?.();
    if (!stream) throw new Error('the adapter has no order stream');
    await new Promise<void>((resolve) => stream.onStatus((s) => s.state === 'open' && resolve()));
    const complete = new Promise((resolve) =>
      stream.onOrder((order) => order.status === 'complete' && resolve(order)),
    );
    const ack = await instance.adapter.placeOrder(
      orderRequest({ ...SBIN, quantity: 2, clientOrderId: 'stream1' }),
    );
    expect(await complete).toMatchObject({
      orderId: ack.orderId,
      clientOrderId: 'stream1',
      filledQuantity: 2,
    });
    await stream.close();
  });
});
