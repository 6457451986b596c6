import { type CallOptions, type Candle, type HistoryRequest, InvalidRequestError } from '@openalgo/core';
import { dataUrl } from '../client.js';
import { type FyersContext, readCall } from '../context.js';
import { FYERS_RESOLUTIONS, type FyersResolution } from '../manifest.js';
import { FyersCandlesSchema } from '../mapping/fyers-types.js';
import { mapCandle } from '../mapping/market.js';
import { fyersTicker } from '../symbols.js';

/**
 * Calendar days per history request, by resolution. Fyers' own caps (≤100 days intraday, ≤366 daily) are
 * [unverified]; these are OpenAlgo's chunk sizes, proven against the live API and inside both readings:
 * 25 days for second bars (which Fyers keeps for about 30 trading days only), 60 for minute bars, 300 daily.
 */
export function maxSpanDays(resolution: FyersResolution): number {
  if (resolution.endsWith('S')) return 25;
  if (resolution === '1D') return 300;
  return 60;
}

const DAY_MS = 86_400_000;

function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export interface HistoryChunk {
  /** `YYYY-MM-DD`, inclusive, as `range_from`/`range_to` take them with `date_format=1`. */
  from: string;
  to: string;
}

/** Splits inclusive IST dates `start..end` into consecutive, non-overlapping ranges of at most `spanDays`. */
export function historyChunks(start: string, end: string, spanDays: number): HistoryChunk[] {
  const chunks: HistoryChunk[] = [];
  const last = dayNumber(end);
  for (let first = dayNumber(start); first <= last; first += spanDays) {
    chunks.push({ from: dateOf(first), to: dateOf(Math.min(first + spanDays - 1, last)) });
  }
  return chunks;
}

function fyersResolution(interval: string): FyersResolution {
  if (Object.hasOwn(FYERS_RESOLUTIONS, interval)) {
    return FYERS_RESOLUTIONS[interval as keyof typeof FYERS_RESOLUTIONS];
  }
  throw new InvalidRequestError(
    `Fyers does not serve interval ${interval}; use one of ${Object.keys(FYERS_RESOLUTIONS).join(', ')}`,
    { field: 'interval', details: { interval } },
  );
}

/**
 * Candles for IST dates `start..end`, fetched chunk by chunk in time order and joined (brokers.md §3.4:
 * `GET /data/history`, `date_format=1`, continuous futures and OI asked for). Each chunk is a read: a
 * transient failure is retried by the HTTP client, and a chunk that still fails fails the whole call —
 * a history with a silent hole in it would be worse than none. A candle repeated at a chunk boundary is
 * kept once: each candle must be later than the last kept.
 */
export async function getHistory(
  ctx: FyersContext,
  request: HistoryRequest,
  options?: CallOptions,
): Promise<Candle[]> {
  const resolution = fyersResolution(request.interval);
  const ticker = fyersTicker(ctx.symbols.resolve(request));
  const candles: Candle[] = [];
  let lastTimestamp = Number.NEGATIVE_INFINITY;
  for (const chunk of historyChunks(request.start, request.end, maxSpanDays(resolution))) {
    const data = await ctx.http.get(dataUrl(ctx.config, '/history'), FyersCandlesSchema, {
      ...readCall(options, `history ${chunk.from}..${chunk.to}`),
      query: {
        symbol: ticker,
        resolution,
        date_format: 1,
        range_from: chunk.from,
        range_to: chunk.to,
        cont_flag: 1,
        oi_flag: 1,
      },
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
