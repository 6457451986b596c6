import { noopLogger, TradingService } from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import { SBIN } from '../support/instruments.js';
import { failure, fakeSandbox, tagged } from '../support/sandbox-setup.js';

async function ready() {
  const sandbox = await fakeSandbox();
  sandbox.prices.set(SBIN, { ltp: 500 });
  return sandbox;
}

describe('back door faults', () => {
  it('rate limits without executing, the given number of times, for the chosen operation only', async () => {
    const { adapter, backdoor } = await ready();
    backdoor.injectFault({ kind: 'rateLimit', op: 'placeOrder', retryAfterMs: 1500, count: 2 });
    await expect(adapter.getOrders()).resolves.toEqual([]);
    for (let i = 0; i < 2; i++) {
      const error = await failure(adapter.placeOrder(tagged({ symbol: 'SBIN', action: 'BUY', quantity: 1 })));
      expect(error).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 1500, mayHaveReachedBroker: false });
    }
    expect(backdoor.orders()).toEqual([]);
    await adapter.placeOrder(tagged({ symbol: 'SBIN', action: 'BUY', quantity: 1 }));
    expect(backdoor.orders()).toHaveLength(1);
    expect(backdoor.requests().map((r) => r.op)).toEqual(['getOrders', 'placeOrder']);
  });

  it('loses the response of an executed order: TIMEOUT that may have reached the broker', async () => {
    const { adapter, backdoor, clock } = await ready();
    backdoor.injectFault({ kind: 'loseResponse', op: 'placeOrder' });
    const error = await failure(
      adapter.placeOrder(tagged({ symbol: 'SBIN', action: 'BUY', quantity: 1, clientOrderId: 'LOST1' })),
    );
    expect(error).toMatchObject({ code: 'TIMEOUT', mayHaveReachedBroker: true });
    expect(backdoor.orders()).toMatchObject([{ clientOrderId: 'LOST1', status: 'complete' }]);
    expect(backdoor.requests()).toMatchObject([
      { op: 'placeOrder', args: { clientOrderId: 'LOST1' }, at: clock.now() },
    ]);
  });

  it('lets core reconcile a lost response from the order book without placing twice', async () => {
    const { adapter, backdoor, clock } = await ready();
    const trading = new TradingService({ adapter, clock, logger: noopLogger });
    backdoor.injectFault({ kind: 'loseResponse', op: 'placeOrder' });
    const ack = await trading.placeOrder({ symbol: 'SBIN', exchange: 'NSE', action: 'BUY', quantity: 3 });
    expect(ack.reconciled).toBe(true);
    expect(backdoor.orders()).toHaveLength(1);
    expect(backdoor.orders()[0]?.orderId).toBe(ack.orderId);
  });

  it('answers a server error without executing', async () => {
    const { adapter, backdoor } = await ready();
    backdoor.injectFault({ kind: 'serverError' });
    const error = await failure(adapter.placeOrder(tagged({ symbol: 'SBIN', action: 'BUY', quantity: 1 })));
    expect(error).toMatchObject({ code: 'BROKER_UNAVAILABLE', mayHaveReachedBroker: false });
    expect(backdoor.orders()).toEqual([]);
    await expect(adapter.getOrders()).resolves.toEqual([]);
  });

  it('answers a malformed response as BROKER_ERROR', async () => {
    const { adapter, backdoor } = await ready();
    backdoor.injectFault({ kind: 'malformed', op: 'getFunds' });
    expect(await failure(adapter.getFunds())).toMatchObject({
      code: 'BROKER_ERROR',
      message: expect.stringMatching(/malformed response/),
    });
    await expect(adapter.getFunds()).resolves.toMatchObject({ collateral: 0 });
  });

  it('adds latency on the clock until the faults are cleared', async () => {
    const { adapter, backdoor, clock } = await ready();
    backdoor.injectFault({ kind: 'latency', ms: 2000 });
    let done = false;
    const pending = adapter.getOrders().then(() => {
      done = true;
    });
    await clock.advance(1999);
    expect(done).toBe(false);
    await clock.advance(1);
    await pending;
    expect(done).toBe(true);
    backdoor.clearFaults();
    await expect(adapter.getOrders()).resolves.toEqual([]);
  });

  it('sets prices and moves the clock through the back door', async () => {
    const { adapter, backdoor, clock } = await ready();
    const { orderId } = await adapter.placeOrder(
      tagged({ symbol: 'SBIN', action: 'BUY', quantity: 1, priceType: 'LIMIT', price: 450 }),
    );
    backdoor.setPrice(SBIN, 449);
    expect((await adapter.getOrder(orderId)).status).toBe('complete');
    const before = clock.now();
    await backdoor.advanceClock(60_000);
    expect(clock.now()).toBe(before + 60_000);
  });
});
