import type { Clock, Logger } from '@openalgo/core';

/** Wait after a failed catch-up before trying again, so a broken store cannot spin the loop. */
const RETRY_AFTER_FAILURE_MS = 60_000;

export interface SchedulerTarget {
  /** Epoch ms of the next time-based event. */
  nextEventAt(): number;
  catchUp(): Promise<void>;
}

/**
 * Sleeps on the injected clock until the next event (square-off, day start) and catches up, so
 * the work happens on time even when no call arrives. Stops when `signal` aborts.
 */
export async function runScheduler(
  target: SchedulerTarget,
  clock: Clock,
  signal: AbortSignal,
  logger: Logger,
): Promise<void> {
  while (!signal.aborted) {
    const wait = Math.max(0, target.nextEventAt() - clock.now());
    try {
      await clock.sleep(wait, signal);
    } catch {
      return; // aborted
    }
    if (signal.aborted) return;
    try {
      await target.catchUp();
    } catch (error) {
      logger.error({ err: error }, 'sandbox scheduled work failed; retrying later');
      try {
        await clock.sleep(RETRY_AFTER_FAILURE_MS, signal);
      } catch {
        return;
      }
    }
  }
}
