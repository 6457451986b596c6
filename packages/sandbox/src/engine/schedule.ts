import type { Exchange } from '@openalgo/core';
import { DAY_MS, istDayStart, istMinuteOfDay, MINUTE_MS, type TradingCalendar } from './calendar.js';
import { minutesOfDay, type SquareOffTimes } from './settings.js';

/** Time-based work, in the order it must happen. */
export type TimedEvent =
  | { kind: 'dayStart'; at: number; tradingDay: boolean }
  | { kind: 'squareOff'; at: number; exchanges: readonly Exchange[]; time: string };

interface SquareOffGroup {
  minute: number;
  time: string;
  exchanges: Exchange[];
}

const MIS_OPENS_AT = 9 * 60;

/**
 * When things happen: every IST midnight a new day starts (orders expire, day figures reset and, on
 * a trading day, CNC buys settle into holdings); on every trading day each exchange's MIS book is
 * squared off at its time. Events are enumerated from the last processed instant, so work that
 * fell due while nothing ran (a restart, a jump of a manual clock) is done once, in order.
 */
export class Schedule {
  private readonly groups: SquareOffGroup[];
  private readonly squareOffMinute = new Map<Exchange, number>();

  constructor(
    private readonly squareOffTimes: SquareOffTimes,
    private readonly calendar: TradingCalendar,
  ) {
    const byMinute = new Map<number, SquareOffGroup>();
    for (const [exchange, time] of Object.entries(squareOffTimes) as [Exchange, string][]) {
      const minute = minutesOfDay(time);
      this.squareOffMinute.set(exchange, minute);
      const group = byMinute.get(minute) ?? { minute, time, exchanges: [] };
      group.exchanges.push(exchange);
      byMinute.set(minute, group);
    }
    this.groups = [...byMinute.values()].sort((a, b) => a.minute - b.minute);
  }

  /**
   * Why an MIS order on this exchange is refused now: the exchange does not trade today (a weekend
   * or an exchange holiday), or it is after the square-off time and before 09:00.
   */
  misWindowViolation(exchange: Exchange, now: number): string | undefined {
    const squareOff = this.squareOffMinute.get(exchange);
    if (squareOff === undefined) return undefined;
    if (!this.calendar.exchangeTradesOn(exchange, istDayStart(now))) {
      return `MIS orders on ${exchange} are not accepted today: the exchange is closed (weekend or exchange holiday)`;
    }
    const minute = istMinuteOfDay(now);
    if (minute >= MIS_OPENS_AT && minute < squareOff) return undefined;
    return (
      `MIS orders on ${exchange} are not accepted after the square-off time ` +
      `(${this.squareOffTimes[exchange]} IST) until 09:00 IST`
    );
  }

  /** Every event in (from, to], oldest first. */
  eventsBetween(from: number, to: number): TimedEvent[] {
    const events: TimedEvent[] = [];
    for (let day = istDayStart(from); day <= to; day += DAY_MS) {
      const tradingDay = this.calendar.isTradingDay(day);
      if (day > from) events.push({ kind: 'dayStart', at: day, tradingDay });
      for (const group of this.groups) {
        const at = day + group.minute * MINUTE_MS;
        if (at <= from || at > to) continue;
        // Each exchange keeps its own holidays: MCX trades its evening session on many NSE holidays.
        const exchanges = group.exchanges.filter((e) => this.calendar.exchangeTradesOn(e, day));
        if (exchanges.length > 0) events.push({ kind: 'squareOff', at, exchanges, time: group.time });
      }
    }
    return events;
  }

  /** The first event strictly after `from`. */
  nextEventAfter(from: number): number {
    for (let day = istDayStart(from); ; day += DAY_MS) {
      if (day > from) return day;
      for (const group of this.groups) {
        const at = day + group.minute * MINUTE_MS;
        if (at > from && group.exchanges.some((e) => this.calendar.exchangeTradesOn(e, day))) return at;
      }
    }
  }
}
