import type { HarnessInstance } from '@openalgo/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fyersSimulatorHarness } from '../../src/simulator/index.js';
import { until } from './hsm-harness.js';

/**
 * End to end: the real adapter, logged in through its own auth, streaming from the Fyers simulator
 * (whose HSM and order sockets are this package's). Prices move through the back door.
 */
const harness = fyersSimulatorHarness({ masterSize: 3000 });
const { equity, index } = harness.fixtures;

describe('the adapter streams over the Fyers simulator', () => {
  let h: HarnessInstance;
  beforeEach(async () => {
    h = await harness.setup();
  });
  afterEach(async () => {
    await h.teardown();
  });

  it('market stream: snapshot ticks for a stock and an index, then a tick per price change', async () => {
    const stream = h.adapter.marketStream?.();
    if (!stream) throw new Error('fyers declares marketStream');
    const ticks: { symbol: string; exchange: string; ltp: number; mode: string }[] = [];
    stream.onTick((t) => ticks.push(t));
    const refs = index ? [equity, index] : [equity];
    await stream.subscribe(refs, 'quote');
    await until(
      () => refs.every((r) => ticks.some((t) => t.symbol === r.symbol && t.exchange === r.exchange)),
      'snapshots',
    );
    await h.backdoor.setPrice(equity, 777.7);
    await until(() => ticks.some((t) => t.symbol === equity.symbol && t.ltp === 777.7), 'moved tick');
    if (index)
      expect(ticks.filter((t) => t.symbol === index.symbol).every((t) => t.exchange === index.exchange)).toBe(
        true,
      );
    await stream.close();
  });

  it('order stream: a placed order arrives as a unified order update', async () => {
    const stream = h.adapter.orderStream?.();
    if (!stream) throw new Error('fyers declares orderStream');
    const orders: { orderId: string; status: string; symbol: string }[] = [];
    stream.onOrder((o) => orders.push(o));
    // SUB_ORD is written the moment the socket opens, so it reaches the simulator before the order's
    // HTTP request, which only starts after that (a new connection on the same loopback).
    const opened = new Promise<void>((resolve) => {
      const off = stream.onStatus((s) => {
        if (s.state === 'open') {
          off();
          resolve();
        }
      });
    });
    await opened;
    const ack = await h.adapter.placeOrder({
      symbol: equity.symbol,
      exchange: equity.exchange,
      action: 'BUY',
      quantity: 1,
      priceType: 'MARKET',
      product: 'MIS',
      price: 0,
      triggerPrice: 0,
      disclosedQuantity: 0,
      clientOrderId: 'wsstream1',
    });
    await until(() => orders.some((o) => o.orderId === ack.orderId), 'order update');
    expect(orders.find((o) => o.orderId === ack.orderId)).toMatchObject({ symbol: equity.symbol });
    await stream.close();
  });
});
