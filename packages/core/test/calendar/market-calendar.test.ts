import { describe, expect, test } from 'vitest';
import {
  CALENDAR_EXCHANGES,
  calendarExchangeOf,
  isTradingDay,
  MARKET_CALENDAR,
  MarketCalendar,
  PUBLISHED_HOLIDAYS,
} from '../../src/calendar/index.js';
import { istToEpoch } from '../../src/time/ist.js';

// Epoch values written out (UTC = IST - 05:30) so a slip in the IST arithmetic shows.
const MUHURAT_2025_START = Date.UTC(2025, 9, 21, 8, 15); // 13:45 IST
const MUHURAT_2025_END = Date.UTC(2025, 9, 21, 9, 15); // 14:45 IST

describe('published holidays', () => {
  test('Christmas 2026 closes every exchange', () => {
    expect(MARKET_CALENDAR.holidays(2026).find((h) => h.date === '2026-12-25')).toEqual({
      date: '2026-12-25',
      description: 'Christmas',
      holiday_type: 'TRADING_HOLIDAY',
      closed_exchanges: ['NSE', 'BSE', 'NFO', 'BFO', 'MCX', 'BCD', 'CDS'],
      open_exchanges: [],
    });
    for (const exchange of CALENDAR_EXCHANGES) expect(isTradingDay(exchange, '2026-12-25')).toBe(false);
  });

  test('Holi 2026 closes the securities markets while MCX trades its evening session', () => {
    const holi = MARKET_CALENDAR.holidays(2026).find((h) => h.date === '2026-03-03');
    expect(holi?.closed_exchanges).toEqual(['NSE', 'BSE', 'NFO', 'BFO', 'BCD', 'CDS']);
    expect(holi?.open_exchanges).toEqual([
      { exchange: 'MCX', start_time: Date.UTC(2026, 2, 3, 11, 30), end_time: Date.UTC(2026, 2, 3, 18, 25) },
    ]);
    expect(MARKET_CALENDAR.timings('2026-03-03')).toEqual([
      { exchange: 'MCX', start_time: 1772537400000, end_time: 1772562300000 },
    ]);
    expect(isTradingDay('NSE', '2026-03-03')).toBe(false);
    expect(isTradingDay('NCO', '2026-03-03')).toBe(true);
    expect(MARKET_CALENDAR.isOpenAt('MCX', istToEpoch(2026, 3, 3, 10, 0))).toBe(false);
    expect(MARKET_CALENDAR.isOpenAt('MCX', istToEpoch(2026, 3, 3, 17, 0))).toBe(true);
  });

  test('Muhurat trading 2025 is a one-hour special session on a closed Diwali day', () => {
    const diwali = MARKET_CALENDAR.holidays(2025).find((h) => h.date === '2025-10-21');
    expect(diwali?.holiday_type).toBe('SPECIAL_SESSION');
    expect(diwali?.closed_exchanges).toEqual([]);
    expect(diwali?.open_exchanges).toContainEqual({
      exchange: 'NSE',
      start_time: MUHURAT_2025_START,
      end_time: MUHURAT_2025_END,
    });
    expect(MARKET_CALENDAR.session('NFO', '2025-10-21')).toEqual({
      start: MUHURAT_2025_START,
      end: MUHURAT_2025_END,
      description: 'Diwali Laxmi Pujan (Muhurat Trading)',
    });
    expect(MARKET_CALENDAR.isOpenAt('NSE', istToEpoch(2025, 10, 21, 10, 0))).toBe(false);
    expect(MARKET_CALENDAR.isOpenAt('NSE', istToEpoch(2025, 10, 21, 14, 0))).toBe(true);
  });

  test('the Sunday Muhurat session of 2026 opens a weekend day; MCX runs past midnight', () => {
    expect(MARKET_CALENDAR.timings('2026-11-08')).toEqual([
      { exchange: 'NSE', start_time: 1794141000000, end_time: 1794145500000 },
      { exchange: 'BSE', start_time: 1794141000000, end_time: 1794145500000 },
      { exchange: 'NFO', start_time: 1794141000000, end_time: 1794145500000 },
      { exchange: 'BFO', start_time: 1794141000000, end_time: 1794145500000 },
      { exchange: 'MCX', start_time: 1794141000000, end_time: 1794163500000 },
      { exchange: 'BCD', start_time: 1794141000000, end_time: 1794145500000 },
      { exchange: 'CDS', start_time: 1794141000000, end_time: 1794145500000 },
    ]);
    // 00:10 IST on Monday 9 November is still inside Sunday's MCX window.
    expect(MARKET_CALENDAR.isOpenAt('MCX', istToEpoch(2026, 11, 9, 0, 10))).toBe(true);
    expect(MARKET_CALENDAR.isOpenAt('MCX', istToEpoch(2026, 11, 9, 0, 20))).toBe(false);
  });

  test('a settlement holiday trades normal hours', () => {
    const day = MARKET_CALENDAR.holidays(2026).find((h) => h.date === '2026-02-19');
    expect(day).toMatchObject({
      holiday_type: 'SETTLEMENT_HOLIDAY',
      closed_exchanges: [],
      open_exchanges: [],
    });
    expect(MARKET_CALENDAR.session('NSE', '2026-02-19')).toEqual({
      start: istToEpoch(2026, 2, 19, 9, 15),
      end: istToEpoch(2026, 2, 19, 15, 30),
    });
  });

  test('every entry is a real date, unique, inside a covered year', () => {
    const dates = PUBLISHED_HOLIDAYS.map((h) => h.date);
    expect(new Set(dates).size).toBe(dates.length);
    for (const date of dates) {
      expect(MARKET_CALENDAR.hasPublishedHolidays(Number(date.slice(0, 4)))).toBe(true);
      expect(() => MARKET_CALENDAR.session('NSE', date)).not.toThrow();
    }
    expect(MARKET_CALENDAR.holidays(2025)).toHaveLength(14);
    expect(MARKET_CALENDAR.holidays(2026)).toHaveLength(18);
  });
});

