import { type Candle, type HistoryRequest, type Instrument, istToEpoch } from '@openalgo/core';
import { FAKE_PRICES } from './fake-universe.js';

const MINUTE_S = 60;
const DAY_S = 86_400;

/** Last prices by instrument, with a one-tick spread and a five-level book around them. */
export class FakeMarket {
  private readonly prices = new Map<string, number>();

  ltp(row: Instrument): number {
    return (
      this.prices.get(`${row.brexchange}:${row.token}`) ?? FAKE_PRICES[`${row.symbol} ${row.exchange}`] ?? 100
    );
  }

  set(row: Instrument, price: number): void {
    this.prices.set(`${row.brexchange}:${row.token}`, price);
  }

  tick(row: Instrument): number {
    return row.tickSize > 0 ? row.tickSize : 0.05;
  }

  bid(row: Instrument): number {
    return round(this.ltp(row) - this.tick(row));
  }

  ask(row: Instrument): number {
    return round(this.ltp(row) + this.tick(row));
  }

  levels(row: Instrument, side: 'bids' | 'asks') {
    const best = side === 'bids' ? this.bid(row) : this.ask(row);
    const step = side === 'bids' ? -this.tick(row) : this.tick(row);
    return Array.from({ length: 5 }, (_, i) => ({
      price: round(best + i * step),
      quantity: 100 * (i + 1),
      orders: i + 1,
    }));
  }

  /** Deterministic candles over trading time (09:15–15:30 IST, weekdays) up to `nowMs`. */
  history(row: Instrument, request: HistoryRequest, nowMs: number): Candle[] {
    const [sy, sm, sd] = request.start.split('-').map(Number) as [number, number, number];
    const [ey, em, ed] = request.end.split('-').map(Number) as [number, number, number];
    const first = istToEpoch(sy, sm, sd) / 1000;
    const last = Math.min(istToEpoch(ey, em, ed) / 1000 + DAY_S, Math.floor(nowMs / 1000));
    const base = this.ltp(row);
    const candles: Candle[] = [];
    for (let day = first; day < last; day += DAY_S) {
      const weekday = new Date((day + 19_800) * 1000).getUTCDay();
      if (weekday === 0 || weekday === 6) continue;
      const open = day + (9 * 60 + 15) * MINUTE_S;
      if (request.interval === 'D') {
        if (open < last) candles.push(candle(open, base));
        continue;
      }
      for (let t = open; t < day + (15 * 60 + 30) * MINUTE_S && t < last; t += MINUTE_S) {
        candles.push(candle(t, base));
      }
    }
    return candles;
  }
}

function candle(timestamp: number, base: number): Candle {
  const wiggle = ((timestamp / 60) % 7) / 100;
  const open = round(base * (1 + wiggle / 10));
  const close = round(base * (1 - wiggle / 10));
  return {
    timestamp,
    open,
    close,
    high: round(Math.max(open, close) * 1.001),
    low: round(Math.min(open, close) * 0.999),
    volume: 1000,
    oi: 0,
  };
}

export function round(price: number): number {
  return Math.round(price * 100) / 100;
}
