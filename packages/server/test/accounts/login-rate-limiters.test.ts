import { ManualClock, noopLogger, SlidingWindowLimiter } from '@openalgo/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LoginRateLimiters, RATE_WINDOW_FLUSH_MS } from '../../src/accounts/login-rate-limiters.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { tempDir } from '../helpers/tmp.js';

const KITE = { orders: { perSecond: 10, perMinute: 200 }, default: { perSecond: 10 } };

let dir: string;
let cleanup: () => void;
let clock: ManualClock;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  clock = new ManualClock();
});
afterEach(() => cleanup());

function open(store: SqliteStore) {
  return new LoginRateLimiters({ store: store.rateWindows, clock, logger: noopLogger, maxWaitMs: 0 });
}

/** Sends `count` orders, ten a second. */
async function sendOrders(limiter: SlidingWindowLimiter, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    limiter.reserve(['orders']);
    if (i % 10 === 9) await clock.advance(1000);
  }
}

describe('LoginRateLimiters', () => {
  it('gives one limiter per broker login, the same one again after a re-login', () => {
    const store = SqliteStore.openDataDir(dir);
    const limiters = open(store);
    const first = limiters.limiterFor('zerodha', 'ZS1234', KITE);
    expect(first).toBeInstanceOf(SlidingWindowLimiter);
    expect(limiters.limiterFor('zerodha', 'ZS1234', KITE)).toBe(first);
    expect(limiters.limiterFor('zerodha', 'ZS9999', KITE)).not.toBe(first);
    expect(limiters.limiterFor('fyers', 'ZS1234', { rest: { perSecond: 10 } })).not.toBe(first);
    // A broker that declares no limits (the sandbox) gets none.
    expect(limiters.limiterFor('sandbox', 'SANDBOX', {})).toBeUndefined();
    expect(limiters.limiterFor('x', 'y', undefined)).toBeUndefined();
    store.close();
  });

  it('writes send times behind on the clock and a restart continues the windows', async () => {
    let store = SqliteStore.openDataDir(dir);
    let limiters = open(store);
    const limiter = limiters.limiterFor('zerodha', 'ZS1234', KITE) as SlidingWindowLimiter;
    limiter.reserve(['orders']);
    expect(store.rateWindows.load('zerodha', 'ZS1234')).toBeUndefined(); // not on the request path
    await clock.advance(RATE_WINDOW_FLUSH_MS);
    expect(store.rateWindows.load('zerodha', 'ZS1234')?.orders).toEqual([clock.now() - RATE_WINDOW_FLUSH_MS]);
    await sendOrders(limiter, 199); // 1 + 199 orders: the minute is full
    await limiters.close(); // flushes what the interval has not written yet
    store.close();

    // Restart: a new process, the same data dir.
    store = SqliteStore.openDataDir(dir);
    limiters = open(store);
    const restored = limiters.limiterFor('zerodha', 'ZS1234', KITE) as SlidingWindowLimiter;
    expect(restored.sendTimes()).toEqual(limiter.sendTimes());
    expect(() => restored.reserve(['orders'])).toThrow(/local rate limit "orders"/);
    // Another login's windows are its own.
    expect(limiters.limiterFor('zerodha', 'ZS9999', KITE)?.reserve(['orders']).waitMs).toBe(0);
    await limiters.close();
    store.close();
  });

  it('writes nothing when no window moved, and drops a login whose sends all left their windows', async () => {
    const store = SqliteStore.openDataDir(dir);
    const limiters = open(store);
    const limiter = limiters.limiterFor('zerodha', 'ZS1234', KITE) as SlidingWindowLimiter;
    limiter.reserve(['default']);
    limiters.flush();
    expect(store.rateWindows.load('zerodha', 'ZS1234')).toEqual({ default: [clock.now()] });
    await clock.advance(2_000);
    limiter.reserve(['default']);
    await clock.advance(2_000);
    limiters.flush();
    await clock.advance(2_000);
    limiter.refund(['default'], { waitMs: 0, sendAt: 0 }); // moves the revision, removes nothing
    limiters.flush(); // every send is now older than its one-second window
    expect(store.rateWindows.load('zerodha', 'ZS1234')).toBeUndefined();
    await limiters.close();
    store.close();
  });
});
