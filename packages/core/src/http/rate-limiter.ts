import type { RateLimitSpec } from '../contract/manifest.js';
import { RateLimitedError } from '../errors/openalgo-error.js';
import { type Clock, systemClock } from '../time/clock.js';
import { currentRatePacing } from './rate-pacing.js';
import { SendLog } from './send-log.js';

/**
 * Declared rate limits (docs/architecture.md §4): named buckets, each with per-second / per-minute /
 * per-hour / per-day windows. A limit of N per W means what brokers count: at most N sends in ANY
 * interval of W ms — not a token bucket, which lets up to 2N through across a window boundary.
 *
 * Waiting is done by reservation: a caller is given the earliest send slot that keeps every window
 * of every bucket it names within its limit, the slot is written into those buckets' logs at once,
 * and the caller sleeps until it. Slots are handed out in order, so waiters are FIFO (a later caller
 * sees the earlier callers' slots and cannot take one of them), and a multi-bucket acquire is
 * all-or-nothing: when the wait would exceed the bound nothing is written and nothing is slept.
 */
export interface RateLimiter {
  /** Takes a send slot in each named bucket, waiting at most the bound; throws RATE_LIMITED past it. */
  acquire(names: readonly string[], signal?: AbortSignal): Promise<void>;
  /**
   * Synchronous half of `acquire`: reserves the slot and says how long (ms) the caller must wait
   * before sending (0 = now). Throws RATE_LIMITED, reserving nothing, when that exceeds the bound.
   */
  reserve(names: readonly string[]): Reservation;
  /** Gives back a slot taken by `reserve` that will not be used (the caller gave up waiting). */
  refund(names: readonly string[], reservation: Reservation): void;
  has(name: string): boolean;
}

export interface Reservation {
  /** How long to wait before sending. */
  readonly waitMs: number;
  /** The clock time of the reserved slot (what `refund` removes). */
  readonly sendAt: number;
}

/** Recent send times per bucket (reserved future slots included), oldest first. */
export type SendTimes = Record<string, number[]>;

export interface RateLimiterOptions {
  clock?: Clock;
  /**
   * Longest a caller may wait for its slot before failing locally. Default 2000 ms. Inside a bulk
   * operation's `withRatePacing` scope the operation's remaining budget applies when it is longer.
   */
  maxWaitMs?: number;
  /** Broker id, for the error. */
  broker?: string;
  /** Send times to start from (a snapshot from `sendTimes()`); buckets no longer declared are ignored. */
  sendTimes?: Readonly<Record<string, readonly number[]>>;
}

interface Window {
  readonly label: string;
  /** At most this many sends… */
  readonly limit: number;
  /** …in any interval of this many ms. */
  readonly windowMs: number;
}

interface Bucket {
  readonly name: string;
  readonly windows: readonly Window[];
  /** The longest window: older sends can no longer matter. */
  readonly horizonMs: number;
  readonly log: SendLog;
}

const WINDOWS = [
  ['perSecond', 1_000],
  ['perMinute', 60_000],
  ['perHour', 3_600_000],
  ['perDay', 86_400_000],
] as const;

export const DEFAULT_MAX_RATE_LIMIT_WAIT_MS = 2_000;

/**
 * A fractional limit is made exact conservatively: 2.5/s allows 2 in any second; below one, 0.5/s
 * becomes 1 in any 2 s.
 */
function windowOf(label: string, limit: number, windowMs: number): Window {
  if (limit >= 1) return { label, limit: Math.floor(limit), windowMs };
  return { label, limit: 1, windowMs: Math.ceil(windowMs / limit) };
}

