import { describe, expect, it } from 'vitest';
import { dateOf, dayOf, weekdayOf } from '../../src/market/calendar.js';
import {
  crudeOilExpiry,
  lastWeekdayOfMonth,
  monthlyExpiries,
  TUESDAY,
  usdInrExpiry,
  weeklyExpiries,
} from '../../src/market/expiries.js';

const iso = (day: number) => {
  const { year, month, day: d } = dateOf(day);
  return `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
};

describe('expiry calendars', () => {
  it('knows weekdays (2026-01-05 was a Monday)', () => {
    expect(weekdayOf(dayOf(2026, 1, 5))).toBe(1);
    expect(weekdayOf(dayOf(1970, 1, 1))).toBe(4);
    expect(weekdayOf(dayOf(1969, 12, 28))).toBe(0);
  });

  it('lists weekly expiries from the given day, including that day', () => {
    expect(weeklyExpiries(dayOf(2026, 1, 6), TUESDAY, 3).map(iso)).toEqual([
      '2026-01-06',
      '2026-01-13',
      '2026-01-20',
    ]);
    expect(weeklyExpiries(dayOf(2026, 1, 7), TUESDAY, 1).map(iso)).toEqual(['2026-01-13']);
  });

  it('takes the last Tuesday of the month and skips a month whose expiry has passed', () => {
    const lastTuesday = lastWeekdayOfMonth(TUESDAY);
    expect(iso(lastTuesday(2026, 2))).toBe('2026-02-24');
    expect(iso(lastTuesday(2026, 3))).toBe('2026-03-31');
    expect(monthlyExpiries(dayOf(2026, 1, 28), lastTuesday, 2).map(iso)).toEqual([
      '2026-02-24',
      '2026-03-31',
    ]);
  });

  it('puts CRUDEOIL on the last weekday on or before the 19th and USDINR two weekdays before month end', () => {
    expect(iso(crudeOilExpiry(2026, 1))).toBe('2026-01-19');
    expect(iso(crudeOilExpiry(2026, 9))).toBe('2026-09-18'); // the 19th is a Saturday
    expect(iso(usdInrExpiry(2026, 1))).toBe('2026-01-28'); // last weekday Fri 30th
    expect(iso(usdInrExpiry(2026, 5))).toBe('2026-05-27'); // 31st is a Sunday → Fri 29th → Wed 27th
    expect(iso(usdInrExpiry(2026, 3))).toBe('2026-03-27'); // Tue 31st → Mon 30th → Fri 27th, across the weekend
  });
});
