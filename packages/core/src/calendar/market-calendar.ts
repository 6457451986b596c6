import { InvalidRequestError } from '../errors/openalgo-error.js';
import type { Exchange } from '../model/enums.js';
import { istDate, istToEpoch } from '../time/ist.js';
import { PUBLISHED_HOLIDAYS, PUBLISHED_YEARS } from './published-holidays.js';
import {
  CALENDAR_EXCHANGES,
  type CalendarExchange,
  type ExchangeSession,
  type HolidayEntry,
  type HolidayRecord,
  type IstTimeOfDay,
} from './types.js';

const DAY_MS = 86_400_000;

/**
 * Each exchange's normal session in IST. NSE/BSE cash and F&O, CDS/BCD and MCX are OpenAlgo's
 * defaults (`DEFAULT_MARKET_TIMINGS`); index feeds follow their exchange, NSE's commodity segment
 * (NCO) MCX's hours, NCDEX its agri session, and global indices the whole day.
 */
export const NORMAL_SESSIONS: Readonly<Record<Exchange, { open: IstTimeOfDay; close: IstTimeOfDay }>> = {
  NSE: { open: '09:15', close: '15:30' },
  BSE: { open: '09:15', close: '15:30' },
  NFO: { open: '09:15', close: '15:30' },
  BFO: { open: '09:15', close: '15:30' },
  CDS: { open: '09:00', close: '17:00' },
  BCD: { open: '09:00', close: '17:00' },
  MCX: { open: '09:00', close: '23:55' },
  NCO: { open: '09:00', close: '23:55' },
  NCDEX: { open: '09:00', close: '17:00' },
  NSE_INDEX: { open: '09:15', close: '15:30' },
  BSE_INDEX: { open: '09:15', close: '15:30' },
  MCX_INDEX: { open: '09:00', close: '23:55' },
  GLOBAL_INDEX: { open: '00:00', close: '23:59' },
};

/**
 * Whose holidays an exchange keeps. NCO has no list of its own in the data: it follows MCX's
 * (commodity segments close and reopen together). NCDEX and global indices have no holiday data:
 * only weekends close them.
 */
export function calendarExchangeOf(exchange: Exchange): CalendarExchange | undefined {
  switch (exchange) {
    case 'NSE_INDEX':
      return 'NSE';
    case 'BSE_INDEX':
      return 'BSE';
    case 'MCX_INDEX':
    case 'NCO':
      return 'MCX';
    case 'NCDEX':
    case 'GLOBAL_INDEX':
      return undefined;
    default:
      return exchange;
  }
}

