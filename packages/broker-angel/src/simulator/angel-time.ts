import { istParts, istToEpoch } from '@openalgo/core';

const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `20-Oct-2020 13:10:59`: how Angel prints times in books and quotes (IST wall clock, §2.4). */
export function angelDateTime(epochMs: number): string {
  const p = istParts(epochMs);
  return `${pad(p.day)}-${MONTH_NAMES[p.month - 1]}-${p.year} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

/** `13:27:53`: a trade's `filltime` (time of day only, §2.4). */
export function angelTimeOfDay(epochMs: number): string {
  const p = istParts(epochMs);
  return `${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

/** `2023-09-06T11:15:00+05:30`: candle timestamps. */
export function angelCandleTime(epochMs: number): string {
  const p = istParts(epochMs);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}+05:30`;
}

/** `YYMMDD` of the IST day: the prefix of Angel's order ids (§2.10). */
export function angelIdDate(epochMs: number): string {
  const p = istParts(epochMs);
  return `${pad(p.year % 100)}${pad(p.month)}${pad(p.day)}`;
}

/** The next midnight IST after `now`: every Angel session ends there (§2.2). */
export function nextMidnightIst(now: number): number {
  const p = istParts(now);
  return istToEpoch(p.year, p.month, p.day + 1);
}

/**
 * `yyyy-MM-dd HH:mm` (IST), the candle API's `fromdate`/`todate`; undefined for anything else. Seconds
 * are tolerated (`HH:mm:ss`), as some clients send them.
 */
export function parseCandleDate(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s = '0'] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59) return undefined;
  return istToEpoch(Number(y), month, day, Number(h), Number(mi), Number(s));
}
