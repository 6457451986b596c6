import type { DepthLevel } from '@openalgo/core';
import { circuitBandOf, type MarketSnapshot } from '@openalgo/sandbox';
import { angelDateTime } from './angel-time.js';
import type { AngelInstrument } from './master.js';

/** What the quote shapes read: a sandbox snapshot, or a still picture of an unpriced filler row. */
export type QuoteSource = Pick<
  MarketSnapshot,
  | 'ltp'
  | 'open'
  | 'high'
  | 'low'
  | 'prevClose'
  | 'volume'
  | 'oi'
  | 'lastQuantity'
  | 'bids'
  | 'asks'
  | 'timestamp'
> &
  Partial<Pick<MarketSnapshot, 'lowerCircuit' | 'upperCircuit'>>;

export function stillQuote(instrument: AngelInstrument, now: number): QuoteSource {
  const price = instrument.price;
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

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function onTick(value: number, tick: number): number {
  const step = tick > 0 ? tick : 0.05;
  return Number((Math.round(value / step) * step).toFixed(6));
}

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

export type QuoteMode = 'LTP' | 'OHLC' | 'FULL';

/**
 * One `fetched` entry of `market/v1/quote` (§2.4, JSON numbers, camelCase keys as the docs and SDK
 * mocks print them). Index feeds carry no trades, depth or circuit limits: those are 0.
 */
export function quoteJson(
  instrument: AngelInstrument,
  q: QuoteSource,
  mode: QuoteMode,
  now: number,
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    exchange: instrument.scrip.exch_seg,
    tradingSymbol: instrument.scrip.symbol,
    symbolToken: instrument.scrip.token,
    ltp: q.ltp,
  };
  if (mode === 'LTP') return out;
  Object.assign(out, { open: q.open, high: q.high, low: q.low, close: q.prevClose });
  if (mode === 'OHLC') return out;
  const index = instrument.kind === 'index';
  const tick = instrument.tickSize;
  const band = index ? undefined : circuitBandOf(q, tick);
  const change = q.prevClose > 0 ? round2(q.ltp - q.prevClose) : 0;
  Object.assign(out, {
    lastTradeQty: index ? 0 : q.lastQuantity,
    exchFeedTime: angelDateTime(now),
    exchTradeTime: angelDateTime(q.timestamp),
    netChange: change,
    percentChange: q.prevClose > 0 ? round2((change / q.prevClose) * 100) : 0,
    avgPrice: index || q.volume === 0 ? 0 : onTick((q.high + q.low + q.ltp) / 3, tick),
    tradeVolume: index ? 0 : q.volume,
    opnInterest: q.oi,
    lowerCircuit: band?.lower ?? 0,
    upperCircuit: band?.upper ?? 0,
    totBuyQuan: index ? 0 : sum(q.bids),
    totSellQuan: index ? 0 : sum(q.asks),
    // The sandbox keeps no year of prices: the day's range stands in, as on the SmartStream packet
    // (smartstream/snapshot-packet.ts), so the two feeds agree.
    '52WeekLow': q.low,
    '52WeekHigh': q.high,
    depth: { buy: depthSide(index ? [] : q.bids), sell: depthSide(index ? [] : q.asks) },
  });
  return out;
}

/** `order/v1/getLtpData` (§2.4): the same figures, every value a string. */
export function ltpDataJson(instrument: AngelInstrument, q: QuoteSource): Record<string, string> {
  return {
    exchange: instrument.scrip.exch_seg,
    tradingsymbol: instrument.scrip.symbol,
    symboltoken: instrument.scrip.token,
    open: String(q.open),
    high: String(q.high),
    low: String(q.low),
    close: String(q.prevClose),
    ltp: String(q.ltp),
  };
}
