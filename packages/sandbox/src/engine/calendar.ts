import { type Exchange, IST_OFFSET_MS, istDate, MarketCalendar } from '@openalgo/core';

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

/**
 * The sandbox's trading days: core's published exchange calendar (weekends, NSE/BSE/MCX holidays,
 * MCX's evening sessions, Muhurat trading) plus the dates the sandbox's configuration closes. Years
 * the published data does not cover have weekends only.
 */
export class TradingCalendar {
  private readonly calendar: MarketCalendar;

  /** `holidays`: extra `YYYY-MM-DD` dates on which every exchange is closed (the `holidays` setting). */
  constructor(holidays: readonly string[] = []) {
    this.calendar = new MarketCalendar({ extraClosedDates: holidays });
  }

  /**
   * A regular trading day of the cash market (NSE): CNC buys settle into holdings at its start. A
   * day that only has a special session (a Sunday's Muhurat trading) is not one.
   */
  isTradingDay(dayStart: number): boolean {
    const session = this.calendar.session('NSE', istDate(dayStart));
    return session !== undefined && session.description === undefined;
  }

  /** Whether the exchange trades at all on the IST day (its normal session, an evening or special one). */
  exchangeTradesOn(exchange: Exchange, dayStart: number): boolean {
    return this.calendar.isTradingDay(exchange, istDate(dayStart));
  }
}
