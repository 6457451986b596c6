import { type CallOptions, type Candle, type HistoryRequest, InvalidRequestError } from '@openalgo/core';
import { SECURE_PREFIX } from '../client.js';
import { type AngelContext, readCall } from '../context.js';
import { ANGEL_INTERVALS, type AngelInterval } from '../manifest.js';
import { AngelCandlesSchema } from '../mapping/angel-types.js';
import { mapCandle } from '../mapping/market.js';
import { angelExchange } from '../symbols.js';

export const CANDLES_PATH = `${SECURE_PREFIX}/historical/v1/getCandleData`;

/** The most calendar days Angel serves in one `getCandleData` request, per interval (§2.4). */
export const MAX_SPAN_DAYS: Readonly<Record<AngelInterval, number>> = {
  ONE_MINUTE: 30,
  THREE_MINUTE: 60,
  FIVE_MINUTE: 100,
  TEN_MINUTE: 100,
  FIFTEEN_MINUTE: 200,
  THIRTY_MINUTE: 200,
  ONE_HOUR: 400,
  ONE_DAY: 2000,
};

const DAY_MS = 86_400_000;

function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export interface HistoryChunk {
  /** `yyyy-MM-dd HH:mm`, IST, as `fromdate`/`todate` want it. */
  fromdate: string;
  todate: string;
}

/**
 * Splits inclusive IST dates `start..end` into consecutive ranges of at most `spanDays` days, each from
 * 00:00 of its first day to 23:59 of its last, so chunks never overlap and leave no day out.
 */
export function historyChunks(start: string, end: string, spanDays: number): HistoryChunk[] {
  const chunks: HistoryChunk[] = [];
  const last = dayNumber(end);
  for (let first = dayNumber(start); first <= last; first += spanDays) {
    const chunkEnd = Math.min(first + spanDays - 1, last);
    chunks.push({ fromdate: `${dateOf(first)} 00:00`, todate: `${dateOf(chunkEnd)} 23:59` });
  }
  return chunks;
}

function angelInterval(interval: string): AngelInterval {
  if (Object.hasOwn(ANGEL_INTERVALS, interval)) {
    return ANGEL_INTERVALS[interval as keyof typeof ANGEL_INTERVALS];
  }
  throw new InvalidRequestError(
    `Angel One does not serve interval ${interval}; use one of ${Object.keys(ANGEL_INTERVALS).join(', ')}`,
    { field: 'interval', details: { interval } },
  );
}

/**
 * Candles for IST dates `start..end`, fetched chunk by chunk in time order and joined. Each chunk is a read:
 * core retries a transient failure, and a chunk that still fails fails the whole call — a series with a
 * silent gap would be worse than none. A chunk with no candles (`null`, a holiday stretch) is simply empty.
 * A candle repeated at a chunk boundary is kept once.
 */
export async function getHistory(
  ctx: AngelContext,
  request: HistoryRequest,
  options?: CallOptions,
): Promise<Candle[]> {
  const interval = angelInterval(request.interval);
  const row = ctx.symbols.resolve(request);
  const exchange = angelExchange(row);
  const candles: Candle[] = [];
  let lastTimestamp = Number.NEGATIVE_INFINITY;
  for (const chunk of historyChunks(request.start, request.end, MAX_SPAN_DAYS[interval])) {
    const data = await ctx.http.post(CANDLES_PATH, AngelCandlesSchema, {
      ...readCall(options, 'historical data', 'candles'),
      body: { json: { exchange, symboltoken: row.token, interval, ...chunk } },
    });
    for (const raw of data ?? []) {
      const candle = mapCandle(raw);
      if (candle.timestamp <= lastTimestamp) continue;
      candles.push(candle);
      lastTimestamp = candle.timestamp;
    }
  }
  return candles;
}
