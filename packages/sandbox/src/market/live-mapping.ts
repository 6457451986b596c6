import type { Depth, DepthLevel, Quote, Tick } from '@openalgo/core';
import { DEPTH_LEVELS } from './depth.js';
import type { MarketSnapshot } from './price-source.js';

function topLevels(levels: readonly DepthLevel[]): DepthLevel[] {
  return levels.slice(0, DEPTH_LEVELS).map((level) => ({ ...level }));
}

/** A full depth answer: five levels a side straight from the broker. */
export function snapshotFromDepth(depth: Depth, now: number): MarketSnapshot {
  const bids = topLevels(depth.bids);
  const asks = topLevels(depth.asks);
  return {
    symbol: depth.symbol,
    exchange: depth.exchange,
    ltp: depth.ltp,
    bid: bids[0]?.price ?? 0,
    ask: asks[0]?.price ?? 0,
    bids,
    asks,
    open: depth.open,
    high: depth.high,
    low: depth.low,
    prevClose: depth.prevClose,
    volume: depth.volume,
    oi: depth.oi,
    lastQuantity: depth.ltq,
    timestamp: now,
  };
}

/** A quote has only the best bid and ask: one level a side, empty where the side is 0. */
export function snapshotFromQuote(quote: Quote, now: number): MarketSnapshot {
  const bids = quote.bid > 0 ? [{ price: quote.bid, quantity: quote.bidQuantity ?? 0 }] : [];
  const asks = quote.ask > 0 ? [{ price: quote.ask, quantity: quote.askQuantity ?? 0 }] : [];
  return {
    symbol: quote.symbol,
    exchange: quote.exchange,
    ltp: quote.ltp,
    bid: quote.bid,
    ask: quote.ask,
    bids,
    asks,
    open: quote.open,
    high: quote.high,
    low: quote.low,
    prevClose: quote.prevClose,
    volume: quote.volume,
    oi: quote.oi,
    lastQuantity: 0,
    timestamp: now,
  };
}

/** The book still makes sense around a new last price (an empty side does not contradict it). */
function bookBrackets(snapshot: MarketSnapshot, ltp: number): boolean {
  return (snapshot.bid === 0 || snapshot.bid <= ltp) && (snapshot.ask === 0 || snapshot.ask >= ltp);
}

/**
 * A stream tick merged over the last snapshot: ltp- and quote-mode ticks carry no book, so the
 * previous book is kept while it still brackets the new price and dropped (bid/ask 0, which the
 * engine reads as "use the last price") once it does not. A traded price is always inside the day's
 * range, so high/low are widened to include it (the engine's stale-quote guard relies on that).
 */
export function snapshotFromTick(
  tick: Tick,
  previous: MarketSnapshot | undefined,
  now: number,
): MarketSnapshot {
  const { ltp } = tick;
  let bids: DepthLevel[] = [];
  let asks: DepthLevel[] = [];
  if (tick.bids || tick.asks) {
    bids = topLevels(tick.bids ?? []);
    asks = topLevels(tick.asks ?? []);
  } else if (previous && bookBrackets(previous, ltp)) {
    ({ bids, asks } = previous);
  }
  const high = tick.high ?? previous?.high ?? ltp;
  const low = tick.low ?? previous?.low ?? ltp;
  return {
    symbol: tick.symbol,
    exchange: tick.exchange,
    ltp,
    bid: bids[0]?.price ?? 0,
    ask: asks[0]?.price ?? 0,
    bids,
    asks,
    open: tick.open ?? previous?.open ?? ltp,
    high: Math.max(high, ltp),
    low: low > 0 ? Math.min(low, ltp) : ltp,
    prevClose: tick.close ?? previous?.prevClose ?? 0,
    volume: tick.volume ?? previous?.volume ?? 0,
    oi: tick.oi ?? previous?.oi ?? 0,
    lastQuantity: tick.lastQuantity ?? 0,
    timestamp: now,
  };
}
