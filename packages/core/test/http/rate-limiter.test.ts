import { describe, expect, it } from 'vitest';
import { isOpenAlgoError, type OpenAlgoError } from '../../src/errors/index.js';
import { SlidingWindowLimiter } from '../../src/http/rate-limiter.js';
import { flushMicrotasks, ManualClock } from '../../src/time/clock.js';

function track(promise: Promise<void>): { done: () => boolean; error: () => unknown } {
  let done = false;
  let error: unknown;
  promise.then(
    () => {
      done = true;
    },
    (err: unknown) => {
      error = err;
    },
  );
  return { done: () => done, error: () => error };
}

function caught(fn: () => unknown): OpenAlgoError {
  try {
    fn();
  } catch (err) {
    if (isOpenAlgoError(err)) return err;
    throw err;
  }
  throw new Error('expected a throw');
}

const wait = (limiter: SlidingWindowLimiter, names: string[]) => limiter.reserve(names).waitMs;

describe('SlidingWindowLimiter', () => {
  it('lets N through at once, then the next waits until the first send leaves the window', async () => {
    const clock = new ManualClock();
    const limiter = new SlidingWindowLimiter({ orders: { perSecond: 2 } }, { clock, maxWaitMs: 1000 });
    expect(wait(limiter, ['orders'])).toBe(0);
    await clock.advance(300);
    expect(wait(limiter, ['orders'])).toBe(0);
    const third = track(limiter.acquire(['orders']));
    await flushMicrotasks();
    expect(clock.pendingSleeps).toBe(1);
    await clock.advance(699);
    expect(third.done()).toBe(false);
    await clock.advance(1); // t = 1000: the send at t = 0 is a full second back
    expect(third.done()).toBe(true);
  });

  it('never lets 2N through across a window boundary, as a token bucket would', async () => {
    const clock = new ManualClock();
    const limiter = new SlidingWindowLimiter({ orders: { perMinute: 200 } }, { clock, maxWaitMs: 0 });
    await clock.advance(59_000);
    for (let i = 0; i < 200; i++) expect(wait(limiter, ['orders'])).toBe(0);
    await clock.advance(2_000); // a token bucket would have refilled ~7 and a fixed window all 200
    expect(caught(() => limiter.reserve(['orders'])).retryAfterMs).toBe(58_000);
  });

  it('fails at once, without sleeping, when the wait would exceed the bound', async () => {
    const clock = new ManualClock();
    const limiter = new SlidingWindowLimiter(
      { quotes: { perSecond: 1 } },
      { clock, maxWaitMs: 300, broker: 'kite' },
    );
    await limiter.acquire(['quotes']);
    const err = caught(() => limiter.reserve(['quotes']));
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.retryAfterMs).toBe(1000);
    expect(err.mayHaveReachedBroker).toBe(false);
    expect(err.broker).toBe('kite');
    expect(err.message).toContain('quotes');
    expect(clock.pendingSleeps).toBe(0);
    // The refused call reserved nothing: one second later exactly one slot is free.
    await clock.advance(1000);
    expect(wait(limiter, ['quotes'])).toBe(0);
    expect(caught(() => limiter.reserve(['quotes'])).code).toBe('RATE_LIMITED');
  });

  it('does not consume from one bucket when another refuses (all or nothing)', () => {
    const clock = new ManualClock();
    const limiter = new SlidingWindowLimiter(
      { global: { perSecond: 10 }, orders: { perSecond: 1 } },
      { clock, maxWaitMs: 0 },
    );
    expect(wait(limiter, ['global', 'orders'])).toBe(0);
    for (let i = 0; i < 5; i++)
      expect(caught(() => limiter.reserve(['global', 'orders'])).code).toBe('RATE_LIMITED');
    for (let i = 0; i < 9; i++) expect(wait(limiter, ['global'])).toBe(0);
    expect(caught(() => limiter.reserve(['global'])).code).toBe('RATE_LIMITED');
  });

  it('enforces every window of a bucket (per-minute after per-second)', async () => {
    const clock = new ManualClock();
    const limiter = new SlidingWindowLimiter(
      { hist: { perSecond: 3, perMinute: 4 } },
      { clock, maxWaitMs: 0 },
    );
    for (let i = 0; i < 3; i++) expect(wait(limiter, ['hist'])).toBe(0);
    await clock.advance(1000);
    expect(wait(limiter, ['hist'])).toBe(0);
    // Per-second is free again, per-minute holds 4: the next slot is when t = 0 is a minute back.
    expect(caught(() => limiter.reserve(['hist'])).retryAfterMs).toBe(59_000);
  });

  it('serves waiters first come, first served; a later caller cannot take an earlier waiter’s slot', async () => {
    const clock = new ManualClock();
    const limiter = new SlidingWindowLimiter({ orders: { perSecond: 1 } }, { clock, maxWaitMs: 5000 });
    await limiter.acquire(['orders']);
    const first = track(limiter.acquire(['orders']));
    await clock.advance(500);
    const second = track(limiter.acquire(['orders']));
    await flushMicrotasks();
    expect(clock.pendingSleeps).toBe(2);
    await clock.advance(500); // t = 1000: the first waiter's slot
    expect(first.done()).toBe(true);
    expect(second.done()).toBe(false);
    expect(wait(limiter, ['orders'])).toBe(2000); // behind the second waiter (t = 2000): t = 3000
    await clock.advance(999);
    expect(second.done()).toBe(false);
    await clock.advance(1);
    expect(second.done()).toBe(true);
  });

  it('a multi-bucket caller queues behind slots already handed out in any of its buckets', () => {
    const clock = new ManualClock();
    const limiter = new SlidingWindowLimiter(
      { a: { perSecond: 1 }, b: { perSecond: 5 } },
      { clock, maxWaitMs: 5000 },
    );
    expect(wait(limiter, ['a', 'b'])).toBe(0);
    expect(wait(limiter, ['a', 'b'])).toBe(1000);
    // b alone has room now, but a caller naming a and b cannot jump a's queue.
    expect(wait(limiter, ['b'])).toBe(1000);
    expect(wait(limiter, ['a', 'b'])).toBe(2000);
  });

  it('gives the slot back when a waiter is aborted', async () => {
    const clock = new ManualClock();
    const limiter = new SlidingWindowLimiter({ orders: { perSecond: 1 } }, { clock, maxWaitMs: 2000 });
    await limiter.acquire(['orders']);
    const controller = new AbortController();
    const waiter = track(limiter.acquire(['orders'], controller.signal));
    await flushMicrotasks();
    controller.abort(new Error('gave up'));
    await flushMicrotasks();
    expect((waiter.error() as Error).message).toBe('gave up');
    expect(limiter.sendTimes().orders).toEqual([clock.now()]);
    await clock.advance(1000);
    expect(wait(limiter, ['orders'])).toBe(0);
  });

  it('refund removes exactly the refunded slot, not a later waiter’s', () => {
    const clock = new ManualClock();
    const t0 = clock.now();
    const limiter = new SlidingWindowLimiter({ orders: { perSecond: 1 } }, { clock, maxWaitMs: 5000 });
    limiter.reserve(['orders']);
    const first = limiter.reserve(['orders']);
    const second = limiter.reserve(['orders']);
    expect(second.sendAt).toBe(t0 + 2000);
    limiter.refund(['orders'], first);
    expect(limiter.sendTimes().orders).toEqual([t0, t0 + 2000]);
  });

  it('snapshots recent send times and a new limiter seeded with them continues the windows', async () => {
    const clock = new ManualClock();
    const specs = { orders: { perSecond: 10, perMinute: 200 }, quotes: { perSecond: 1 } };
    const limiter = new SlidingWindowLimiter(specs, { clock, maxWaitMs: 0 });
    for (let i = 0; i < 200; i++) {
      limiter.reserve(['orders']);
      if (i % 10 === 9) await clock.advance(1000);
    }
    limiter.reserve(['quotes']);
    await clock.advance(5000);
    const snapshot = limiter.sendTimes();
    expect(snapshot.orders).toHaveLength(200);
    expect(snapshot.quotes).toBeUndefined(); // older than its longest window: nothing to keep
    const restored = new SlidingWindowLimiter(specs, {
      clock,
      maxWaitMs: 0,
      sendTimes: { ...snapshot, gone: [clock.now()] },
    });
    const err = caught(() => restored.reserve(['orders']));
    // The first send (t = 0) leaves the minute at t = 60 000; we are at t = 25 000.
    expect(err.retryAfterMs).toBe(35_000);
    expect(restored.sendTimes()).toEqual(snapshot);
  });

  it('makes fractional limits exact conservatively', () => {
    const clock = new ManualClock();
    const limiter = new SlidingWindowLimiter(
      { half: { perSecond: 0.5 }, twoish: { perSecond: 2.5 } },
      { clock, maxWaitMs: 10_000 },
    );
    expect(wait(limiter, ['half'])).toBe(0);
    expect(wait(limiter, ['half'])).toBe(2000);
    expect(wait(limiter, ['twoish'])).toBe(0);
    expect(wait(limiter, ['twoish'])).toBe(0);
    expect(wait(limiter, ['twoish'])).toBe(1000);
  });

  it('throws a clear programming error for an unknown bucket, touching no bucket', () => {
    const limiter = new SlidingWindowLimiter({ orders: { perSecond: 1 } }, { clock: new ManualClock() });
    expect(() => limiter.reserve(['orders', 'order'])).toThrow(/unknown rate-limit bucket "order".*orders/);
    expect(wait(limiter, ['orders'])).toBe(0);
  });

  it('rejects invalid specs', () => {
    expect(() => new SlidingWindowLimiter({ x: {} })).toThrow(/declares no window/);
    expect(() => new SlidingWindowLimiter({ x: { perSecond: 0 } })).toThrow(/positive/);
  });
});