describe('normal days and uncovered years', () => {
  test("a normal weekday has OpenAlgo's default timings for every exchange", () => {
    const midnight = istToEpoch(2026, 1, 5);
    const at = (h: number, m: number) => midnight + (h * 60 + m) * 60_000;
    expect(MARKET_CALENDAR.timings('2026-01-05')).toEqual([
      { exchange: 'NSE', start_time: at(9, 15), end_time: at(15, 30) },
      { exchange: 'BSE', start_time: at(9, 15), end_time: at(15, 30) },
      { exchange: 'NFO', start_time: at(9, 15), end_time: at(15, 30) },
      { exchange: 'BFO', start_time: at(9, 15), end_time: at(15, 30) },
      { exchange: 'MCX', start_time: at(9, 0), end_time: at(23, 55) },
      { exchange: 'BCD', start_time: at(9, 0), end_time: at(17, 0) },
      { exchange: 'CDS', start_time: at(9, 0), end_time: at(17, 0) },
    ]);
  });

  test('weekends are closed; a year without published data falls back to weekends only', () => {
    expect(MARKET_CALENDAR.timings('2026-01-10')).toEqual([]);
    expect(MARKET_CALENDAR.hasPublishedHolidays(2027)).toBe(false);
    expect(MARKET_CALENDAR.holidays(2027)).toEqual([]);
    // 26 January 2027 (Republic Day, a Tuesday) is not known to the data: treated as open.
    expect(isTradingDay('NSE', '2027-01-26')).toBe(true);
    expect(isTradingDay('NSE', '2027-01-23')).toBe(false);
  });

  test('derived exchanges follow their parent; NCDEX has weekends only', () => {
    expect(calendarExchangeOf('NSE_INDEX')).toBe('NSE');
    expect(calendarExchangeOf('NCO')).toBe('MCX');
    expect(calendarExchangeOf('NCDEX')).toBeUndefined();
    expect(isTradingDay('NSE_INDEX', '2026-12-25')).toBe(false);
    expect(isTradingDay('NCDEX', '2026-03-03')).toBe(true);
  });

  test('configured extra dates close every exchange; bad dates are refused naming the field', () => {
    const calendar = new MarketCalendar({ extraClosedDates: ['2026-01-07'] });
    expect(calendar.timings('2026-01-07')).toEqual([]);
    expect(calendar.isTradingDay('NCDEX', '2026-01-07')).toBe(false);
    expect(calendar.holidays(2026).find((h) => h.date === '2026-01-07')?.description).toBe(
      'Holiday (configured)',
    );
    expect(() => MARKET_CALENDAR.session('NSE', '2026-02-30')).toThrow(/date: "2026-02-30"/);
    expect(() => new MarketCalendar({ extraClosedDates: ['2026-13-01'] })).toThrow(/date/);
  });
});
