import {
  type Candle,
  type InstrumentRef,
  type Interval,
  isOpenAlgoError,
  istToEpoch,
  ManualClock,
} from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import type { MarketSnapshot } from '../../src/market/price-source.js';
import { SyntheticMarket } from '../../src/market/synthetic-market.js';
import { CRUDE_FUT, marketAt, NIFTY, NIFTY_FUT, SBIN } from './helpers.js';

const NIFTY_CALL: InstrumentRef = { symbol: 'NIFTY13JAN2623000CE', exchange: 'NFO' };
const NIFTY_PUT: InstrumentRef = { symbol: 'NIFTY27JAN2623200PE', exchange: 'NFO' };
const DAY = { start: '2026-01-05', end: '2026-01-05' };
const secondsAt = (ms: number) => ms / 1000;

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('SyntheticMarket.history', () => {
  it('builds 1m candles whose OHLCV are exactly the per-second snapshots inside them', async () => {
    const refs = [SBIN, NIFTY, NIFTY_FUT, NIFTY_CALL, NIFTY_PUT, CRUDE_FUT];
    const first = istToEpoch(2026, 1, 5, 10, 0, 0);
    const { clock, market } = marketAt(first - 1000);
    const before = refs.map((ref) => market.snapshotSync(ref));
    const seen: MarketSnapshot[][] = refs.map(() => []);
    for (let second = 0; second < 300; second++) {
      await clock.set(first + second * 1000);
      for (const [i, ref] of refs.entries()) seen[i]?.push(market.snapshotSync(ref));
    }
    for (const [i, ref] of refs.entries()) {
      const candles = await market.history({ ...ref, interval: '1m', ...DAY });
      let previousVolume = before[i]?.volume ?? 0;
      for (let minute = 0; minute < 5; minute++) {
        const group = (seen[i] ?? []).slice(minute * 60, minute * 60 + 60);
        const ltps = group.map((s) => s.ltp);
        const last = group[59] as MarketSnapshot;
        const candle = candles.find((c) => c.timestamp === secondsAt(first) + minute * 60);
        expect(candle, `${ref.symbol} ${minute}`).toEqual({
          timestamp: secondsAt(first) + minute * 60,
          open: ltps[0],
          high: Math.max(...ltps),
          low: Math.min(...ltps),
          close: last.ltp,
          volume: last.volume - previousVolume,
          oi: last.oi,
        });
        previousVolume = last.volume;
      }
    }
  });

  it('makes the day candle match the snapshot’s day open/high/low/ltp/volume, today and on past days', async () => {
    const { market } = marketAt(istToEpoch(2026, 1, 6, 11, 23, 45));
    for (const ref of [SBIN, NIFTY_FUT, NIFTY_CALL, CRUDE_FUT]) {
      const now = market.snapshotSync(ref);
      const [today] = await market.history({ ...ref, interval: 'D', start: '2026-01-06', end: '2026-01-06' });
      expect(today).toEqual({
        timestamp: secondsAt(istToEpoch(2026, 1, 6)),
        open: now.open,
        high: now.high,
        low: now.low,
        close: now.ltp,
        volume: now.volume,
        oi: now.oi,
      });
      const [monday] = await market.history({ ...ref, interval: 'D', ...DAY });
      const atClose = marketAt(istToEpoch(2026, 1, 5, 23, 59)).market.snapshotSync(ref);
      expect(monday).toMatchObject({
        open: atClose.open,
        high: atClose.high,
        low: atClose.low,
        close: atClose.ltp,
      });
      expect(monday?.volume).toBe(atClose.volume);
      expect(now.prevClose).toBe(monday?.close);
    }
  });

  it('covers every intraday interval from the session open with a short last candle', async () => {
    const { market } = marketAt(istToEpoch(2026, 1, 6, 10, 0));
    const open = secondsAt(istToEpoch(2026, 1, 5, 9, 15));
    const close = secondsAt(istToEpoch(2026, 1, 5, 15, 30));
    const [day] = await market.history({ ...SBIN, interval: 'D', ...DAY });
    const intervals: [Interval, number][] = [
      ['1s', 1],
      ['5s', 5],
      ['30s', 30],
      ['1m', 60],
      ['2m', 120],
      ['3m', 180],
      ['5m', 300],
      ['10m', 600],
      ['15m', 900],
      ['20m', 1200],
      ['30m', 1800],
      ['1h', 3600],
      ['2h', 7200],
      ['3h', 10800],
      ['4h', 14400],
    ];
    for (const [interval, seconds] of intervals) {
      const candles = await market.history({ ...SBIN, interval, ...DAY });
      expect(candles, interval).toHaveLength(Math.ceil((close - open) / seconds));
      expect(candles.map((c) => c.timestamp)).toEqual(candles.map((_, i) => open + i * seconds));
      expect((candles.at(-1) as Candle).timestamp).toBeLessThan(close);
      // Together the candles are the day.
      expect(candles[0]?.open).toBe(day?.open);
      expect((candles.at(-1) as Candle).close).toBe(day?.close);
      expect(Math.max(...candles.map((c) => c.high))).toBe(day?.high);
      expect(Math.min(...candles.map((c) => c.low))).toBe(day?.low);
      expect(candles.reduce((sum, c) => sum + c.volume, 0)).toBe(day?.volume);
    }
  });

  it('starts MCX candles at 09:00 and runs them to 23:30', async () => {
    const { market } = marketAt(istToEpoch(2026, 1, 6, 10, 0));
    const candles = await market.history({ ...CRUDE_FUT, interval: '1h', ...DAY });
    expect(candles).toHaveLength(15);
    expect(candles[0]?.timestamp).toBe(secondsAt(istToEpoch(2026, 1, 5, 9, 0)));
    expect(candles.at(-1)?.timestamp).toBe(secondsAt(istToEpoch(2026, 1, 5, 23, 0)));
  });

  it('aggregates weeks, months, quarters and years from the day candles', async () => {
    const { market } = marketAt(istToEpoch(2026, 1, 6, 10, 0));
    const range = { ...NIFTY, start: '2025-09-01', end: '2025-12-31' };
    const days = await market.history({ ...range, interval: 'D' });
    expect(days).toHaveLength(88); // weekdays from Mon 1 Sep to Wed 31 Dec 2025
    for (const [interval, keyOf] of [
      ['W', (d: Date) => Math.floor((d.getTime() / 86_400_000 + 3) / 7)],
      ['M', (d: Date) => d.getUTCMonth()],
      ['Q', (d: Date) => Math.floor(d.getUTCMonth() / 3)],
      ['Y', (d: Date) => d.getUTCFullYear()],
    ] as const) {
      const groups = new Map<number, Candle[]>();
      for (const day of days) {
        const key = keyOf(new Date((day.timestamp + 19_800) * 1000));
        groups.set(key, [...(groups.get(key) ?? []), day]);
      }
      const expected = [...groups.values()].map((g) => ({
        timestamp: g[0]?.timestamp,
        open: g[0]?.open,
        high: Math.max(...g.map((c) => c.high)),
        low: Math.min(...g.map((c) => c.low)),
        close: g.at(-1)?.close,
        volume: 0,
        oi: 0,
      }));
      expect(await market.history({ ...range, interval }), interval).toEqual(expected);
    }
  });

  it('stops at the current step: the live candle closes at the current price and nothing is in the future', async () => {
    const now = istToEpoch(2026, 1, 5, 10, 7, 31);
    const { market } = marketAt(now);
    const candles = await market.history({ ...SBIN, interval: '5m', start: '2026-01-01', end: '2026-12-31' });
    const last = candles.at(-1) as Candle;
    expect(last.timestamp).toBe(secondsAt(istToEpoch(2026, 1, 5, 10, 5)));
    expect(last.close).toBe(market.snapshotSync(SBIN).ltp);
    const days = new Set(candles.map((c) => new Date((c.timestamp + 19_800) * 1000).getUTCDate()));
    expect([...days]).toEqual([1, 2, 5]); // Thursday, Friday, then Monday; no weekend
  });

  it('ends a derivative’s history at its expiry', async () => {
    const clock = new ManualClock(istToEpoch(2026, 1, 5, 10, 0));
    const market = new SyntheticMarket({ clock });
    await clock.set(istToEpoch(2026, 1, 8, 12, 0));
    const weekly = { symbol: 'NIFTY06JAN2623000PE', exchange: 'NFO' as const };
    const candles = await market.history({
      ...weekly,
      interval: 'D',
      start: '2026-01-01',
      end: '2026-01-08',
    });
    expect(candles.map((c) => c.timestamp)).toEqual([
      secondsAt(istToEpoch(2026, 1, 1)),
      secondsAt(istToEpoch(2026, 1, 2)),
      secondsAt(istToEpoch(2026, 1, 5)),
      secondsAt(istToEpoch(2026, 1, 6)),
    ]);
  });

  it('refuses ranges that would produce too many candles or too much work, naming start', async () => {
    const { market } = marketAt();
    const tooMany = await errorOf(
      market.history({ ...SBIN, interval: '1m', start: '2024-01-01', end: '2026-01-05' }),
    );
    expect(isOpenAlgoError(tooMany, 'INVALID_REQUEST')).toBe(true);
    expect(tooMany).toMatchObject({ field: 'start' });
    expect((tooMany as Error).message).toMatch(/candles.*50,000/);
    const tooLong = await errorOf(
      market.history({ ...SBIN, interval: 'D', start: '1990-01-01', end: '2026-01-05' }),
    );
    expect(tooLong).toMatchObject({ code: 'INVALID_REQUEST', field: 'start' });
    expect((tooLong as Error).message).toMatch(/price steps/);
    // Ten years of daily candles is fine.
    const decade = await market.history({ ...SBIN, interval: 'D', start: '2016-01-05', end: '2026-01-04' });
    expect(decade.length).toBeGreaterThan(2500);
  });

  it('rejects malformed requests with the offending field', async () => {
    const { market } = marketAt(undefined, 42, 2000);
    await expect(market.history({ ...SBIN, interval: '45s', ...DAY })).rejects.toMatchObject({
      field: 'interval',
    });
    await expect(market.history({ ...SBIN, interval: '1s', ...DAY })).rejects.toMatchObject({
      field: 'interval',
    });
    expect(await market.history({ ...SBIN, interval: '10s', ...DAY })).not.toHaveLength(0);
    await expect(
      market.history({ ...SBIN, interval: '1m', start: '2026-01-05', end: '2026-01-01' }),
    ).rejects.toMatchObject({ code: 'INVALID_REQUEST', field: 'end' });
    await expect(market.history({ ...SBIN, interval: 'X' as Interval, ...DAY })).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
      field: 'interval',
    });
  });
});
