import { type CallOptions, type Candle, type HistoryRequest, InvalidRequestError } from '@openalgo/core';
import { type KiteContext, readCall } from '../context.js';
import { instrumentToken } from '../instruments/symbols.js';
import { KITE_INTERVALS, type KiteInterval } from '../manifest.js';
import { KiteCandlesSchema } from '../mapping/kite-types.js';
import { mapCandle } from '../mapping/market.js';

/**
 * The longest range Kite serves in one historical request, per interval (Kite
 * rejects a longer one). Requests are split into chunks of at most this many calendar days.
 */
export const MAX_SPAN_DAYS: Readonly<Record<KiteInterval, number>> = {
  minute: 60,
  '3minute': 100,
  '5minute': 100,
  '10minute': 100,
  '15minute': 200,
  '30minute': 200,
  '60minute': 400,
  day: 2000,
};

const DAY_MS = 86_400_000;
const HISTORY_LIMITS = ['historical'] as const;

function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export interface HistoryChunk {
  /** `YYYY-MM-DD HH:MM:SS`, IST, as Kite's `from`/`to` parameters want it. */
  from: string;
  to: string;
}

/**
 * Splits inclusive IST dates `start..end` into consecutive ranges of at most `spanDays` days: each
 * runs from 00:00:00 of its first day to 23:59:59 of its last, so chunks never overlap.
 */
export function historyChunks(start: string, end: string, spanDays: number): HistoryChunk[] {
  const chunks: HistoryChunk[] = [];
  const last = dayNumber(end);
  for (let first = dayNumber(start); first <= last; first += spanDays) {
    const chunkEnd = Math.min(first + spanDays - 1, last);
    chunks.push({ from: `${dateOf(first)} 00:00:00`, to: `${dateOf(chunkEnd)} 23:59:59` });
  }
  return chunks;
}

function kiteInterval(interval: string): KiteInterval {
  if (Object.hasOwn(KITE_INTERVALS, interval)) return KITE_INTERVALS[interval as keyof typeof KITE_INTERVALS];
  throw new InvalidRequestError(
    `Zerodha does not serve interval ${interval}; use one of ${Object.keys(KITE_INTERVALS).join(', ')}`,
    { field: 'interval', details: { interval } },
  );
}

/**
 * Candles (with OI) for IST dates `start..end`, fetched chunk by chunk in time order and joined.
 * A candle repeated at a chunk boundary is kept once: each candle must be later than the last kept.
 */
export async function getHistory(
  ctx: KiteContext,
  request: HistoryRequest,
  options?: CallOptions,
): Promise<Candle[]> {
  const interval = kiteInterval(request.interval);
  const token = instrumentToken(ctx.symbols.resolve(request));
  const candles: Candle[] = [];
  let lastTimestamp = Number.NEGATIVE_INFINITY;
  for (const chunk of historyChunks(request.start, request.end, MAX_SPAN_DAYS[interval])) {
    const data = await ctx.http.get(`/instruments/historical/${token}/${interval}`, KiteCandlesSchema, {
      ...readCall(options, 'historical data', HISTORY_LIMITS),
      query: { from: chunk.from, to: chunk.to, oi: 1 },
    });
    for (const raw of data.candles) {
      const candle = mapCandle(raw);
      if (candle.timestamp <= lastTimestamp) continue;
      candles.push(candle);
      lastTimestamp = candle.timestamp;
    }
  }
  return candles;
}
