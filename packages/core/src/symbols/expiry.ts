import { InvalidRequestError } from '../errors/openalgo-error.js';
import { MONTHS } from '../time/ist.js';

/** A contract expiry as a calendar date; `year` is the full year (2024), `month` is 1–12. */
export interface ExpiryDate {
  year: number;
  month: number;
  day: number;
}

const MONTH_NUMBER: ReadonlyMap<string, number> = new Map(MONTHS.map((name, i) => [name, i + 1]));
const COMPACT = /^(\d{2})([A-Z]{3})(\d{2})$/;
const DASHED = /^(\d{2})-([A-Z]{3})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** True when the date exists on the calendar (31FEB24 does not) and fits the two-digit-year forms. */
export function isValidExpiryDate(date: ExpiryDate): boolean {
  const { year, month, day } = date;
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 2000 &&
    year <= 2099 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** Reads the three date fields; undefined when the month is not a month or the date is not real. */
export function expiryFromFields(dd: string, mmm: string, yy: string): ExpiryDate | undefined {
  const month = MONTH_NUMBER.get(mmm);
  if (month === undefined) return undefined;
  const date = { year: 2000 + Number(yy), month, day: Number(dd) };
  return isValidExpiryDate(date) ? date : undefined;
}

/** `26DEC24` or `26-DEC-24` → date, or undefined for anything else (including lower case). */
export function tryParseExpiry(text: string): ExpiryDate | undefined {
  const m = COMPACT.exec(text) ?? DASHED.exec(text);
  if (!m) return undefined;
  const [, dd = '', mmm = '', yy = ''] = m;
  return expiryFromFields(dd, mmm, yy);
}

/**
 * Parses `26DEC24` or `26-DEC-24`. Upper case only, like every OpenAlgo symbol; throws INVALID_REQUEST
 * that says whether the shape or the date itself was wrong.
 */
export function parseExpiry(text: string, field = 'expiry'): ExpiryDate {
  const parsed = tryParseExpiry(text);
  if (parsed) return parsed;
  throw new InvalidRequestError(`Invalid expiry "${text}": ${describeExpiryProblem(text)}`, {
    field,
    details: { expiry: text },
  });
}

function describeExpiryProblem(text: string): string {
  const upper = text.toUpperCase();
  const m = COMPACT.exec(upper) ?? DASHED.exec(upper);
  if (!m) return 'must be DDMMMYY (26DEC24) or DD-MMM-YY (26-DEC-24)';
  const [, dd = '', mmm = '', yy = ''] = m;
  if (!MONTH_NUMBER.has(mmm)) return `"${mmm}" is not a month (use ${MONTHS.join(', ')})`;
  if (!expiryFromFields(dd, mmm, yy)) return `${dd} ${mmm} 20${yy} is not a calendar date`;
  return `expiries are upper case (${upper})`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function checked(date: ExpiryDate): ExpiryDate {
  if (isValidExpiryDate(date)) return date;
  throw new InvalidRequestError(
    `Invalid expiry date ${date.year}-${date.month}-${date.day}: not a calendar date between 2000 and 2099`,
    { field: 'expiry', details: { ...date } },
  );
}

/** `26DEC24`: the form embedded in symbols. */
export function formatCompactExpiry(date: ExpiryDate): string {
  const { year, month, day } = checked(date);
  return `${pad2(day)}${MONTHS[month - 1]}${pad2(year % 100)}`;
}

/** `26-DEC-24`: the form of the master's `expiry` column and the expiry API. */
export function formatDashedExpiry(date: ExpiryDate): string {
  const { year, month, day } = checked(date);
  return `${pad2(day)}-${MONTHS[month - 1]}-${pad2(year % 100)}`;
}

/** Either form → `26-DEC-24`. */
export function toDashedExpiry(text: string): string {
  return formatDashedExpiry(parseExpiry(text));
}

/** Either form → `26DEC24`. */
export function toCompactExpiry(text: string): string {
  return formatCompactExpiry(parseExpiry(text));
}

/** Chronological order, for sorting expiry lists (alphabetical order of `DD-MMM-YY` is wrong). */
export function compareExpiryDates(a: ExpiryDate, b: ExpiryDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}
