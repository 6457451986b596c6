import type { OpenAlgoError } from '../errors/openalgo-error.js';
import { isOpenAlgoError } from '../errors/openalgo-error.js';

/** Retry policy for reads. Writes are never retried by the client (docs/architecture.md §4). */
export interface RetryPolicy {
  /** Total tries including the first; 1 disables retrying. */
  attempts: number;
  /** Backoff before the 2nd try; doubles each time up to `maxDelayMs`. */
  baseDelayMs: number;
  /** Cap on one backoff, and on a broker's Retry-After we are willing to honour. */
  maxDelayMs: number;
}

export const DEFAULT_READ_RETRY: Readonly<RetryPolicy> = { attempts: 3, baseDelayMs: 200, maxDelayMs: 2_000 };

const RETRYABLE_CODES = new Set(['NETWORK', 'TIMEOUT', 'BROKER_UNAVAILABLE', 'RATE_LIMITED']);

/**
 * Transient failures worth another try. A local rate-limit refusal is excluded: the limiter already
 * waited as long as it is allowed to, so trying again would only wait past the bound.
 */
export function isRetryableFailure(err: unknown): err is OpenAlgoError {
  return (
    isOpenAlgoError(err) &&
    err.retryable &&
    RETRYABLE_CODES.has(err.code) &&
    err.details?.source !== 'local-rate-limit'
  );
}

/**
 * How long to wait before try `attempt + 1`, or undefined when the broker asked for a longer pause
 * than the policy allows (then the caller gets the error now rather than a surprise multi-second stall).
 * Exponential backoff with "equal jitter": half fixed, half random, so concurrent readers spread out.
 */
export function retryDelayMs(
  err: OpenAlgoError,
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number | undefined {
  if (err.retryAfterMs !== undefined) {
    return err.retryAfterMs <= policy.maxDelayMs ? err.retryAfterMs : undefined;
  }
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}

/**
 * Parses `Retry-After` (delta seconds or an HTTP date) into milliseconds from `nowMs`. Returns
 * undefined when absent or unparseable; a date in the past means "now" (0).
 */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  // An HTTP date names its day and month; without letters it is junk that Date.parse may still accept.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
