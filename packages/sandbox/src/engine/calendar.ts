import { IST_OFFSET_MS, istDate } from '@openalgo/core';

export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

/** Epoch ms of 00:00 IST on the IST day containing the instant. */
export function istDayStart(at: number): number {
  return Math.floor((at + IST_OFFSET_MS) / DAY_MS) * DAY_MS - IST_OFFSET_MS;
}

/** Minutes since 00:00 IST. */
export function istMinuteOfDay(at: number): number {
  return Math.floor((at - istDayStart(at)) / MINUTE_MS);
}

/** Trading days are Monday to Friday, minus the configured exchange holidays. */
export class TradingCalendar {
  private readonly holidays: ReadonlySet<string>;

  constructor(holidays: readonly string[] = []) {
    this.holidays = new Set(holidays);
  }

  isTradingDay(dayStart: number): boolean {
    const weekday = new Date(dayStart + IST_OFFSET_MS).getUTCDay();
    if (weekday === 0 || weekday === 6) return false;
    return !this.holidays.has(istDate(dayStart));
  }
}
