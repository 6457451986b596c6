import { InvalidRequestError } from '../errors/openalgo-error.js';
import type { Candle } from '../model/market.js';

/** One chunk of a history request: inclusive IST calendar dates, `YYYY-MM-DD`. */
export interface DateSpan {
  first: string;
  last: string;
}

const DAY_MS = 86_400_000;

function dayNumber(date: string, field: 'start' | 'end'): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const day = match
    ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS
    : Number.NaN;
  // Date.UTC rolls 2024-02-30 over to March: a date that does not survive the round trip is not one.
  if (!Number.isInteger(day) || dateOf(day) !== date) {
    throw new InvalidRequestError(`History ${field} must be a date as YYYY-MM-DD, got "${date}"`, { field });
  }
  return day;
}

function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Splits inclusive dates `start..end` into consecutive spans of at most `spanDays` calendar days,
 * in time order, that never overlap and leave no day out. `start` after `end` gives no spans (the
 * adapter boundary refuses such a request before it gets here).
 */
export function splitDateRange(start: string, end: string, spanDays: number): DateSpan[] {
  if (!Number.isInteger(spanDays) || spanDays < 1) {
    throw new RangeError(`spanDays must be a whole number of days ≥ 1, got ${spanDays}`);
  }
  const last = dayNumber(end, 'end');
  const spans: DateSpan[] = [];
  for (let first = dayNumber(start, 'start'); first <= last; first += spanDays) {
    spans.push({ first: dateOf(first), last: dateOf(Math.min(first + spanDays - 1, last)) });
  }
  return spans;
}

export interface ChunkedHistoryOptions {
  /** Inclusive IST dates, as in `HistoryRequest`. */
  start: string;
  end: string;
  /** The broker's longest span for the interval asked for (its own table). */
  spanDays: number;
  /**
   * Fetches one span's candles, oldest first. Make it a read through core's HTTP client, so a
   * transient failure is retried there; whatever it still throws fails the whole call.
   */
  fetch: (span: DateSpan) => Promise<readonly Candle[]>;
}

/**
 * Candles for `start..end` from a broker that serves at most `spanDays` per request: the spans are
 * fetched one at a time in time order and joined. A span that fails (after the client's read
 * retries) fails the call and later spans are not asked for — a series with a silent gap would be
 * worse than none. A candle repeated at a span boundary is kept once: each candle must be later
 * than the last one kept.
 */
export async function fetchChunkedHistory(options: ChunkedHistoryOptions): Promise<Candle[]> {
  const candles: Candle[] = [];
  let lastTimestamp = Number.NEGATIVE_INFINITY;
  for (const span of splitDateRange(options.start, options.end, options.spanDays)) {
    for (const candle of await options.fetch(span)) {
      if (candle.timestamp <= lastTimestamp) continue;
      candles.push(candle);
      lastTimestamp = candle.timestamp;
    }
  }
  return candles;
}