/** One exchange's trading window on one day; `description` names the special day it belongs to. */
export interface TradingWindow {
  start: number;
  end: number;
  description?: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` → its parts, refusing dates that do not exist (2026-02-30). */
function dateParts(date: string): { year: number; month: number; day: number } {
  const m = DATE.exec(date);
  const parts = m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : undefined;
  if (!parts || istDate(istToEpoch(parts.year, parts.month, parts.day)) !== date) {
    throw new InvalidRequestError(`date: "${date}" is not a date as YYYY-MM-DD`, { field: 'date' });
  }
  return parts;
}

function minutes(time: IstTimeOfDay): number {
  const [h, m] = time.split(':');
  return Number(h) * 60 + Number(m);
}

/** Epoch ms of a window on an IST date; an end at or before the start is on the next day. */
function windowOn(midnight: number, start: IstTimeOfDay, end: IstTimeOfDay): { start: number; end: number } {
  const from = minutes(start);
  let to = minutes(end);
  if (to <= from) to += 24 * 60;
  return { start: midnight + from * 60_000, end: midnight + to * 60_000 };
}

export interface MarketCalendarOptions {
  /** The calendar entries; the published holidays by default. */
  entries?: readonly HolidayEntry[];
  /** The years `entries` covers completely. */
  years?: readonly number[];
  /** More `YYYY-MM-DD` dates on which every exchange is closed (a host's own list). */
  extraClosedDates?: readonly string[];
}

/**
 * Exchange holidays, special sessions and normal hours (IST). Published data covers the years in
 * `coveredYears`; any other year has weekends only, which `hasPublishedHolidays` reports.
 */
export class MarketCalendar {
  private readonly byDate = new Map<string, HolidayEntry>();
  private readonly extraClosed: ReadonlySet<string>;
  readonly coveredYears: readonly number[];

  constructor(options: MarketCalendarOptions = {}) {
    for (const entry of options.entries ?? PUBLISHED_HOLIDAYS) this.byDate.set(entry.date, entry);
    this.coveredYears = [...(options.years ?? (options.entries ? [] : PUBLISHED_YEARS))];
    this.extraClosed = new Set(options.extraClosedDates ?? []);
    for (const date of this.extraClosed) {
      dateParts(date);
      if (!this.byDate.has(date)) {
        this.byDate.set(date, {
          date,
          description: 'Holiday (configured)',
          type: 'TRADING_HOLIDAY',
          closed: CALENDAR_EXCHANGES,
          open: [],
        });
      }
    }
  }

  /** Whether the exchanges' holiday list for `year` is in the data (otherwise weekends only). */
  hasPublishedHolidays(year: number): boolean {
    return this.coveredYears.includes(year);
  }

  /** The year's entries in OpenAlgo's `/market/holidays` shape, oldest first. */
  holidays(year: number): HolidayRecord[] {
    const prefix = `${String(year).padStart(4, '0')}-`;
    return [...this.byDate.values()]
      .filter((entry) => entry.date.startsWith(prefix))
      .sort((a, b) => (a.date < b.date ? -1 : 1))
      .map((entry) => {
        const { year: y, month, day } = dateParts(entry.date);
        const midnight = istToEpoch(y, month, day);
        return {
          date: entry.date,
          description: entry.description,
          holiday_type: entry.type,
          closed_exchanges: CALENDAR_EXCHANGES.filter((e) => entry.closed.includes(e)),
          open_exchanges: entry.open.flatMap((w) => {
            const { start, end } = windowOn(midnight, w.start, w.end);
            return w.exchanges.map((exchange) => ({ exchange, start_time: start, end_time: end }));
          }),
        };
      });
  }

  /**
   * The exchange's trading window on an IST date, or undefined when it does not trade that day.
   * A special day's windows replace the normal session (MCX's evening, Muhurat); on a special
   * session day exchanges without a window are closed; a settlement holiday trades normally.
   */
  session(exchange: Exchange, date: string): TradingWindow | undefined {
    const { year, month, day } = dateParts(date);
    const midnight = istToEpoch(year, month, day);
    if (this.extraClosed.has(date)) return undefined;
    const source = calendarExchangeOf(exchange);
    const entry = this.byDate.get(date);
    if (entry && source) {
      const special = entry.open.find((w) => w.exchanges.includes(source));
      if (special)
        return { ...windowOn(midnight, special.start, special.end), description: entry.description };
      if (entry.closed.includes(source) || entry.type === 'SPECIAL_SESSION') return undefined;
    }
    const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
    if (weekday === 0 || weekday === 6) return undefined;
    const normal = NORMAL_SESSIONS[exchange];
    return windowOn(midnight, normal.open, normal.close);
  }

  /** Whether the exchange trades at all on the IST date (a special session counts). */
  isTradingDay(exchange: Exchange, date: string): boolean {
    return this.session(exchange, date) !== undefined;
  }

  /** Whether the exchange is inside a trading window at the instant (windows may cross midnight). */
  isOpenAt(exchange: Exchange, epochMs: number): boolean {
    for (const at of [epochMs, epochMs - DAY_MS]) {
      const window = this.session(exchange, istDate(at));
      if (window && epochMs >= window.start && epochMs < window.end) return true;
    }
    return false;
  }

  /** OpenAlgo's `/market/timings`: each calendar exchange trading on the date, with its window. */
  timings(date: string): ExchangeSession[] {
    return CALENDAR_EXCHANGES.flatMap((exchange) => {
      const window = this.session(exchange, date);
      return window ? [{ exchange, start_time: window.start, end_time: window.end }] : [];
    });
  }
}

/** The published calendar. */
export const MARKET_CALENDAR = new MarketCalendar();

/** Whether the exchange trades on the IST date (`YYYY-MM-DD`), by the published calendar. */
export function isTradingDay(exchange: Exchange, date: string): boolean {
  return MARKET_CALENDAR.isTradingDay(exchange, date);
}
