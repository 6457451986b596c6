import { ManualClock } from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import { SimulatorRateLimits } from '../../src/simulator/rate-limit.js';

describe('SimulatorRateLimits', () => {
  it('refuses past any window at once, says how long until room, and counts only what it admits', async () => {
    const clock = new ManualClock(1_000_000);
    const limits = new SimulatorRateLimits({ orders: { perSecond: 2, perMinute: 3 } }, clock);
    expect(limits.refusal('orders')).toBe(0);
    expect(limits.refusal('orders')).toBe(0);
    expect(limits.refusal('orders')).toBe(1_000);
    await clock.advance(1_000);
    expect(limits.refusal('orders')).toBe(0);
    // The minute holds three: the next slot is a minute after the first, refusals counted nothing.
    await clock.advance(500);
    expect(limits.refusal('orders')).toBe(58_500);
    expect(limits.refusal('orders')).toBe(58_500);
    await clock.advance(58_500);
    expect(limits.refusal('orders')).toBe(0);
  });

  it('admits a request of no bucket, or of a bucket the broker publishes no limit for', () => {
    const limits = new SimulatorRateLimits({ quotes: { perSecond: 1 } }, new ManualClock(0));
    for (let i = 0; i < 5; i++) {
      expect(limits.refusal(undefined)).toBe(0);
      expect(limits.refusal('history')).toBe(0);
    }
    expect(limits.refusal('quotes')).toBe(0);
    expect(limits.refusal('quotes')).toBeGreaterThan(0);
  });
});
