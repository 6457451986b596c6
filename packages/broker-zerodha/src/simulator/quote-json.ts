import type { DepthLevel } from '@openalgo/core';
import type { MarketSnapshot } from '@openalgo/sandbox';
import { circuitBand } from './circuit-limits.js';
import { kiteDateTime } from './kite-time.js';
import type { KiteInstrument } from './master.js';

/**
 * What Kite's quote shapes need from a market view. Priced instruments give a sandbox snapshot; a
 * filler row (listed, never priced) gives a still picture at its master price.
 */
export interface QuoteSource {
  ltp: number;
  open: number;
  high: number;
  low: number;
  prevClose: number;
  volume: number;
  oi: number;
  lastQuantity: number;
  bids: readonly DepthLevel[];
  asks: readonly DepthLevel[];
  /** Epoch ms of the last trade. */
  timestamp: number;
  /** The day's band, when the market publishes one (the sandbox's snapshots do). */
  lowerCircuit?: number;
  upperCircuit?: number;
}

export function stillQuote(instrument: KiteInstrument, now: number): QuoteSource {
  const price = instrument.lastPrice;
  return {
    ltp: price,
    open: price,
    high: price,
    low: price,
    prevClose: price,
    volume: 0,
    oi: 0,
    lastQuantity: 0,
    bids: [],
    asks: [],
    timestamp: now,
  };
}

export function fromSnapshot(snapshot: MarketSnapshot): QuoteSource {
  return snapshot;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function roundToTick(value: number, tick: number): number {
  if (tick <= 0) return round2(value);
  return Number((Math.round(value / tick) * tick).toFixed(6));
}

/** Five levels a side, best first, padded with zero levels as Kite does. */
function depthSide(
  levels: readonly DepthLevel[],
): Array<{ price: number; quantity: number; orders: number }> {
  const side = levels
    .slice(0, 5)
    .map((l) => ({ price: l.price, quantity: l.quantity, orders: l.orders ?? 1 }));
  while (side.length < 5) side.push({ price: 0, quantity: 0, orders: 0 });
  return side;
}

function sum(levels: readonly DepthLevel[]): number {
  let total = 0;
  for (const level of levels) total += level.quantity;
  return total;
}

export function kiteOhlc(q: QuoteSource) {
  return { open: q.open, high: q.high, low: q.low, close: q.prevClose };
}

/** The full quote (quote.json). Index feeds carry no trades, depth or circuit limits: those are 0. */
export function kiteQuote(instrument: KiteInstrument, q: QuoteSource, now: number): Record<string, unknown> {
  const index = instrument.segment === 'INDICES';
  const tick = instrument.tickSize > 0 ? instrument.tickSize : 0.05;
  // The same band orders are checked against (circuit-limits.ts).
  const band = circuitBand(instrument, q);
  const average = q.volume > 0 ? roundToTick((q.high + q.low + q.ltp) / 3, tick) : 0;
  return {
    instrument_token: instrument.instrumentToken,
    timestamp: kiteDateTime(now),
    last_trade_time: index ? null : kiteDateTime(q.timestamp),
    last_price: q.ltp,
    last_quantity: index ? 0 : q.lastQuantity,
    buy_quantity: index ? 0 : sum(q.bids),
    sell_quantity: index ? 0 : sum(q.asks),
    volume: index ? 0 : q.volume,
    average_price: index ? 0 : average,
    oi: q.oi,
    oi_day_high: q.oi,
    oi_day_low: q.oi,
    net_change: q.prevClose > 0 ? round2(q.ltp - q.prevClose) : 0,
    lower_circuit_limit: band?.lower ?? 0,
    upper_circuit_limit: band?.upper ?? 0,
    ohlc: kiteOhlc(q),
    depth: { buy: depthSide(index ? [] : q.bids), sell: depthSide(index ? [] : q.asks) },
  };
}

/** ohlc.json's shape. */
export function kiteOhlcQuote(instrument: KiteInstrument, q: QuoteSource): Record<string, unknown> {
  return { instrument_token: instrument.instrumentToken, last_price: q.ltp, ohlc: kiteOhlc(q) };
}

/** ltp.json's shape. */
export function kiteLtpQuote(instrument: KiteInstrument, q: QuoteSource): Record<string, unknown> {
  return { instrument_token: instrument.instrumentToken, last_price: q.ltp };
}
