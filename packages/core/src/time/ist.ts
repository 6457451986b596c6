/** India Standard Time is UTC+05:30 all year (no daylight saving), so plain arithmetic is exact. */
export const IST_OFFSET_MS = (5 * 60 + 30) * 60 * 1000;

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** The IST wall-clock fields of an instant. */
export function istParts(epochMs: number) {
  const d = new Date(epochMs + IST_OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
  };
}

/** `YYYY-MM-DD` of the IST calendar day containing the instant. */
export function istDate(epochMs: number): string {
  const p = istParts(epochMs);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** `2026-11-25T09:15:00+05:30`: ISO-8601 with the IST offset, as unified timestamps are reported. */
export function toIstIso(epochMs: number): string {
  const p = istParts(epochMs);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}+05:30`;
}

/** Epoch ms of an IST wall-clock time. */
export function istToEpoch(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): number {
  return Date.UTC(year, month - 1, day, hour, minute, second) - IST_OFFSET_MS;
}

/**
 * Parses `YYYY-MM-DD HH:MM:SS` or `YYYY-MM-DD` read as IST (the form Indian brokers print);
 * returns undefined for anything else rather than guessing.
 */
export function parseIstDateTime(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  return istToEpoch(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s));
}

/** `26-DEC-24` for an IST calendar date. */
export function formatExpiry(year: number, month: number, day: number): string {
  return `${pad(day)}-${MONTHS[month - 1]}-${pad(year % 100)}`;
}

export { MONTHS };
