import { type ExpiryDate, istParts } from '@openalgo/core';

const DAY_MS = 86_400_000;

/** Calendar arithmetic on IST dates, done in UTC so no time zone can shift a day. */
function toUtc(date: ExpiryDate): number {
  return Date.UTC(date.year, date.month - 1, date.day);
}

function fromUtc(ms: number): ExpiryDate {
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function istDay(epochMs: number): ExpiryDate {
  const { year, month, day } = istParts(epochMs);
  return { year, month, day };
}

/** The next `count` dates falling on `weekday` (0 = Sunday), today included. */
export function weeklyExpiries(from: ExpiryDate, weekday: number, count: number): ExpiryDate[] {
  const start = toUtc(from);
  const offset = (weekday - new Date(start).getUTCDay() + 7) % 7;
  return Array.from({ length: count }, (_, i) => fromUtc(start + (offset + 7 * i) * DAY_MS));
}

function lastWeekdayOfMonth(year: number, month: number, weekday: number): ExpiryDate {
  const last = Date.UTC(year, month, 0);
  const back = (new Date(last).getUTCDay() - weekday + 7) % 7;
  return fromUtc(last - back * DAY_MS);
}

/** The last `weekday` of each month, the next `count` of them that are not yet past. */
export function monthlyExpiries(from: ExpiryDate, weekday: number, count: number): ExpiryDate[] {
  const out: ExpiryDate[] = [];
  for (let k = 0; out.length < count; k++) {
    const month0 = from.month - 1 + k;
    const candidate = lastWeekdayOfMonth(from.year + Math.floor(month0 / 12), (month0 % 12) + 1, weekday);
    if (toUtc(candidate) >= toUtc(from)) out.push(candidate);
  }
  return out;
}

/** A fixed day of each month (moved back to Friday when it falls on a weekend), next `count`. */
export function dayOfMonthExpiries(from: ExpiryDate, day: number, count: number): ExpiryDate[] {
  const out: ExpiryDate[] = [];
  for (let k = 0; out.length < count; k++) {
    const month0 = from.month - 1 + k;
    let ms = Date.UTC(from.year + Math.floor(month0 / 12), month0 % 12, day);
    const weekday = new Date(ms).getUTCDay();
    if (weekday === 6) ms -= DAY_MS;
    if (weekday === 0) ms -= 2 * DAY_MS;
    if (ms >= toUtc(from)) out.push(fromUtc(ms));
  }
  return out;
}

/** Distinct dates in time order (a weekly expiry can coincide with the monthly one). */
export function mergeExpiries(...lists: ExpiryDate[][]): ExpiryDate[] {
  const byTime = new Map<number, ExpiryDate>();
  for (const date of lists.flat()) byTime.set(toUtc(date), date);
  return [...byTime.entries()].sort((a, b) => a[0] - b[0]).map(([, date]) => date);
}
