import { type Interval, isOpenAlgoError, istDate, istToEpoch, parseIstDateTime } from '@openalgo/core';
import type { SyntheticMarket } from '@openalgo/sandbox';
import { badRequest } from './envelope.js';
import type { FyersMaster } from './master.js';

const DAY_MS = 86_400_000;

/**
 * Fyers resolutions (brokers.md §3.4) → the sandbox's intervals, and the longest range one request may
 * span: seconds ≈30 days (Fyers keeps only the last 30 trading days of them), minutes 100 days, daily
 * 366 days — the per-request maxima are [unverified]; OpenAlgo chunks tighter (25/60/300 days).
 */
const RESOLUTIONS: Readonly<Record<string, { interval: Interval; maxDays: number }>> = {
  '5S': { interval: '5s', maxDays: 30 },
  '10S': { interval: '10s', maxDays: 30 },
  '15S': { interval: '15s', maxDays: 30 },
  '30S': { interval: '30s', maxDays: 30 },
  '45S': { interval: '45s', maxDays: 30 },
  '1': { interval: '1m', maxDays: 100 },
  '2': { interval: '2m', maxDays: 100 },
  '3': { interval: '3m', maxDays: 100 },
  '5': { interval: '5m', maxDays: 100 },
  '10': { interval: '10m', maxDays: 100 },
  '15': { interval: '15m', maxDays: 100 },
  '20': { interval: '20m', maxDays: 100 },
  '30': { interval: '30m', maxDays: 100 },
  '60': { interval: '1h', maxDays: 100 },
  '120': { interval: '2h', maxDays: 100 },
  '240': { interval: '4h', maxDays: 100 },
  '1D': { interval: 'D', maxDays: 366 },
  D: { interval: 'D', maxDays: 366 },
};

export const FYERS_RESOLUTIONS = Object.keys(RESOLUTIONS);

export interface HistoryQuery {
  symbol: string | undefined;
  resolution: string | undefined;
  dateFormat: string | undefined;
  rangeFrom: string | undefined;
  rangeTo: string | undefined;
  oi: boolean;
}

export type FyersCandle = number[];

/**
 * The range as instants: `date_format=1` reads `YYYY-MM-DD` (IST days, `range_to` inclusive);
 * `date_format=0` (the default) reads epoch seconds.
 */
function rangeOf(query: HistoryQuery): { from: number; to: number } {
  const dateFormat = query.dateFormat ?? '0';
  if (dateFormat === '1') {
    const from = parseIstDateTime(query.rangeFrom ?? '');
    const toDay = parseIstDateTime(query.rangeTo ?? '');
    if (from === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(query.rangeFrom ?? '')) {
      throw badRequest(-50, 'Invalid range_from: use YYYY-MM-DD with date_format=1');
    }
    if (toDay === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(query.rangeTo ?? '')) {
      throw badRequest(-50, 'Invalid range_to: use YYYY-MM-DD with date_format=1');
    }
    return { from, to: toDay + DAY_MS - 1 };
  }
  if (dateFormat !== '0') throw badRequest(-50, 'Invalid date_format: use 0 (epoch) or 1 (YYYY-MM-DD)');
  const seconds = (text: string | undefined, name: string) => {
    if (!/^\d{1,12}$/.test(text ?? ''))
      throw badRequest(-50, `Invalid ${name}: epoch seconds with date_format=0`);
    return Number(text) * 1000;
  };
  return { from: seconds(query.rangeFrom, 'range_from'), to: seconds(query.rangeTo, 'range_to') };
}

function midnightOf(epochMs: number): number {
  const [y, m, d] = istDate(epochMs).split('-').map(Number) as [number, number, number];
  return istToEpoch(y, m, d);
}

/**
 * `GET /data/history`: candles `[epoch_s, o, h, l, c, v(, oi)]` from the synthetic market (the same
 * prices its ticks show); daily candles at IST midnight. A range past the resolution's span is
 * refused (−50 [unverified code]); a listed but unpriced instrument, or a range with no session,
 * has no candles.
 */
export async function historyCandles(
  query: HistoryQuery,
  master: FyersMaster,
  market: SyntheticMarket,
): Promise<FyersCandle[]> {
  const spec = Object.hasOwn(RESOLUTIONS, query.resolution ?? '')
    ? RESOLUTIONS[query.resolution as string]
    : undefined;
  if (!spec) throw badRequest(-50, `Invalid resolution: use one of ${FYERS_RESOLUTIONS.join(', ')}`);
  const instrument = master.get(query.symbol ?? '');
  if (!instrument) throw badRequest(-300, `Invalid symbol: ${query.symbol ?? 'missing'}`);
  const { from, to } = rangeOf(query);
  if (to < from) throw badRequest(-50, 'Invalid range: range_from is after range_to');
  if (to - from > spec.maxDays * DAY_MS) {
    throw badRequest(-50, `Range for resolution ${query.resolution} is at most ${spec.maxDays} days`);
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
    if (isOpenAlgoError(error) && error.code === 'INVALID_REQUEST') throw badRequest(-50, error.message);
    throw error;
  }
  const daily = spec.interval === 'D';
  const out: FyersCandle[] = [];
  for (const candle of candles) {
    const at = daily ? midnightOf(candle.timestamp * 1000) : candle.timestamp * 1000;
    if (at < (daily ? midnightOf(from) : from) || at > to) continue;
    const row = [Math.floor(at / 1000), candle.open, candle.high, candle.low, candle.close, candle.volume];
    out.push(query.oi ? [...row, candle.oi] : row);
  }
  return out;
}
