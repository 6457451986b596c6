import { type Exchange, formatExpiry, IST_OFFSET_MS, MONTHS } from '@openalgo/core';

/**
 * IST calendar arithmetic on "day numbers" (days since 1970-01-01 of the IST calendar date). IST has no
 * daylight saving, so a day is always 86,400,000 ms and all of this is plain integer arithmetic.
 * Trading days are Monday to Friday; exchange holidays are not modelled (a synthetic market does not
 * need them, and a wrong holiday list would be worse than none).
 */
export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

/** The IST calendar day containing an instant. */
export function istDayNumber(epochMs: number): number {
  return Math.floor((epochMs + IST_OFFSET_MS) / DAY_MS);
}

/** Epoch ms of IST midnight starting a day. */
export function istMidnight(day: number): number {
  return day * DAY_MS - IST_OFFSET_MS;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function isTradingDay(day: number): boolean {
  const weekday = weekdayOf(day);
  return weekday !== 0 && weekday !== 6;
}

export function previousTradingDay(day: number): number {
  let d = day - 1;
  while (!isTradingDay(d)) d--;
  return d;
}

export function dayOf(year: number, month: number, dayOfMonth: number): number {
  return Date.UTC(year, month - 1, dayOfMonth) / DAY_MS;
}

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export function dateOf(day: number): CalendarDate {
  const d = new Date(day * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** `YYYY-MM-DD` → day number (the caller has validated the format). */
export function dayFromIsoDate(text: string): number {
  const [y, m, d] = text.split('-').map(Number);
  return dayOf(y ?? 1970, m ?? 1, d ?? 1);
}

/** `26-DEC-24` for the expiry column. */
export function expiryColumn(day: number): string {
  const { year, month, day: dom } = dateOf(day);
  return formatExpiry(year, month, dom);
}

/** `26DEC24`, the date inside a derivative symbol. */
export function symbolDate(day: number): string {
  return expiryColumn(day).replaceAll('-', '');
}

/** Parses the `DD-MMM-YY` expiry column back to a day number; undefined for anything else. */
export function dayFromExpiryColumn(text: string): number | undefined {
  const m = /^(\d{2})-([A-Z]{3})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const month = (MONTHS as readonly string[]).indexOf(m[2] ?? '') + 1;
  if (month === 0) return undefined;
  return dayOf(2000 + Number(m[3]), month, Number(m[1]));
}

/** Trading hours in IST minutes after midnight. */
export interface Session {
  readonly name: 'equity' | 'commodity' | 'currency';
  readonly openMinute: number;
  readonly closeMinute: number;
}

export const EQUITY_SESSION: Session = { name: 'equity', openMinute: 9 * 60 + 15, closeMinute: 15 * 60 + 30 };
export const COMMODITY_SESSION: Session = {
  name: 'commodity',
  openMinute: 9 * 60,
  closeMinute: 23 * 60 + 30,
};
export const CURRENCY_SESSION: Session = { name: 'currency', openMinute: 9 * 60, closeMinute: 17 * 60 };

/** NSE/BSE and their F&O segments 09:15–15:30, MCX 09:00–23:30, currency and agri 09:00–17:00. */
export function sessionForExchange(exchange: Exchange): Session {
  switch (exchange) {
    case 'MCX':
    case 'MCX_INDEX':
      return COMMODITY_SESSION;
    case 'CDS':
    case 'BCD':
    case 'NCDEX':
    case 'NCO':
      return CURRENCY_SESSION;
    default:
      return EQUITY_SESSION;
  }
}

export function sessionOpenMs(session: Session, day: number): number {
  return istMidnight(day) + session.openMinute * MINUTE_MS;
}

export function sessionCloseMs(session: Session, day: number): number {
  return istMidnight(day) + session.closeMinute * MINUTE_MS;
}

export function sessionLengthMs(session: Session): number {
  return (session.closeMinute - session.openMinute) * MINUTE_MS;
}
