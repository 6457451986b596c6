import { describe, expect, it } from 'vitest';
import type { RateLimitSpec } from '../../src/contract/manifest.js';
import { isOpenAlgoError } from '../../src/errors/index.js';
import { SlidingWindowLimiter } from '../../src/http/rate-limiter.js';
import { busiestWindow, seededRandom } from '../../src/testing/property.js';

const WINDOW_MS = { perSecond: 1_000, perMinute: 60_000 } as const;

describe('SlidingWindowLimiter, random arrivals', () => {
  const SPECS: Record<string, RateLimitSpec> = {
    orders: { perSecond: 10, perMinute: 200 },
    quotes: { perSecond: 3, perMinute: 40 },
  };

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('seed %i: no window ever holds more than its limit', (seed) => {
    const random = seededRandom(seed);
    const start = Date.UTC(2026, 0, 5, 4, 0, 0);
    let now = start;
    // reserve() never sleeps, so a clock that only tells the time is enough.
    const clock = { now: () => now, sleep: () => Promise.resolve() };
    const maxWaitMs = Math.floor(random() * 5_000);
    const limiter = new SlidingWindowLimiter(SPECS, { clock, maxWaitMs });
    const sends: Record<string, number[]> = { orders: [], quotes: [] };
    let refused = 0;
    const lastSlot: Record<string, number> = { orders: 0, quotes: 0 };
    for (let i = 0; i < 3_000; i++) {
      // Bursts (many arrivals in one ms) mixed with gaps of up to a few seconds.
      if (random() < 0.3) now += Math.floor(random() ** 3 * 4_000);
      const names = random() < 0.6 ? ['orders'] : random() < 0.5 ? ['quotes'] : ['orders', 'quotes'];
      try {
        const reservation = limiter.reserve(names);
        expect(reservation.waitMs).toBeLessThanOrEqual(maxWaitMs);
        if (random() < 0.05 && reservation.waitMs > 0) {
          limiter.refund(names, reservation);
          continue; // the caller gave up: a later caller may take the slot back
        }
        for (const name of names) {
          // FIFO: within a bucket, slots are handed out in arrival order.
          expect(reservation.sendAt).toBeGreaterThanOrEqual(lastSlot[name] as number);
          lastSlot[name] = reservation.sendAt;
        }
        for (const name of names) sends[name]?.push(reservation.sendAt);
      } catch (error) {
        if (!isOpenAlgoError(error) || error.code !== 'RATE_LIMITED') throw error;
        refused++;
      }
    }
    for (const [name, spec] of Object.entries(SPECS)) {
      const times = (sends[name] as number[]).sort((a, b) => a - b);
      for (const [label, windowMs] of Object.entries(WINDOW_MS)) {
        const limit = spec[label as keyof RateLimitSpec] as number;
        expect(busiestWindow(times, windowMs), `${name}.${label}`).toBeLessThanOrEqual(limit);
      }
    }
    // The generator really pushed against the limits (the property is not vacuous).
    expect(refused).toBeGreaterThan(0);
    expect(sends.orders?.length).toBeGreaterThan(200);
  });
});
