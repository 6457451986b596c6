import { describe, expect, it } from 'vitest';
import type { RateLimitSpec } from '../../src/contract/manifest.js';
import { SlidingWindowLimiter } from '../../src/http/rate-limiter.js';
import { DEFAULT_BULK_PACING_MS } from '../../src/http/rate-pacing.js';
import type { OrderAck, TaggedOrderRequest } from '../../src/model/order.js';
import { FakeAdapter, orderRequest, RecordingLogger } from '../../src/testing/index.js';
import { ManualClock } from '../../src/time/clock.js';
import { PACING_LOG_INTERVAL_MS } from '../../src/trading/bulk-pacing.js';
import { TradingService } from '../../src/trading/trading-service.js';
import { settle } from './helpers.js';

/** A fake broker whose order writes take a slot from a real limiter with a zero per-call bound. */
class WindowedAdapter extends FakeAdapter {
  readonly sends: Array<{ at: number; what: string }> = [];
  constructor(
    clock: ManualClock,
    readonly limiter: SlidingWindowLimiter,
  ) {
    super({ clock });
  }
  override async placeOrder(request: TaggedOrderRequest): Promise<OrderAck> {
    await this.limiter.acquire(['orders']);
    this.sends.push({ at: this.clock.now(), what: `place ${request.symbol}` });
    return super.placeOrder(request);
  }
  override async cancelOrder(orderId: string): Promise<OrderAck> {
    await this.limiter.acquire(['orders']);
    this.sends.push({ at: this.clock.now(), what: `cancel ${orderId}` });
    return super.cancelOrder(orderId);
  }
}

function setup(orders: RateLimitSpec) {
  const clock = new ManualClock();
  const limiter = new SlidingWindowLimiter({ orders }, { clock, maxWaitMs: 0 });
  const adapter = new WindowedAdapter(clock, limiter);
  const logger = new RecordingLogger();
  const service = new TradingService({ adapter, clock, logger });
  const t0 = clock.now();
  /** Moves the clock a second at a time until the operation settles. */
  async function drive<T>(promise: Promise<T>): Promise<T> {
    let done = false;
    const settled = promise.finally(() => {
      done = true;
    });
    await settle();
    while (!done) await clock.advance(1000);
    return settled;
  }
  const offsets = () => adapter.sends.map((s) => s.at - t0);
  const pacingLines = () => logger.records.filter((r) => r.msg === 'pacing inside the broker rate window');
  return { clock, adapter, limiter, service, drive, offsets, pacingLines };
}

const seedOpen = (adapter: FakeAdapter, n: number) =>
  Array.from(
    { length: n },
    (_, i) =>
      adapter.seedOrder(orderRequest({ priceType: 'LIMIT', price: 800, clientOrderId: `open${i}` }), 'open')
        .orderId,
  );

describe('bulk operations pace inside the rate windows', () => {
  it('cancel-all over 15 orders at 10/s cancels all 15, ten now and five a second later, in order', async () => {
    const { adapter, service, drive, offsets, pacingLines } = setup({ perSecond: 10 });
    const ids = seedOpen(adapter, 15);
    const result = await drive(service.cancelAllOrders());
    expect(result).toEqual({ cancelled: ids, failed: [] });
    expect(adapter.sends.map((s) => s.what)).toEqual(ids.map((id) => `cancel ${id}`));
    expect(offsets()).toEqual([...Array(10).fill(0), ...Array(5).fill(1000)]);
    expect(pacingLines()).toHaveLength(1);
    expect(pacingLines()[0]?.obj).toMatchObject({ operation: 'cancel-all', completed: 10, total: 15 });
  });

  it('the same cancels outside a bulk operation fail at the per-call bound', async () => {
    const { adapter, limiter } = setup({ perSecond: 10 });
    const ids = seedOpen(adapter, 11);
    for (const id of ids.slice(0, 10)) await adapter.cancelOrder(id);
    await expect(adapter.cancelOrder(ids[10] as string)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect(limiter.sendTimes().orders).toHaveLength(10);
  });

  it('gives up past the total budget: the rest fail RATE_LIMITED without reaching the broker', async () => {
    const { adapter, service, drive, offsets, pacingLines } = setup({ perMinute: 1 });
    const ids = seedOpen(adapter, 5);
    const result = await drive(service.cancelAllOrders());
    // Slots at 0, 60, 120, 180 s; the fifth would be at 240 s, past the 180 s budget.
    expect(DEFAULT_BULK_PACING_MS).toBe(180_000);
    expect(result.cancelled).toEqual(ids.slice(0, 4));
    expect(result.failed.map((f) => [f.orderId, f.error.code])).toEqual([[ids[4], 'RATE_LIMITED']]);
    expect(offsets()).toEqual([0, 60_000, 120_000, 180_000]);
    // One progress line per pacing wait here (each is more than the log interval apart).
    expect(pacingLines().length).toBe(3);
    expect(PACING_LOG_INTERVAL_MS).toBeLessThan(60_000);
  });

  it('a 25-leg basket at 10/s places every leg, BUY legs before SELL legs, never 11 in a second', async () => {
    const { adapter, service, drive, offsets } = setup({ perSecond: 10 });
    const legs = Array.from({ length: 25 }, (_, i) =>
      orderRequest({ symbol: `SYM${i}`, action: i % 5 === 0 ? 'SELL' : 'BUY' }),
    );
    const result = await drive(service.placeBasket(legs));
    expect(result.status).toBe('success');
    expect(result.results.map((r) => r.status)).toEqual(Array(25).fill('success'));
    const sent = adapter.sends.map((s) => s.what);
    const buys = legs.filter((l) => l.action === 'BUY').map((l) => `place ${l.symbol}`);
    const sells = legs.filter((l) => l.action === 'SELL').map((l) => `place ${l.symbol}`);
    expect(sent).toEqual([...buys, ...sells]);
    expect(offsets()).toEqual([...Array(10).fill(0), ...Array(10).fill(1000), ...Array(5).fill(2000)]);
  });

  it('a 30-child split at 10/s places every child, one after another', async () => {
    const { service, drive, offsets } = setup({ perSecond: 10 });
    const result = await drive(service.placeSplit({ ...orderRequest({ quantity: 30 }), splitSize: 1 }));
    expect(result.results.map((r) => r.status)).toEqual(Array(30).fill('success'));
    expect(offsets()).toEqual([...Array(10).fill(0), ...Array(10).fill(1000), ...Array(10).fill(2000)]);
  });

  it('close-all paces its square-offs', async () => {
    const { adapter, service, drive, offsets } = setup({ perSecond: 2 });
    for (const symbol of ['SBIN', 'INFY', 'TCS', 'RELIANCE', 'ITC']) {
      adapter.seedPosition({ symbol, exchange: 'NSE', product: 'MIS', quantity: 5, averagePrice: 100 });
    }
    const result = await drive(service.closeAllPositions());
    expect(result.status).toBe('success');
    expect(offsets()).toEqual([0, 0, 1000, 1000, 2000]);
  });
});
