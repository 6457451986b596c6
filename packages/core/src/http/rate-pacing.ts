import { AsyncLocalStorage } from 'node:async_hooks';
import type { Clock } from '../time/clock.js';

/**
 * A bulk operation (cancel-all, close-all, basket and split legs) paces inside the broker's rate
 * windows instead of failing at the per-call bound: every send made inside `withRatePacing` — however
 * deep in the adapter it happens — may wait for its window until the operation's total budget runs
 * out. The scope travels with the async call tree (AsyncLocalStorage), so no adapter or contract
 * signature changes, and a single order sent concurrently from elsewhere keeps its own short bound.
 *
 * Three minutes: enough for a 500-leg basket (the server's leg cap) at Kite's 200 orders a minute
 * from an empty window, or a 250-leg one from a full window.
 */
export const DEFAULT_BULK_PACING_MS = 180_000;

export interface PacingWait {
  /** How long this send waits for its window. */
  waitMs: number;
  /** The bucket whose window decided the wait. */
  bucket: string;
}

export interface RatePacingOptions {
  clock: Clock;
  /** Total time the whole operation may spend, waits included. Default `DEFAULT_BULK_PACING_MS`. */
  budgetMs?: number;
  /** Told about every wait (for a progress line in the logs). */
  onWait?: (wait: PacingWait) => void;
}

export interface RatePacingScope {
  readonly clock: Clock;
  /** Clock time after which a send may no longer wait beyond the limiter's own bound. */
  readonly deadline: number;
  readonly budgetMs: number;
  readonly onWait: ((wait: PacingWait) => void) | undefined;
}

const scopes = new AsyncLocalStorage<RatePacingScope>();

/** Runs `fn` with every rate-limit wait inside it bounded by the operation's budget. */
export function withRatePacing<T>(options: RatePacingOptions, fn: () => Promise<T>): Promise<T> {
  const budgetMs = options.budgetMs ?? DEFAULT_BULK_PACING_MS;
  if (!(budgetMs >= 0)) throw new RangeError(`pacing budgetMs must be >= 0, got ${budgetMs}`);
  const scope: RatePacingScope = {
    clock: options.clock,
    deadline: options.clock.now() + budgetMs,
    budgetMs,
    onWait: options.onWait,
  };
  return scopes.run(scope, fn);
}

/** The pacing scope of the current async call tree, if any. */
export function currentRatePacing(): RatePacingScope | undefined {
  return scopes.getStore();
}
