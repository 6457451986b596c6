import type { Clock } from '@openalgo/core';
import { SimulatorRateLimits } from '@openalgo/testkit/simulator';
import { KITE_RATE_LIMITS, type KiteRateBucket } from '../manifest.js';

/**
 * Kite's published limits (docs/reference/brokers.md §1.7), every window of them: quotes 1/s,
 * historical 3/s, order place/modify/cancel 10/s and 200/min, everything else 10/s. One home with
 * the adapter's declaration (the manifest), so the two cannot drift apart. The daily order cap is not
 * here: its number is unverified (sources say 3000 or 5000).
 */
export const KITE_SIMULATOR_LIMITS = KITE_RATE_LIMITS;

/** Which bucket a request draws from. */
export function bucketOf(method: string, path: string): KiteRateBucket {
  if (path.startsWith('/quote')) return 'quotes';
  if (path.startsWith('/instruments/historical/')) return 'historical';
  if (path.startsWith('/orders/') && method !== 'GET') return 'orders';
  return 'default';
}

/**
 * Kite's limits on the simulator clock, counted in sliding windows (at most N in any second, any
 * minute): the request past a limit is answered with HTTP 429 until the window has room again.
 */
export class KiteRateLimiter {
  private readonly limits: SimulatorRateLimits;

  constructor(clock: Clock) {
    this.limits = new SimulatorRateLimits(KITE_SIMULATOR_LIMITS, clock);
  }

  /** True when the request is within every window of its bucket (and counts it). */
  admit(method: string, path: string): boolean {
    return this.limits.refusal(bucketOf(method, path)) === 0;
  }
}
