import type { MarketSnapshot } from '@openalgo/sandbox';
import type { PacketData, PacketLevel } from './encode.js';

function total(levels: MarketSnapshot['bids']): number {
  let sum = 0;
  for (const level of levels) sum += level.quantity;
  return sum;
}

function level(l: MarketSnapshot['bids'][number]): PacketLevel {
  return { price: l.price, quantity: l.quantity, orders: l.orders ?? 1 };
}

/**
 * A sandbox snapshot in SmartStream's terms. The sandbox has no VWAP, last-trade time or 52-week range:
 * the average is the day's typical price on the instrument's tick, the last trade is the snapshot's
 * moment, and the 52-week range is the day's (a simulator's stand-in, never zero).
 */
export function packetFromSnapshot(
  exchangeType: number,
  token: string,
  tickSize: number,
  sequence: number,
  s: MarketSnapshot,
): PacketData {
  const tick = tickSize > 0 ? tickSize : 0.05;
  const average = s.volume > 0 ? Math.round((s.high + s.low + s.ltp) / 3 / tick) * tick : 0;
  return {
    exchangeType,
    token,
    sequence,
    exchangeTimestamp: s.timestamp,
    ltp: s.ltp,
    lastQuantity: s.lastQuantity,
    averagePrice: average,
    volume: s.volume,
    totalBuyQuantity: total(s.bids),
    totalSellQuantity: total(s.asks),
    open: s.open,
    high: s.high,
    low: s.low,
    close: s.prevClose,
    lastTradedTimestamp: s.timestamp,
    openInterest: s.oi,
    bids: s.bids.map(level),
    asks: s.asks.map(level),
    upperCircuit: s.upperCircuit ?? 0,
    lowerCircuit: s.lowerCircuit ?? 0,
    high52Week: s.high,
    low52Week: s.low,
  };
}
