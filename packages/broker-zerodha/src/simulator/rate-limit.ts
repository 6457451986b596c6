import type { Clock } from '@openalgo/core';

/** Kite's published per-second limits (docs/reference/brokers.md §1.7). */
export const KITE_LIMITS_PER_SECOND = { quote: 1, historical: 3, orders: 10, default: 10 } as const;

export type KiteLimitBucket = keyof typeof KITE_LIMITS_PER_SECOND;

/** Which bucket a request draws from. */
export function bucketOf(method: string, path: string): KiteLimitBucket {
  if (path.startsWith('/quote')) return 'quote';
  if (path.startsWith('/instruments/historical/')) return 'historical';
  if (path.startsWith('/orders/') && method !== 'GET') return 'orders';
  return 'default';
}

/**
 * Counts requests per bucket in one-second windows of the simulator clock. Kite answers the request
 * past the limit with HTTP 429 until the window turns; so does this.
 */
export class KiteRateLimiter {
  private readonly windows = new Map<KiteLimitBucket, { second: number; count: number }>();

  constructor(private readonly clock: Clock) {}

  /** True when the request is within the limit (and counts it). */
  admit(method: string, path: string): boolean {
    const bucket = bucketOf(method, path);
    const second = Math.floor(this.clock.now() / 1000);
    const window = this.windows.get(bucket);
    if (!window || window.second !== second) {
      this.windows.set(bucket, { second, count: 1 });
      return true;
    }
    if (window.count >= KITE_LIMITS_PER_SECOND[bucket]) return false;
    window.count += 1;
    return true;
  }
}
