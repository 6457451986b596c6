import type { Clock } from '@openalgo/core';
import type { Endpoint, RateClass } from './endpoint.js';

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

/** What one request draws: a rate class and how many of its tokens. */
export interface RequestCost {
  rateClass: RateClass;
  tokens: number;
}

function ceilDiv(a: unknown, b: unknown): number {
  return typeof a === 'number' && typeof b === 'number' && b > 0 ? Math.ceil(a / b) : 1;
}

/**
 * Requests that place several orders draw one order token per leg (basket legs, split children),
 * so a key cannot beat its order budget by batching. Read from the validated input, as the route
 * will place them.
 */
const LEGS: Readonly<Record<string, (input: Record<string, unknown>) => number>> = {
  '/basketorder': (input) => (Array.isArray(input.orders) ? input.orders.length : 1),
  '/splitorder': (input) => ceilDiv(input.quantity, input.splitSize),
  // splitsize 0 (no split) is one order: ceilDiv answers 1 for a zero divisor.
  '/optionsorder': (input) => ceilDiv(input.quantity, input.splitSize),
  '/optionsmultiorder': (input) =>
    Array.isArray(input.legs)
      ? input.legs.reduce(
          (sum: number, leg: Record<string, unknown>) => sum + ceilDiv(leg.quantity, leg.splitSize),
          0,
        )
      : 1,
};

export function requestCost(endpoint: Pick<Endpoint, 'path' | 'rateClass'>, input: unknown): RequestCost {
  const legs = LEGS[endpoint.path];
  if (legs === undefined || typeof input !== 'object' || input === null) {
    return { rateClass: endpoint.rateClass, tokens: 1 };
  }
  return { rateClass: 'orders', tokens: Math.max(1, legs(input as Record<string, unknown>)) };
}

/**
 * Per-API-key token buckets, one per rate class, refilled continuously (`limit` tokens per second,
 * never more than `limit` stored). A request of N legs is admitted as a whole or refused as a whole
 * (never half-placed): it needs min(N, limit) tokens on hand — a full bucket when N is larger — and
 * takes all N, leaving the bucket in debt, so the key's next orders wait until N legs' worth of
 * time has passed. Stricter than OpenAlgo's per-IP limits: clients behind one NAT do
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

  /** Takes what the request costs (`requestCost`); 0 when allowed, else the ms until it would be. */
  takeFor(keyHash: string, endpoint: Pick<Endpoint, 'path' | 'rateClass'>, input: unknown): number {
    const cost = requestCost(endpoint, input);
    return this.take(keyHash, cost.rateClass, cost.tokens);
  }

  /** Takes `tokens` (default one); returns 0 when allowed, else the milliseconds until it would be. */
  take(keyHash: string, rateClass: RateClass, tokens = 1): number {
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
    const needed = Math.min(tokens, limit);
    if (bucket.tokens >= needed) {
      bucket.tokens -= tokens;
      return 0;
    }
    return Math.ceil(((needed - bucket.tokens) * 1000) / limit);
  }

  private sweep(now: number): void {
    for (const [id, bucket] of this.buckets) {
      const limit = id.startsWith('o:') ? this.settings.ordersPerSecond : this.settings.otherPerSecond;
      if (bucket.tokens + ((now - bucket.updatedAt) * limit) / 1000 >= limit) this.buckets.delete(id);
    }
  }
}
