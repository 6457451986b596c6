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
});
afterEach(() => instance.teardown());

/** The real adapter, logged in through the login form, talking to the simulator's ticker. */
describe('the adapter’s streams against the simulator', () => {
  it('market stream: a subscribed instrument ticks at the simulator’s price, in every mode', async () => {
    await instance.backdoor.setPrice(SBIN, 801.25);
    const stream = instance.adapter.marketStream?.();
    if (!stream) throw new Error('the adapter has no market stream');
    const quote = new Promise((resolve) => stream.onTick(resolve));
    await stream.subscribe([SBIN], 'quote');
    expect(await quote).toMatchObject({ symbol: 'SBIN', exchange: 'NSE', ltp: 801.25 });
    const depth = new Promise((resolve) => stream.onTick((tick) => tick.mode === 'depth' && resolve(tick)));
    await stream.subscribe([SBIN], 'depth');
    expect(await depth).toMatchObject({
      ltp: 801.25,
      bids: [{ price: 801.2 }, {}, {}, {}, {}],
      asks: [{ price: 801.3 }, {}, {}, {}, {}],
    });
    await stream.close();
  });

  it('order stream: a placed order’s updates arrive until it completes', async () => {
    await instance.backdoor.setPrice(SBIN, 801.25);
    const stream = instance.adapter.orderStream?.();
    if (!stream) throw new Error('the adapter has no order stream');
    const connected = new Promise<void>((resolve) => stream.onStatus((s) => s.state === 'open' && resolve()));
    await connected;
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
