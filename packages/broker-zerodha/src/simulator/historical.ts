import { type Interval, isOpenAlgoError, istDate, istToEpoch, parseIstDateTime } from '@openalgo/core';
import type { SyntheticMarket } from '@openalgo/sandbox';
import { inputError } from './envelope.js';
import { kiteCandleTime } from './kite-time.js';
import type { KiteMaster } from './master.js';

/** Kite interval → the sandbox's, and the longest range Kite serves per request (docs/reference/brokers.md §1.4). */
const INTERVALS: Readonly<Record<string, { interval: Interval; maxDays: number }>> = {
  minute: { interval: '1m', maxDays: 60 },
  '3minute': { interval: '3m', maxDays: 100 },
  '5minute': { interval: '5m', maxDays: 100 },
  '10minute': { interval: '10m', maxDays: 100 },
  '15minute': { interval: '15m', maxDays: 200 },
  '30minute': { interval: '30m', maxDays: 200 },
  '60minute': { interval: '1h', maxDays: 400 },
  day: { interval: 'D', maxDays: 2000 },
};

const DAY_MS = 86_400_000;

export type KiteCandle =
  | [string, number, number, number, number, number]
  | [string, number, number, number, number, number, number];

export interface HistoricalQuery {
  token: string;
  interval: string;
  from: string | undefined;
  to: string | undefined;
  oi: boolean;
}

function instant(text: string | undefined, name: string): number {
  const value = text === undefined ? undefined : parseIstDateTime(text.replace('+', ' '));
  if (value === undefined) throw inputError(`Invalid \`${name}\` date: use YYYY-MM-DD HH:MM:SS.`);
  return value;
}

function midnightOf(epochMs: number): number {
  const [y, m, d] = istDate(epochMs).split('-').map(Number) as [number, number, number];
  return istToEpoch(y, m, d);
}

/**
 * `GET /instruments/historical/{token}/{interval}`: candles `[ts, o, h, l, c, v(, oi)]` from the
 * synthetic market (the same prices its ticks show), `ts` like `2019-12-04T09:15:00+0530`; day
 * candles are stamped at midnight, as Kite stamps them. A range longer than Kite serves per interval
 * is refused with Kite's InputException; a listed but unpriced instrument has no candles.
 */
export async function historicalCandles(
  query: HistoricalQuery,
  master: KiteMaster,
  market: SyntheticMarket,
): Promise<KiteCandle[]> {
  const spec = Object.hasOwn(INTERVALS, query.interval) ? INTERVALS[query.interval] : undefined;
  if (!spec) throw inputError('invalid interval');
  const token = Number(query.token);
  const instrument = Number.isSafeInteger(token) ? master.getByToken(token) : undefined;
  if (!instrument) throw inputError('invalid token');
  const from = instant(query.from, 'from');
  const to = instant(query.to, 'to');
  if (to < from) throw inputError('Invalid `from` and `to` dates: `from` is after `to`.');
  if (to - from > spec.maxDays * DAY_MS) {
    throw inputError(`interval exceeds max limit: ${spec.maxDays} days`);
  }
  const sandbox = instrument.sandbox;
  if (!sandbox) return [];
  let candles: Awaited<ReturnType<SyntheticMarket['history']>>;
  try {
    candles = await market.history({
      symbol: sandbox.symbol,
      exchange: sandbox.exchange,
      interval: spec.interval,
      start: istDate(from),
      end: istDate(to),
    });
  } catch (error) {
    if (isOpenAlgoError(error) && error.code === 'INVALID_REQUEST') throw inputError(error.message);
    throw error;
  }
  const daily = spec.interval === 'D';
  const out: KiteCandle[] = [];
  for (const candle of candles) {
    const at = daily ? midnightOf(candle.timestamp * 1000) : candle.timestamp * 1000;
    if (at < (daily ? midnightOf(from) : from) || at > to) continue;
    const row: KiteCandle = [
      kiteCandleTime(at),
      candle.open,
      candle.high,
      candle.low,
      candle.close,
      candle.volume,
    ];
    out.push(query.oi ? [...row, candle.oi] : row);
  }
  return out;
}
