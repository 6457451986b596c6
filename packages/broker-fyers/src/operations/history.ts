import {
  type CallOptions,
  type Candle,
  fetchChunkedHistory,
  type HistoryRequest,
  InvalidRequestError,
} from '@openalgo/core';
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
 * Candles for IST dates `start..end`, fetched span by span in time order and joined by core's
 * `fetchChunkedHistory` (brokers.md §3.4: `GET /data/history`, `date_format=1` so `range_from`/`range_to`
 * are the span's inclusive `YYYY-MM-DD` dates, continuous futures and OI asked for). Each span is a read:
 * a transient failure is retried by the HTTP client, and a span that still fails fails the whole call —
 * a history with a silent hole in it would be worse than none. A candle repeated at a boundary is kept once.
 */
export async function getHistory(
  ctx: FyersContext,
  request: HistoryRequest,
  options?: CallOptions,
): Promise<Candle[]> {
  const resolution = fyersResolution(request.interval);
  const ticker = fyersTicker(ctx.symbols.resolve(request));
  return fetchChunkedHistory({
    start: request.start,
    end: request.end,
    spanDays: maxSpanDays(resolution),
    fetch: async (span) => {
      const data = await ctx.http.get(dataUrl(ctx.config, '/history'), FyersCandlesSchema, {
        ...readCall(options, `history ${span.first}..${span.last}`),
        query: {
          symbol: ticker,
          resolution,
          date_format: 1,
          range_from: span.first,
          range_to: span.last,
          cont_flag: 1,
          oi_flag: 1,
        },
      });
      return data.candles.map(mapCandle);
    },
  });
}
