import { describe, expect, it } from 'vitest';
import { isOpenAlgoError, type OpenAlgoError } from '../../src/errors/index.js';
import { TokenBucketLimiter } from '../../src/http/rate-limiter.js';
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

describe('TokenBucketLimiter', () => {
  it('lets a full bucket through without waiting, then makes the next caller wait for the refill', async () => {
    const clock = new ManualClock();
    const limiter = new TokenBucketLimiter({ orders: { perSecond: 2 } }, { clock, maxWaitMs: 1000 });
    expect(limiter.reserve(['orders'])).toBe(0);
    expect(limiter.reserve(['orders'])).toBe(0);
    const third = track(limiter.acquire(['orders']));
    await flushMicrotasks();
    expect(clock.pendingSleeps).toBe(1);
    await clock.advance(499);
    expect(third.done()).toBe(false);
    await clock.advance(1);
    expect(third.done()).toBe(true);
  });

  it('fails at once, without sleeping, when the wait would exceed the bound', async () => {
    const clock = new ManualClock();
    const limiter = new TokenBucketLimiter(
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
    // The refused call reserved nothing: one second later exactly one token is back.
    await clock.advance(1000);
    expect(limiter.reserve(['quotes'])).toBe(0);
    expect(caught(() => limiter.reserve(['quotes'])).code).toBe('RATE_LIMITED');
  });

  it('does not consume from one bucket when another refuses (all or nothing)', async () => {
    const clock = new ManualClock();
    const limiter = new TokenBucketLimiter(
      { global: { perSecond: 10 }, orders: { perSecond: 1 } },
      { clock, maxWaitMs: 0 },
    );
    expect(limiter.reserve(['global', 'orders'])).toBe(0);
    // orders is empty, so these all fail; global must not lose a token for each of them.
    for (let i = 0; i < 5; i++)
      expect(caught(() => limiter.reserve(['global', 'orders'])).code).toBe('RATE_LIMITED');
    for (let i = 0; i < 9; i++) expect(limiter.reserve(['global'])).toBe(0);
    expect(caught(() => limiter.reserve(['global'])).code).toBe('RATE_LIMITED');
  });

  it('enforces every window of a bucket (per-minute after per-second)', async () => {
    const clock = new ManualClock();
    const limiter = new TokenBucketLimiter({ hist: { perSecond: 3, perMinute: 4 } }, { clock, maxWaitMs: 0 });
    for (let i = 0; i < 3; i++) expect(limiter.reserve(['hist'])).toBe(0);
    await clock.advance(1000);
    expect(limiter.reserve(['hist'])).toBe(0);
    // Per-second has refilled, per-minute is spent: the next token comes 15 s (60 s / 4) later.
    const err = caught(() => limiter.reserve(['hist']));
    expect(err.retryAfterMs).toBeGreaterThan(10_000);
    expect(err.retryAfterMs).toBeLessThanOrEqual(15_000);
  });

  it('serves waiters first come, first served; a later caller cannot take a token an earlier one waits for', async () => {
    const clock = new ManualClock();
    const limiter = new TokenBucketLimiter({ orders: { perSecond: 1 } }, { clock, maxWaitMs: 5000 });
    await limiter.acquire(['orders']);
    const first = track(limiter.acquire(['orders']));
    await clock.advance(500);
    const second = track(limiter.acquire(['orders']));
    await flushMicrotasks();
    expect(clock.pendingSleeps).toBe(2);
    await clock.advance(500); // t = 1000: the first waiter's token
    expect(first.done()).toBe(true);
    expect(second.done()).toBe(false);
    // A newcomer now must queue behind the second waiter, not grab the token refilling for it.
    expect(limiter.reserve(['orders'])).toBe(2000);
    await clock.advance(999);
    expect(second.done()).toBe(false);
    await clock.advance(1);
    expect(second.done()).toBe(true);
  });

  it('gives the token back when a waiter is aborted', async () => {
    const clock = new ManualClock();
    const limiter = new TokenBucketLimiter({ orders: { perSecond: 1 } }, { clock, maxWaitMs: 2000 });
    await limiter.acquire(['orders']);
    const controller = new AbortController();
    const waiter = track(limiter.acquire(['orders'], controller.signal));
    await flushMicrotasks();
    controller.abort(new Error('gave up'));
    await flushMicrotasks();
    expect((waiter.error() as Error).message).toBe('gave up');
    await clock.advance(1000);
    expect(limiter.reserve(['orders'])).toBe(0);
  });

  it('throws a clear programming error for an unknown bucket, touching no bucket', () => {
    const limiter = new TokenBucketLimiter({ orders: { perSecond: 1 } }, { clock: new ManualClock() });
    expect(() => limiter.reserve(['orders', 'order'])).toThrow(/unknown rate-limit bucket "order".*orders/);
    expect(limiter.reserve(['orders'])).toBe(0);
  });

  it('rejects invalid specs', () => {
    expect(() => new TokenBucketLimiter({ x: {} })).toThrow(/declares no window/);
    expect(() => new TokenBucketLimiter({ x: { perSecond: 0 } })).toThrow(/positive/);
  });
});
