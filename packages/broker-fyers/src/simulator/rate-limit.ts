import { type Clock, isOpenAlgoError, SlidingWindowLimiter } from '@openalgo/core';

/** Fyers' REST limits, all routes combined, per app (brokers.md §3.7; OpenAlgo citing Fyers' docs). */
export const FYERS_REST_LIMITS = { perSecond: 10, perMinute: 200, perDay: 100_000 } as const;

/**
 * Fyers' limits on the simulator clock, through core's sliding windows with no waiting: a request past
 * a window is refused (−353, HTTP 429) with the wait it would have needed.
 */
export class FyersRateLimiter {
  private readonly buckets: SlidingWindowLimiter;

  constructor(clock: Clock) {
    this.buckets = new SlidingWindowLimiter({ rest: FYERS_REST_LIMITS }, { clock, maxWaitMs: 0 });
  }

  /** 0 when the request is admitted (and counted); else the ms until it would be. */
  refusal(): number {
    try {
      this.buckets.reserve(['rest']);
      return 0;
    } catch (error) {
      if (isOpenAlgoError(error) && error.code === 'RATE_LIMITED')
        return Math.max(1, error.retryAfterMs ?? 1000);
      throw error;
    }
  }
}
