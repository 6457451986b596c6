import {
  type CallOptions,
  type Candle,
  type DateSpan,
  fetchChunkedHistory,
  type HistoryRequest,
  InvalidRequestError,
} from '@openalgo/core';
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

/** `fromdate`/`todate` for one span: `yyyy-MM-dd HH:mm` IST, first day 00:00 to last day 23:59. */
export function angelRange(span: DateSpan): { fromdate: string; todate: string } {
  return { fromdate: `${span.first} 00:00`, todate: `${span.last} 23:59` };
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
 * Candles for IST dates `start..end`, fetched span by span in time order and joined by core's
 * `fetchChunkedHistory`. Each span is a read: core retries a transient failure, and a span that still
 * fails fails the whole call — a series with a silent gap would be worse than none. A span with no
 * candles (`null`, a holiday stretch) is simply empty. A candle repeated at a boundary is kept once.
 */
export async function getHistory(
  ctx: AngelContext,
  request: HistoryRequest,
  options?: CallOptions,
): Promise<Candle[]> {
  const interval = angelInterval(request.interval);
  const row = ctx.symbols.resolve(request);
  const exchange = angelExchange(row);
  return fetchChunkedHistory({
    start: request.start,
    end: request.end,
    spanDays: MAX_SPAN_DAYS[interval],
    fetch: async (span) => {
      const data = await ctx.http.post(CANDLES_PATH, AngelCandlesSchema, {
        ...readCall(options, 'historical data', 'candles'),
        body: { json: { exchange, symboltoken: row.token, interval, ...angelRange(span) } },
      });
      return (data ?? []).map(mapCandle);
    },
  });
}
