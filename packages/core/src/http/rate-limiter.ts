import type { RateLimitSpec } from '../contract/manifest.js';
import { RateLimitedError } from '../errors/openalgo-error.js';
import { type Clock, systemClock } from '../time/clock.js';

/**
 * Declared rate limits (docs/architecture.md §4): named buckets, each with per-second / per-minute / per-hour / per-day
 * windows. Every window is a token bucket holding at most `limit` tokens and refilled continuously at
 * `limit / window`.
 *
 * Waiting is done by reservation: a caller debits its token from every window up front (a balance may
 * go negative) and sleeps until its debt is repaid by the refill. That makes waiters FIFO for free —
 * a later caller sees the earlier callers' debts, so it cannot take a token someone is already
 * waiting for — and makes a multi-bucket acquire all-or-nothing: when the wait would exceed the bound
 * every debit is undone before failing, and nothing is slept.
 */
export interface RateLimiter {
  /** Takes one token from each named bucket, waiting at most the bound; throws RATE_LIMITED past it. */
  acquire(names: readonly string[], signal?: AbortSignal): Promise<void>;
  /**
   * Synchronous half of `acquire`: reserves the tokens and returns how long (ms) the caller must wait
   * before using them (0 = now). Throws RATE_LIMITED, reserving nothing, when that exceeds the bound.
   */
  reserve(names: readonly string[]): number;
  /** Gives back tokens reserved by `reserve` that will not be used (the caller gave up waiting). */
  refund(names: readonly string[]): void;
  has(name: string): boolean;
}

export interface RateLimiterOptions {
  clock?: Clock;
  /** Longest a caller may wait for tokens before failing locally. Default 2000 ms. */
  maxWaitMs?: number;
  /** Broker id, for the error. */
  broker?: string;
}

interface Window {
  readonly label: string;
  readonly capacity: number;
  /** Tokens per millisecond. */
  readonly rate: number;
  tokens: number;
  updatedAt: number;
}

interface Bucket {
  readonly name: string;
  readonly windows: readonly Window[];
}

const WINDOWS = [
  ['perSecond', 1_000],
  ['perMinute', 60_000],
  ['perHour', 3_600_000],
  ['perDay', 86_400_000],
] as const;

/** Float noise from continuous refill must not turn "exactly enough" into a 1 ms wait. */
const EPSILON = 1e-9;

export const DEFAULT_MAX_RATE_LIMIT_WAIT_MS = 2_000;

export class TokenBucketLimiter implements RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly clock: Clock;
  private readonly maxWaitMs: number;
  private readonly broker: string | undefined;

  constructor(specs: Readonly<Record<string, RateLimitSpec>>, options: RateLimiterOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_RATE_LIMIT_WAIT_MS;
    this.broker = options.broker;
    if (!(this.maxWaitMs >= 0)) throw new RangeError(`maxWaitMs must be >= 0, got ${this.maxWaitMs}`);
    const now = this.clock.now();
    for (const [name, spec] of Object.entries(specs)) {
      const windows: Window[] = [];
      for (const [label, windowMs] of WINDOWS) {
        const limit = spec[label];
        if (limit === undefined) continue;
        if (!(limit > 0) || !Number.isFinite(limit)) {
          throw new RangeError(`rate limit "${name}".${label} must be a positive number, got ${limit}`);
        }
        windows.push({ label, capacity: limit, rate: limit / windowMs, tokens: limit, updatedAt: now });
      }
      if (windows.length === 0) throw new RangeError(`rate limit "${name}" declares no window`);
      this.buckets.set(name, { name, windows });
    }
  }

  has(name: string): boolean {
    return this.buckets.has(name);
  }

  reserve(names: readonly string[]): number {
    const buckets = this.resolve(names);
    const now = this.clock.now();
    for (const bucket of buckets) for (const w of bucket.windows) debit(w, now);
    let waitMs = 0;
    let blocking: Bucket | undefined;
    for (const bucket of buckets) {
      for (const w of bucket.windows) {
        if (w.tokens >= -EPSILON) continue;
        const wait = -w.tokens / w.rate;
        if (wait > waitMs) {
          waitMs = wait;
          blocking = bucket;
        }
      }
    }
    waitMs = waitMs > EPSILON ? Math.ceil(waitMs - EPSILON) : 0;
    if (waitMs > this.maxWaitMs) {
      for (const bucket of buckets) for (const w of bucket.windows) w.tokens += 1;
      const name = blocking?.name ?? '';
      throw new RateLimitedError(
        `${this.broker ? `${this.broker}: ` : ''}local rate limit "${name}" needs a ${waitMs} ms wait, ` +
          `more than the ${this.maxWaitMs} ms allowed`,
        {
          ...(this.broker === undefined ? {} : { broker: this.broker }),
          retryAfterMs: waitMs,
          mayHaveReachedBroker: false,
          details: { source: 'local-rate-limit', bucket: name },
        },
      );
    }
    return waitMs;
  }

  refund(names: readonly string[]): void {
    const now = this.clock.now();
    for (const bucket of this.resolve(names)) {
      for (const w of bucket.windows) {
        refill(w, now);
        w.tokens = Math.min(w.capacity, w.tokens + 1);
      }
    }
  }

  async acquire(names: readonly string[], signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    const waitMs = this.reserve(names);
    if (waitMs === 0) return;
    try {
      await this.clock.sleep(waitMs, signal);
    } catch (err) {
      this.refund(names);
      throw err;
    }
  }

  private resolve(names: readonly string[]): Bucket[] {
    const out: Bucket[] = [];
    for (const name of names) {
      const bucket = this.buckets.get(name);
      if (!bucket) {
        // A typo in an adapter's endpoint table; failing loudly beats silently not limiting.
        throw new RangeError(
          `unknown rate-limit bucket "${name}"; declared: ${[...this.buckets.keys()].join(', ') || '(none)'}`,
        );
      }
      out.push(bucket);
    }
    return out;
  }
}

function refill(w: Window, now: number): void {
  if (now > w.updatedAt) {
    w.tokens = Math.min(w.capacity, w.tokens + (now - w.updatedAt) * w.rate);
    w.updatedAt = now;
  }
}

function debit(w: Window, now: number): void {
  refill(w, now);
  w.tokens -= 1;
}