/** The exact sliding-window limiter: a log of send times per bucket. */
export class SlidingWindowLimiter implements RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly clock: Clock;
  private readonly maxWaitMs: number;
  private readonly broker: string | undefined;
  private changes = 0;

  constructor(specs: Readonly<Record<string, RateLimitSpec>>, options: RateLimiterOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_RATE_LIMIT_WAIT_MS;
    this.broker = options.broker;
    if (!(this.maxWaitMs >= 0)) throw new RangeError(`maxWaitMs must be >= 0, got ${this.maxWaitMs}`);
    for (const [name, spec] of Object.entries(specs)) {
      const windows: Window[] = [];
      for (const [label, windowMs] of WINDOWS) {
        const limit = spec[label];
        if (limit === undefined) continue;
        if (!(limit > 0) || !Number.isFinite(limit)) {
          throw new RangeError(`rate limit "${name}".${label} must be a positive number, got ${limit}`);
        }
        windows.push(windowOf(label, limit, windowMs));
      }
      if (windows.length === 0) throw new RangeError(`rate limit "${name}" declares no window`);
      const horizonMs = Math.max(...windows.map((w) => w.windowMs));
      this.buckets.set(name, { name, windows, horizonMs, log: new SendLog() });
    }
    this.seed(options.sendTimes);
  }

  has(name: string): boolean {
    return this.buckets.has(name);
  }

  /** Grows with every reservation and refund: a host persists the snapshot only when it moved. */
  get revision(): number {
    return this.changes;
  }

  /** Every bucket's send times still inside its longest window, for a host to persist. */
  sendTimes(): SendTimes {
    const now = this.clock.now();
    const out: SendTimes = {};
    for (const bucket of this.buckets.values()) {
      bucket.log.pruneThrough(now - bucket.horizonMs);
      if (bucket.log.length > 0) out[bucket.name] = bucket.log.toArray();
    }
    return out;
  }

  reserve(names: readonly string[]): Reservation {
    const buckets = this.resolve(names);
    const now = this.clock.now();
    let sendAt = now;
    let blocking: Bucket | undefined;
    for (const bucket of buckets) {
      const log = bucket.log;
      log.pruneThrough(now - bucket.horizonMs);
      // Slots are handed out in order: never before a slot someone already holds (FIFO).
      const last = log.last();
      if (last !== undefined && last > sendAt) {
        sendAt = last;
        blocking = bucket;
      }
      for (const w of bucket.windows) {
        // With N sends logged, the new one fits when the N-th most recent is a full window back.
        if (log.length < w.limit) continue;
        const earliest = log.at(log.length - w.limit) + w.windowMs;
        if (earliest > sendAt) {
          sendAt = earliest;
          blocking = bucket;
        }
      }
    }
    const waitMs = sendAt - now;
    const bound = this.boundMs(now);
    if (waitMs > bound) {
      const name = blocking?.name ?? '';
      throw new RateLimitedError(
        `${this.broker ? `${this.broker}: ` : ''}local rate limit "${name}" needs a ${waitMs} ms wait, ` +
          `more than the ${bound} ms allowed`,
        {
          ...(this.broker === undefined ? {} : { broker: this.broker }),
          retryAfterMs: waitMs,
          mayHaveReachedBroker: false,
          details: { source: 'local-rate-limit', bucket: name },
        },
      );
    }
    for (const bucket of buckets) bucket.log.push(sendAt);
    this.changes++;
    if (waitMs > 0) currentRatePacing()?.onWait?.({ waitMs, bucket: blocking?.name ?? '' });
    return { waitMs, sendAt };
  }

  refund(names: readonly string[], reservation: Reservation): void {
    for (const bucket of this.resolve(names)) bucket.log.remove(reservation.sendAt);
    this.changes++;
  }

  async acquire(names: readonly string[], signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    const reservation = this.reserve(names);
    if (reservation.waitMs === 0) return;
    try {
      await this.clock.sleep(reservation.waitMs, signal);
    } catch (err) {
      this.refund(names, reservation);
      throw err;
    }
  }

  /** The per-call bound, or what is left of a bulk operation's pacing budget when that is longer. */
  private boundMs(now: number): number {
    const pacing = currentRatePacing();
    if (pacing === undefined) return this.maxWaitMs;
    return Math.max(this.maxWaitMs, pacing.deadline - now);
  }

  private seed(sendTimes: RateLimiterOptions['sendTimes']): void {
    if (!sendTimes) return;
    const now = this.clock.now();
    for (const [name, times] of Object.entries(sendTimes)) {
      const bucket = this.buckets.get(name);
      if (!bucket || !Array.isArray(times)) continue;
      const recent = times
        .filter((t) => Number.isFinite(t) && t > now - bucket.horizonMs)
        .sort((a, b) => a - b);
      for (const t of recent) bucket.log.push(t);
    }
  }

  /** The named buckets, each once: a bucket named twice still takes one slot per send. */
  private resolve(names: readonly string[]): Bucket[] {
    const out: Bucket[] = [];
    for (const name of new Set(names)) {
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
