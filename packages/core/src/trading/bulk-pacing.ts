import { DEFAULT_BULK_PACING_MS, withRatePacing } from '../http/rate-pacing.js';
import type { TradingContext } from './context.js';

/** At most one progress line per this much clock time while a bulk operation paces. */
export const PACING_LOG_INTERVAL_MS = 5_000;

export interface BulkProgress {
  /** Items (legs, cancels, square-offs) finished so far, successful or not. */
  completed: number;
}

/**
 * Runs a bulk operation so that its sends wait for their rate window (up to
 * `DEFAULT_BULK_PACING_MS` for the whole operation) instead of failing at the per-call bound, and
 * says so in the logs: the first wait and then one line every `PACING_LOG_INTERVAL_MS`. Items keep
 * their order; a send that would need to wait past the budget fails RATE_LIMITED without reaching
 * the broker, and is reported like any other failed item.
 */
export function pacedBulk<T>(
  ctx: TradingContext,
  operation: string,
  total: number,
  run: (progress: BulkProgress) => Promise<T>,
): Promise<T> {
  const progress: BulkProgress = { completed: 0 };
  let loggedAt = Number.NEGATIVE_INFINITY;
  return withRatePacing(
    {
      clock: ctx.clock,
      budgetMs: DEFAULT_BULK_PACING_MS,
      onWait: ({ waitMs, bucket }) => {
        const now = ctx.clock.now();
        if (now - loggedAt < PACING_LOG_INTERVAL_MS) return;
        loggedAt = now;
        ctx.logger.info(
          { operation, completed: progress.completed, total, waitMs, bucket },
          'pacing inside the broker rate window',
        );
      },
    },
    () => run(progress),
  );
}
