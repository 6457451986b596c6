import { type Candle, type HistoryRequest, type Interval, InvalidRequestError } from '@openalgo/core';
import {
  dateOf,
  dayFromExpiryColumn,
  dayFromIsoDate,
  isTradingDay,
  istDayNumber,
  istMidnight,
  previousTradingDay,
  sessionOpenMs,
  weekdayOf,
} from './calendar.js';
import { type InstrumentPricing, openInterestAt, priceFromRoot, volumeAt } from './instrument-pricing.js';
import { type InstrumentState, locateStep } from './instrument-state.js';

/** More candles than any chart needs; past this the request is refused, not truncated. */
export const MAX_CANDLES = 50_000;
/** Bounds the work of one request (each session is simulated step by step). */
export const MAX_SIMULATED_STEPS = 60_000_000;

type Period = 'D' | 'W' | 'M' | 'Q' | 'Y';
const PERIODS: ReadonlySet<string> = new Set(['D', 'W', 'M', 'Q', 'Y']);
const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000 };

function intervalMs(interval: Interval): number {
  const m = /^(\d+)([smh])$/.exec(interval);
  return Number(m?.[1]) * (UNIT_MS[m?.[2] ?? ''] ?? Number.NaN);
}

/** The last session that has opened by `now` (and, for a derivative, not after its expiry). */
function lastSessionDay(pricing: InstrumentPricing, now: number): number {
  const today = istDayNumber(now);
  let last =
    isTradingDay(today) && now >= sessionOpenMs(pricing.session, today) ? today : previousTradingDay(today);
  const expiryDay = dayFromExpiryColumn(pricing.instrument.expiry);
  if (pricing.kind !== 'cash' && pricing.kind !== 'index' && expiryDay !== undefined && expiryDay < last) {
    last = expiryDay;
  }
  return last;
}

function refuse(request: HistoryRequest, what: string): never {
  throw new InvalidRequestError(
    `History for ${request.symbol} on ${request.exchange} at ${request.interval} from ${request.start} to ${request.end} ${what}; narrow start/end or use a longer interval`,
    { field: 'start', details: { start: request.start, end: request.end, interval: request.interval } },
  );
}

function periodKey(period: Period, day: number): number {
  const { year, month } = dateOf(day);
  switch (period) {
    case 'W':
      return day - ((weekdayOf(day) + 6) % 7);
    case 'M':
      return year * 12 + month;
    case 'Q':
      return year * 4 + Math.floor((month - 1) / 3);
    case 'Y':
      return year;
    default:
      return day;
  }
}

function mergeInto(group: Candle, next: Candle): void {
  group.high = Math.max(group.high, next.high);
  group.low = Math.min(group.low, next.low);
  group.close = next.close;
  group.volume += next.volume;
  group.oi = next.oi;
}

/**
 * Candles built from the very step prices the snapshots show: a candle's close is the snapshot at its
 * last step, its high/low the extremes of the steps inside it, its volume the difference of the
 * cumulative volumes. Intraday candles start at the session open (09:15, 09:20… for 5m; the last one
 * may be short), are epoch seconds of the candle's open, and stop at the step the clock is in (the
 * current candle is partial, as at a broker). D/W/M/Q/Y candles are stamped at IST midnight of their
 * first trading day (Kite's convention). Prices pinned with setPrice are not part of history.
 */
