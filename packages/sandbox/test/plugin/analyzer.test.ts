import { ManualClock, noopLogger, SharedMarketStream } from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import { createAnalyzer, MapInstrumentLookup, MemoryStore } from '../../src/index.js';
import { depthCalls, liveBroker, MONDAY_10AM, SBIN, subscribes } from '../market/helpers.js';
import { tagged } from '../support/sandbox-setup.js';

async function setup(options: { shared?: boolean } = {}) {
  const clock = new ManualClock(MONDAY_10AM);
  const live = liveBroker({ depth: true, stream: true });
  live.setPrice(SBIN, 800);
  const stream = options.shared
    ? new SharedMarketStream({
        broker: 'fakebroker',
        adapter: live,
        clock,
        logger: noopLogger,
        reopenDelayMs: 5000,
      })
    : undefined;
  const store = new MemoryStore();
  const analyzer = await createAnalyzer({
    live,
    accountId: 'acct~analyze',
    store,
    ...(stream ? { stream } : {}),
    instruments: await MapInstrumentLookup.from(live.downloadInstruments()),
    expiresAt: MONDAY_10AM + 3_600_000,
    config: { scheduler: false },
    clock,
    logger: noopLogger,
  });
  return { clock, live, stream, store, analyzer };
}

describe('createAnalyzer', () => {
  it('fills simulated orders on the live broker’s prices, in its own paper account', async () => {
    const { live, store, analyzer } = await setup();
    const ack = await analyzer.adapter.placeOrder(tagged({ symbol: 'SBIN', action: 'BUY', quantity: 2 }));
    const [order] = await analyzer.adapter.getOrders();
    expect(order).toMatchObject({ orderId: ack.orderId, status: 'complete', filledQuantity: 2 });
    expect(order?.averagePrice).toBeCloseTo(800, 0);
    expect(depthCalls(live).length).toBeGreaterThan(0);
    expect((await store.load('acct~analyze'))?.orders).toHaveLength(1);
    await analyzer.close();
  });

  it('watches on the live login’s shared stream: the login keeps one upstream socket', async () => {
    const { live, stream, analyzer } = await setup({ shared: true });
    const feedClient = { onTick: () => {} };
    await stream?.apply(feedClient, [{ ref: SBIN, mode: 'quote' }]);
    // A resting order makes the engine watch SBIN through the analyzer's price source.
    await analyzer.adapter.placeOrder(
      tagged({ symbol: 'SBIN', action: 'BUY', quantity: 1, priceType: 'LIMIT', price: 700 }),
    );
    await analyzer.priceSource.settled();
    expect(live.marketStreams).toHaveLength(1);
    expect(subscribes(live.marketStreams[0])).toEqual([
      [['NSE:SBIN'], 'quote'],
      [['NSE:SBIN'], 'depth'],
    ]);
    await analyzer.close();
    expect(live.marketStreams[0]?.closed).toBe(false);
    await stream?.close();
  });

  it('ends with the live session that prices it', async () => {
    const { clock, analyzer } = await setup();
    await clock.set(MONDAY_10AM + 3_600_000);
    await expect(analyzer.adapter.getOrders()).rejects.toMatchObject({ code: 'SESSION_EXPIRED' });
    await analyzer.close();
  });
});
