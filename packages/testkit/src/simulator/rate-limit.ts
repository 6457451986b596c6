import { type Clock, isOpenAlgoError, type RateLimitSpec, SlidingWindowLimiter } from '@openalgo/core';

/**
 * A simulated broker's published rate limits on the simulator clock: named buckets, each with every
 * window the broker documents (per second, minute, hour, day), counted as brokers count them — at
 * most N requests in ANY interval of the window — with core's sliding windows, the same ones the
 * adapters pace themselves with. A simulator never waits: a request past a window is refused at once,
 * in the broker's own refusal shape, which is the simulator's part.
 */
export class SimulatorRateLimits {
  private readonly buckets: SlidingWindowLimiter;

  constructor(specs: Readonly<Record<string, RateLimitSpec>>, clock: Clock) {
    this.buckets = new SlidingWindowLimiter(specs, { clock, maxWaitMs: 0 });
  }

  /**
   * 0 when a request drawing from `bucket` is admitted (and counted); otherwise how many ms until it
   * would be, counting nothing. A request of no bucket (`undefined`: a route the broker publishes no
   * limit for) is always admitted.
   */
  refusal(bucket: string | undefined): number {
    if (bucket === undefined || !this.buckets.has(bucket)) return 0;
    try {
      const reservation = this.buckets.reserve([bucket]);
      if (reservation.waitMs === 0) return 0;
      // Only a caller's pacing scope lets a reservation wait; the broker does not, so give it back.
      this.buckets.refund([bucket], reservation);
      return reservation.waitMs;
    } catch (error) {
      if (isOpenAlgoError(error) && error.code === 'RATE_LIMITED')
        return Math.max(1, error.retryAfterMs ?? 1000);
      throw error;
    }
  }
}
