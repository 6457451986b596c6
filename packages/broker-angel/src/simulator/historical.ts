import { type Interval, isOpenAlgoError, istDate, istToEpoch } from '@openalgo/core';
import type { SyntheticMarket } from '@openalgo/sandbox';
import { angelCandleTime, parseCandleDate } from './angel-time.js';
import { appError, inputError, SOMETHING_WENT_WRONG } from './envelope.js';
import type { AngelMaster } from './master.js';
import { text } from './order-form.js';

/** Angel's intervals → the sandbox's, and the most days one request may span (§2.4). */
export const CANDLE_INTERVALS: Readonly<Record<string, { interval: Interval; maxDays: number }>> = {
  ONE_MINUTE: { interval: '1m', maxDays: 30 },
  THREE_MINUTE: { interval: '3m', maxDays: 60 },
  FIVE_MINUTE: { interval: '5m', maxDays: 100 },
  TEN_MINUTE: { interval: '10m', maxDays: 100 },
  FIFTEEN_MINUTE: { interval: '15m', maxDays: 200 },
  THIRTY_MINUTE: { interval: '30m', maxDays: 200 },
  ONE_HOUR: { interval: '1h', maxDays: 400 },
  ONE_DAY: { interval: 'D', maxDays: 2000 },
};

const DAY_MS = 86_400_000;

export type AngelCandle = [string, number, number, number, number, number];

function midnightOf(epochMs: number): number {
  const [y, m, d] = istDate(epochMs).split('-').map(Number) as [number, number, number];
  return istToEpoch(y, m, d);
}

/**
 * `historical/v1/getCandleData`: `[ts, o, h, l, c, v]` rows from the synthetic market (the same prices
 * its ticks show), `ts` like `2023-09-06T11:15:00+05:30`, day candles stamped at midnight, index volume
 * 0. A range that ends before it starts is Angel's AB1004 (forum, §2.4); one longer than the
 * interval's maximum is refused too (AB1004; Angel's exact text is [unverified]).
 */
export async function candles(
  fields: Readonly<Record<string, unknown>>,
  master: AngelMaster,
  market: SyntheticMarket,
): Promise<AngelCandle[]> {
  const name = text(fields, 'interval') ?? '';
  const spec = Object.hasOwn(CANDLE_INTERVALS, name) ? CANDLE_INTERVALS[name] : undefined;
  if (!spec) throw inputError(`Invalid interval: use one of ${Object.keys(CANDLE_INTERVALS).join(', ')}`);
  const exchange = text(fields, 'exchange') ?? '';
  const token = text(fields, 'symboltoken');
  if (token === undefined) throw appError('AB4018', 'Symbol token cannot be empty');
  const instrument = master.byExchangeToken(exchange, token);
  if (!instrument) throw appError('AB4006', 'Invalid symboltoken');
  const from = parseCandleDate(fields.fromdate);
  if (from === undefined) throw inputError('Invalid fromdate: use yyyy-MM-dd HH:mm');
  const to = parseCandleDate(fields.todate);
  if (to === undefined) throw inputError('Invalid todate: use yyyy-MM-dd HH:mm');
  if (to < from) throw appError('AB1004', SOMETHING_WENT_WRONG);
  if (to - from > spec.maxDays * DAY_MS) {
    throw appError('AB1004', `Invalid date range: ${name} allows at most ${spec.maxDays} days per request`);
  }
  const sandbox = instrument.sandbox;
  if (!sandbox) return [];
  let rows: Awaited<ReturnType<SyntheticMarket['history']>>;
  try {
    rows = await market.history({
      symbol: sandbox.symbol,
      exchange: sandbox.exchange,
      interval: spec.interval,
      start: istDate(from),
      end: istDate(to),
    });
  } catch (error) {
    if (isOpenAlgoError(error) && error.code === 'INVALID_REQUEST') throw appError('AB1004', error.message);
    throw error;
  }
  const daily = spec.interval === 'D';
  const index = instrument.kind === 'index';
  const out: AngelCandle[] = [];
  for (const candle of rows) {
    const at = daily ? midnightOf(candle.timestamp * 1000) : candle.timestamp * 1000;
    if (at < (daily ? midnightOf(from) : from) || at > to) continue;
    out.push([
      angelCandleTime(at),
      candle.open,
      candle.high,
      candle.low,
      candle.close,
      index ? 0 : candle.volume,
    ]);
  }
  return out;
}
