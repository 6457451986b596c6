import type { Clock } from '@openalgo/core';
import { SimulatorRateLimits } from '@openalgo/testkit/simulator';

/** Fyers' REST limits, all routes combined, per app (brokers.md §3.7; OpenAlgo citing Fyers' docs). */
export const FYERS_REST_LIMITS = { perSecond: 10, perMinute: 200, perDay: 100_000 } as const;

/**
 * Fyers' limits on the simulator clock, in sliding windows with no waiting: a request past a window
 * is refused (−353, HTTP 429) with the wait it would have needed.
 */
export class FyersRateLimiter {
  private readonly limits: SimulatorRateLimits;

  constructor(clock: Clock) {
    this.limits = new SimulatorRateLimits({ rest: FYERS_REST_LIMITS }, clock);
  }

  /** 0 when the request is admitted (and counted); else the ms until it would be. */
  refusal(): number {
    return this.limits.refusal('rest');
  }
}
