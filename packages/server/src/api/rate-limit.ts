import type { Clock } from '@openalgo/core';
import type { RateClass } from './endpoint.js';

export interface RateLimitSettings {
  /** placeorder, placesmartorder, modifyorder, cancelorder (OpenAlgo's ORDER/SMART_ORDER limits). */
  ordersPerSecond: number;
  /** Every other endpoint (OpenAlgo's API_RATE_LIMIT). */
  otherPerSecond: number;
}

export const DEFAULT_RATE_LIMITS: Readonly<RateLimitSettings> = Object.freeze({
  ordersPerSecond: 10,
  otherPerSecond: 50,
});

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Buckets that have refilled completely carry no information; past this many they are swept. */
const SWEEP_THRESHOLD = 10_000;

/**
 * Per-API-key token buckets, one per rate class, refilled continuously (`limit` tokens per second,
 * never more than `limit` stored). Stricter than OpenAlgo's per-IP limits: clients behind one NAT do
 * not share a budget and one key cannot spread over many addresses. Keys are identified by a hash
 * the caller computes, so no API key is held in this map.
 */
export class KeyRateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly settings: RateLimitSettings,
    private readonly clock: Clock,
  ) {
    for (const [name, limit] of Object.entries(settings)) {
      if (!(typeof limit === 'number' && limit > 0 && Number.isFinite(limit))) {
        throw new RangeError(`rateLimits.${name} must be a positive number, got ${String(limit)}`);
      }
    }
  }

  /** Takes one token; returns 0 when allowed, else the milliseconds until a token will be there. */
  take(keyHash: string, rateClass: RateClass): number {
    const limit = rateClass === 'orders' ? this.settings.ordersPerSecond : this.settings.otherPerSecond;
    const now = this.clock.now();
    const id = rateClass === 'orders' ? `o:${keyHash}` : `a:${keyHash}`;
    let bucket = this.buckets.get(id);
    if (bucket === undefined) {
      if (this.buckets.size >= SWEEP_THRESHOLD) this.sweep(now);
      bucket = { tokens: limit, updatedAt: now };
      this.buckets.set(id, bucket);
    } else if (now > bucket.updatedAt) {
      bucket.tokens = Math.min(limit, bucket.tokens + ((now - bucket.updatedAt) * limit) / 1000);
      bucket.updatedAt = now;
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) * 1000) / limit);
  }

  private sweep(now: number): void {
    for (const [id, bucket] of this.buckets) {
      const limit = id.startsWith('o:') ? this.settings.ordersPerSecond : this.settings.otherPerSecond;
      if (bucket.tokens + ((now - bucket.updatedAt) * limit) / 1000 >= limit) this.buckets.delete(id);
    }
  }
}
