import { ManualClock } from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import { KeyRateLimiter, requestCost } from '../../src/api/rate-limit.js';

const BASKET = { path: '/basketorder' as const, rateClass: 'other' as const };
const SPLIT = { path: '/splitorder' as const, rateClass: 'other' as const };
const PLACE = { path: '/placeorder' as const, rateClass: 'orders' as const };
const legs = (n: number) => ({ orders: Array.from({ length: n }, () => ({})) });

describe('per-key limits count legs', () => {
  it('a basket of N legs and a split into N children cost N order tokens', () => {
    expect(requestCost(BASKET, legs(7))).toEqual({ rateClass: 'orders', tokens: 7 });
    expect(requestCost(SPLIT, { quantity: 105, splitSize: 50 })).toEqual({ rateClass: 'orders', tokens: 3 });
    expect(requestCost(PLACE, { quantity: 5 })).toEqual({ rateClass: 'orders', tokens: 1 });
    expect(requestCost({ path: '/funds' as const, rateClass: 'other' as const }, {})).toEqual({
      rateClass: 'other',
      tokens: 1,
    });
  });

  it('a basket within the budget is admitted whole and spends one token per leg', () => {
    const clock = new ManualClock();
    const limiter = new KeyRateLimiter({ ordersPerSecond: 10, otherPerSecond: 50 }, clock);
    expect(limiter.takeFor('k', BASKET, legs(7))).toBe(0);
    for (let i = 0; i < 3; i++) expect(limiter.takeFor('k', PLACE, {})).toBe(0);
    expect(limiter.takeFor('k', PLACE, {})).toBe(100); // 7 legs + 3 orders = the second's 10
    expect(limiter.takeFor('k', BASKET, legs(2))).toBe(200); // refused whole: no leg is placed
  });

  it('a basket larger than the budget needs a full bucket, then holds the key back for its legs', async () => {
    const clock = new ManualClock();
    const limiter = new KeyRateLimiter({ ordersPerSecond: 10, otherPerSecond: 50 }, clock);
    expect(limiter.takeFor('k', PLACE, {})).toBe(0);
    expect(limiter.takeFor('k', BASKET, legs(250))).toBe(100); // wait for the bucket to be full again
    await clock.advance(100);
    expect(limiter.takeFor('k', BASKET, legs(250))).toBe(0);
    // 250 legs against a budget of 10 a second: 240 tokens of debt plus the one the order needs.
    expect(limiter.takeFor('k', PLACE, {})).toBe(24_100);
    await clock.advance(24_100);
    expect(limiter.takeFor('k', PLACE, {})).toBe(0);
    // Another key is not held back, and other endpoints keep their own budget.
    expect(limiter.takeFor('other-key', PLACE, {})).toBe(0);
    expect(limiter.takeFor('k', { path: '/funds' as const, rateClass: 'other' as const }, {})).toBe(0);
  });
});
