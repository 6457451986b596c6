import { dateOf, dayOf, isTradingDay, weekdayOf } from './calendar.js';

/**
 * Expiry calendars (day numbers), simplified but shaped like the real ones as of 2025-26:
 * - NSE (index and stock F&O): weekly on Tuesday, monthly on the last Tuesday of the month.
 * - BSE (SENSEX, BANKEX): weekly on Thursday, monthly on the last Thursday.
 * (The sources and which underlyings have weeklies: derivative-families.ts.)
 * - MCX CRUDEOIL: the last weekday on or before the 19th.
 * - CDS USDINR: two weekdays before the last weekday of the month.
 * Holidays are not modelled, so an expiry never moves to the previous trading day.
 */
export const TUESDAY = 2;
export const THURSDAY = 4;

export type MonthlyRule = (year: number, month: number) => number;

/** The next `count` dates with the given weekday, on or after `fromDay`. */
export function weeklyExpiries(fromDay: number, weekday: number, count: number): number[] {
  const first = fromDay + ((weekday - weekdayOf(fromDay) + 7) % 7);
  return Array.from({ length: count }, (_, i) => first + 7 * i);
}

/** The next `count` monthly expiries on or after `fromDay` under `rule`. */
export function monthlyExpiries(fromDay: number, rule: MonthlyRule, count: number): number[] {
  const out: number[] = [];
  let { year, month } = dateOf(fromDay);
  while (out.length < count) {
    const expiry = rule(year, month);
    if (expiry >= fromDay) out.push(expiry);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return out;
}

function lastDayOfMonth(year: number, month: number): number {
  return dayOf(year, month + 1, 1) - 1;
}

export function lastWeekdayOfMonth(weekday: number): MonthlyRule {
  return (year, month) => {
    const last = lastDayOfMonth(year, month);
    return last - ((weekdayOf(last) - weekday + 7) % 7);
  };
}

export const crudeOilExpiry: MonthlyRule = (year, month) => {
  let day = dayOf(year, month, 19);
  while (!isTradingDay(day)) day--;
  return day;
};

export const usdInrExpiry: MonthlyRule = (year, month) => {
  let day = lastDayOfMonth(year, month);
  while (!isTradingDay(day)) day--;
  for (let back = 0; back < 2; back++) {
    day--;
    while (!isTradingDay(day)) day--;
  }
  return day;
};

/** Sorted, de-duplicated union (a weekly that falls on the monthly date is the same contract). */
export function mergeExpiries(...lists: readonly number[][]): number[] {
  return [...new Set(lists.flat())].sort((a, b) => a - b);
}
