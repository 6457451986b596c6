/** OpenAlgo's three kinds of calendar entry. */
export const HOLIDAY_TYPES = ['TRADING_HOLIDAY', 'SETTLEMENT_HOLIDAY', 'SPECIAL_SESSION'] as const;
export type HolidayType = (typeof HOLIDAY_TYPES)[number];

/**
 * The exchanges OpenAlgo's calendar reports (`/market/holidays`, `/market/timings`), in its order.
 * Other exchanges are answered through one of these (see `calendarExchangeOf`).
 */
export const CALENDAR_EXCHANGES = ['NSE', 'BSE', 'NFO', 'BFO', 'MCX', 'BCD', 'CDS'] as const;
export type CalendarExchange = (typeof CALENDAR_EXCHANGES)[number];

/** A time of day in IST as `HH:MM`. */
export type IstTimeOfDay = `${number}:${number}`;

/** A window some exchanges trade in on an otherwise special day; an end before the start is the next day. */
export interface SpecialWindow {
  readonly exchanges: readonly CalendarExchange[];
  readonly start: IstTimeOfDay;
  readonly end: IstTimeOfDay;
}

/** One published calendar entry, as the data is written (IST wall-clock times). */
export interface HolidayEntry {
  /** `YYYY-MM-DD` (IST). */
  readonly date: string;
  readonly description: string;
  readonly type: HolidayType;
  /** Exchanges with no trading at all that day. */
  readonly closed: readonly CalendarExchange[];
  /** Exchanges that trade only in these windows that day (MCX's evening session, Muhurat trading). */
  readonly open: readonly SpecialWindow[];
}

/** A trading window in epoch milliseconds (OpenAlgo's `start_time`/`end_time`). */
export interface ExchangeSession {
  readonly exchange: CalendarExchange;
  readonly start_time: number;
  readonly end_time: number;
}

/** One entry in OpenAlgo's `/market/holidays` shape. */
export interface HolidayRecord {
  readonly date: string;
  readonly description: string;
  readonly holiday_type: HolidayType;
  readonly closed_exchanges: CalendarExchange[];
  readonly open_exchanges: ExchangeSession[];
}
