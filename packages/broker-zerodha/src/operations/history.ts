import {
  type CallOptions,
  type Candle,
  type DateSpan,
  fetchChunkedHistory,
  type HistoryRequest,
  InvalidRequestError,
} from '@openalgo/core';
import { type KiteContext, readCall } from '../context.js';
import { instrumentToken } from '../instruments/symbols.js';
import { KITE_INTERVALS, type KiteInterval } from '../manifest.js';
import { KiteCandlesSchema } from '../mapping/kite-types.js';
import { mapCandle } from '../mapping/market.js';

/**
 * The longest range Kite serves in one historical request, per interval (Kite
 * rejects a longer one). Requests are split into chunks of at most this many calendar days (core's
 * `fetchChunkedHistory`).
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

const HISTORY_LIMITS = ['historical'] as const;

/** Kite's `from`/`to` for one span: `YYYY-MM-DD HH:MM:SS` IST, first day 00:00:00 to last day 23:59:59. */
export function kiteRange(span: DateSpan): { from: string; to: string } {
  return { from: `${span.first} 00:00:00`, to: `${span.last} 23:59:59` };
}

function kiteInterval(interval: string): KiteInterval {
  if (Object.hasOwn(KITE_INTERVALS, interval)) return KITE_INTERVALS[interval as keyof typeof KITE_INTERVALS];
  throw new InvalidRequestError(
    `Zerodha does not serve interval ${interval}; use one of ${Object.keys(KITE_INTERVALS).join(', ')}`,
    { field: 'interval', details: { interval } },
  );
}

/**
 * Candles (with OI) for IST dates `start..end`: core fetches the spans in time order as reads (a
 * persistent failure fails the call) and joins them, keeping a boundary repeat once.
 */
export async function getHistory(
  ctx: KiteContext,
  request: HistoryRequest,
  options?: CallOptions,
): Promise<Candle[]> {
  const interval = kiteInterval(request.interval);
  const token = instrumentToken(ctx.symbols.resolve(request));
  return fetchChunkedHistory({
    start: request.start,
    end: request.end,
    spanDays: MAX_SPAN_DAYS[interval],
    fetch: async (span) => {
      const data = await ctx.http.get(`/instruments/historical/${token}/${interval}`, KiteCandlesSchema, {
        ...readCall(options, 'historical data', HISTORY_LIMITS),
        query: { ...kiteRange(span), oi: 1 },
      });
      return data.candles.map(mapCandle);
    },
  });
}
