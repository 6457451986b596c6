import type { CalendarExchange, HolidayEntry, SpecialWindow } from './types.js';

/**
 * Exchange holidays and special sessions of NSE, BSE (cash, equity derivatives, currency derivatives)
 * and MCX, as the exchanges' holiday circulars list them.
 *
 * Provenance (the circulars themselves were not read directly when this was written):
 * - 2025: the NSE/BSE/MCX 2025 trading-holiday lists, cross-checked against press reports of the
 *   Diwali closures (21 and 22 October) and of the Muhurat session (21 October 2025, 13:45 to 14:45
 *   IST, announced by NSE on 22 September 2025). MCX closes its morning session on most of these days
 *   and trades the evening, 17:00 to 23:55; it closes all day on Good Friday, Independence Day, Gandhi
 *   Jayanti and Christmas. MCX's 2025 Muhurat window is recorded as the same hour as the others.
 * - 2026: the dates of OpenAlgo's seed (`database/market_calendar_db.py`, "Source: NSE Circular & MCX
 *   Circular for Calendar Year 2026"), including 15 January 2026 (Maharashtra municipal elections),
 *   plus the settlement holiday of 19 February 2026 (Chhatrapati Shivaji Maharaj Jayanti: trading
 *   open, no settlement) that brokers announced. The Muhurat session of Sunday 8 November 2026 is
 *   OpenAlgo's default of 18:00 to 19:15 (MCX to 00:15): its exact minutes were not found.
 *
 * Years not listed here (2027 had not been published when this was written) have no holiday data:
 * the calendar treats only weekends as closed for them and says so (`hasPublishedHolidays`).
 */

/** Cash, equity derivatives and currency derivatives of NSE and BSE: closed together on a holiday. */
const SECURITIES: readonly CalendarExchange[] = ['NSE', 'BSE', 'NFO', 'BFO', 'CDS', 'BCD'];
const EVERY_EXCHANGE: readonly CalendarExchange[] = [...SECURITIES, 'MCX'];
/** MCX on a securities holiday: morning closed, evening session open. */
const MCX_EVENING: SpecialWindow = { exchanges: ['MCX'], start: '17:00', end: '23:55' };

function securitiesHoliday(date: string, description: string): HolidayEntry {
  return { date, description, type: 'TRADING_HOLIDAY', closed: SECURITIES, open: [MCX_EVENING] };
}

function fullHoliday(date: string, description: string): HolidayEntry {
  return { date, description, type: 'TRADING_HOLIDAY', closed: EVERY_EXCHANGE, open: [] };
}

function settlementHoliday(date: string, description: string): HolidayEntry {
  return { date, description, type: 'SETTLEMENT_HOLIDAY', closed: [], open: [] };
}

function muhurat(date: string, description: string, windows: readonly SpecialWindow[]): HolidayEntry {
  return { date, description, type: 'SPECIAL_SESSION', closed: [], open: windows };
}

export const PUBLISHED_HOLIDAYS: readonly HolidayEntry[] = [
  // 2025
  securitiesHoliday('2025-02-26', 'Mahashivratri'),
  securitiesHoliday('2025-03-14', 'Holi'),
  securitiesHoliday('2025-03-31', 'Id-Ul-Fitr (Ramadan Eid)'),
  securitiesHoliday('2025-04-10', 'Shri Mahavir Jayanti'),
  securitiesHoliday('2025-04-14', 'Dr. Baba Saheb Ambedkar Jayanti'),
  fullHoliday('2025-04-18', 'Good Friday'),
  securitiesHoliday('2025-05-01', 'Maharashtra Day'),
  fullHoliday('2025-08-15', 'Independence Day'),
  securitiesHoliday('2025-08-27', 'Shri Ganesh Chaturthi'),
  fullHoliday('2025-10-02', 'Mahatma Gandhi Jayanti/Dussehra'),
  muhurat('2025-10-21', 'Diwali Laxmi Pujan (Muhurat Trading)', [
    { exchanges: EVERY_EXCHANGE, start: '13:45', end: '14:45' },
  ]),
  securitiesHoliday('2025-10-22', 'Diwali Balipratipada'),
  securitiesHoliday('2025-11-05', 'Prakash Gurpurb Sri Guru Nanak Dev'),
  fullHoliday('2025-12-25', 'Christmas'),
  // 2026
  securitiesHoliday('2026-01-15', 'Municipal Corporation Election - Maharashtra'),
  fullHoliday('2026-01-26', 'Republic Day'),
  settlementHoliday('2026-02-19', 'Chhatrapati Shivaji Maharaj Jayanti'),
  securitiesHoliday('2026-03-03', 'Holi'),
  securitiesHoliday('2026-03-26', 'Shri Ram Navami'),
  securitiesHoliday('2026-03-31', 'Shri Mahavir Jayanti'),
  fullHoliday('2026-04-03', 'Good Friday'),
  securitiesHoliday('2026-04-14', 'Dr. Baba Saheb Ambedkar Jayanti'),
  securitiesHoliday('2026-05-01', 'Maharashtra Day'),
  securitiesHoliday('2026-05-28', 'Bakri Id'),
  securitiesHoliday('2026-06-26', 'Muharram'),
  securitiesHoliday('2026-09-14', 'Ganesh Chaturthi'),
  fullHoliday('2026-10-02', 'Mahatma Gandhi Jayanti'),
  securitiesHoliday('2026-10-20', 'Dussehra'),
  muhurat('2026-11-08', 'Diwali Laxmi Pujan (Muhurat Trading)', [
    { exchanges: SECURITIES, start: '18:00', end: '19:15' },
    { exchanges: ['MCX'], start: '18:00', end: '00:15' },
  ]),
  securitiesHoliday('2026-11-10', 'Diwali Balipratipada'),
  securitiesHoliday('2026-11-24', 'Prakash Gurpurb Sri Guru Nanak Dev'),
  fullHoliday('2026-12-25', 'Christmas'),
];

/** The calendar years the data above covers completely. */
export const PUBLISHED_YEARS: readonly number[] = [2025, 2026];