export function syntheticCandles(
  state: InstrumentState,
  /** Already validated against HistoryRequestSchema. */
  request: HistoryRequest,
  stepMs: number,
  now: number,
): Candle[] {
  const { pricing } = state;
  const steps = pricing.root.steps;
  const period = PERIODS.has(request.interval) ? (request.interval as Period) : undefined;
  const perCandle = period ? steps : intervalMs(request.interval) / stepMs;
  if (!Number.isInteger(perCandle) || perCandle < 1) {
    throw new InvalidRequestError(
      `Interval ${request.interval} is not a whole number of the sandbox market's ${stepMs} ms price steps`,
      { field: 'interval' },
    );
  }
  const firstDay = dayFromIsoDate(request.start);
  const lastDay = Math.min(dayFromIsoDate(request.end), lastSessionDay(pricing, now));
  const days: number[] = [];
  for (let day = firstDay; day <= lastDay; day++) if (isTradingDay(day)) days.push(day);
  const candleCount = days.length * (period ? 1 : Math.ceil(steps / perCandle));
  if (candleCount > MAX_CANDLES) {
    refuse(
      request,
      `would be ${candleCount.toLocaleString('en-IN')} candles (the sandbox serves at most ${MAX_CANDLES.toLocaleString('en-IN')} per request)`,
    );
  }
  if (days.length * steps > MAX_SIMULATED_STEPS) {
    refuse(
      request,
      `would simulate ${(days.length * steps).toLocaleString('en-IN')} price steps (at most ${MAX_SIMULATED_STEPS.toLocaleString('en-IN')} per request)`,
    );
  }
  const current = locateStep(pricing, now, stepMs);
  const candles: Candle[] = [];
  for (const day of days) {
    const lastStep = day === current.day ? current.step : steps - 1;
    if (period) candles.push(dayCandle(state, day, lastStep, steps));
    else intradayCandles(state, day, lastStep, perCandle, stepMs, candles);
  }
  if (!period || period === 'D') return candles;
  const grouped: Candle[] = [];
  let key = Number.NaN;
  for (let i = 0; i < candles.length; i++) {
    const candle = candles[i] as Candle;
    const k = periodKey(period, days[i] as number);
    if (k === key) mergeInto(grouped[grouped.length - 1] as Candle, candle);
    else grouped.push({ ...candle });
    key = k;
  }
  return grouped;
}

function dayCandle(state: InstrumentState, day: number, lastStep: number, steps: number): Candle {
  const { pricing } = state;
  const { root } = pricing;
  const terms = state.termsFor(day);
  let open: number;
  let close: number;
  let rootHigh: number;
  let rootLow: number;
  let share = 1;
  if (lastStep === steps - 1) {
    // A finished session needs no path once its range is known: open and close are day-level values.
    ({ high: rootHigh, low: rootLow } = root.dayRange(day));
    open = root.openOf(day);
    close = root.closeOf(day);
  } else {
    const path = root.pathWithExtremes(day);
    rootHigh = (path.prefixHigh as Float64Array)[lastStep] as number;
    rootLow = (path.prefixLow as Float64Array)[lastStep] as number;
    open = path.prices[0] as number;
    close = path.prices[lastStep] as number;
    share = path.volumeShare[lastStep] as number;
  }
  const atHigh = priceFromRoot(pricing, terms, rootHigh);
  const atLow = priceFromRoot(pricing, terms, rootLow);
  return {
    timestamp: istMidnight(day) / 1000,
    open: priceFromRoot(pricing, terms, open),
    high: Math.max(atHigh, atLow),
    low: Math.min(atHigh, atLow),
    close: priceFromRoot(pricing, terms, close),
    volume: pricing.kind === 'index' ? 0 : volumeAt(pricing, terms, share),
    oi: openInterestAt(pricing, terms, share),
  };
}

function intradayCandles(
  state: InstrumentState,
  day: number,
  lastStep: number,
  perCandle: number,
  stepMs: number,
  out: Candle[],
): void {
  const { pricing } = state;
  const terms = state.termsFor(day);
  const { prices, volumeShare } = pricing.root.path(day);
  const openMs = sessionOpenMs(pricing.session, day);
  const hasVolume = pricing.kind !== 'index';
  let volumeBefore = 0;
  for (let first = 0; first <= lastStep; first += perCandle) {
    const last = Math.min(lastStep, first + perCandle - 1);
    let high = prices[first] as number;
    let low = high;
    for (let i = first + 1; i <= last; i++) {
      const p = prices[i] as number;
      if (p > high) high = p;
      else if (p < low) low = p;
    }
    const atHigh = priceFromRoot(pricing, terms, high);
    const atLow = priceFromRoot(pricing, terms, low);
    const share = volumeShare[last] as number;
    const volumeAfter = hasVolume ? volumeAt(pricing, terms, share) : 0;
    out.push({
      timestamp: (openMs + first * stepMs) / 1000,
      open: priceFromRoot(pricing, terms, prices[first] as number),
      high: Math.max(atHigh, atLow),
      low: Math.min(atHigh, atLow),
      close: priceFromRoot(pricing, terms, prices[last] as number),
      volume: volumeAfter - volumeBefore,
      oi: openInterestAt(pricing, terms, share),
    });
    volumeBefore = volumeAfter;
  }
}
