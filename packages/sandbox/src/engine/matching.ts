import type { Action } from '@openalgo/core';
import type { MarketSnapshot } from '../market/price-source.js';

export interface Fill {
  quantity: number;
  price: number;
}

interface Level {
  price: number;
  quantity: number;
}

/**
 * The liquidity of one snapshot as the engine consumes it. Orders matched against the same
 * snapshot share one book, so two orders cannot both take the same displayed quantity.
 */
export interface MatchBook {
  ltp: number;
  bid: number;
  ask: number;
  bids: Level[];
  asks: Level[];
  /** False when the source shows no depth on that side: then the best price is taken as unlimited. */
  bidsHaveDepth: boolean;
  asksHaveDepth: boolean;
}

function copyLevels(levels: MarketSnapshot['bids']): Level[] {
  const out: Level[] = [];
  for (const level of levels) out.push({ price: level.price, quantity: level.quantity });
  return out;
}

function hasDepth(levels: readonly Level[]): boolean {
  return levels.some((level) => level.quantity > 0 && level.price > 0);
}

export function bookFrom(snapshot: MarketSnapshot): MatchBook {
  const bids = copyLevels(snapshot.bids);
  const asks = copyLevels(snapshot.asks);
  return {
    ltp: snapshot.ltp,
    bid: snapshot.bid,
    ask: snapshot.ask,
    bids,
    asks,
    bidsHaveDepth: hasDepth(bids),
    asksHaveDepth: hasDepth(asks),
  };
}

/** Where a market order would trade: BUY at the ask, SELL at the bid, the LTP when that side is empty. */
export function marketPrice(book: Pick<MatchBook, 'ltp' | 'bid' | 'ask'>, action: Action): number {
  const best = action === 'BUY' ? book.ask : book.bid;
  return best > 0 ? best : book.ltp;
}

/** A stop-loss BUY triggers when the LTP rises to the trigger, a SELL when it falls to it. */
export function isTriggered(action: Action, triggerPrice: number, ltp: number): boolean {
  if (ltp <= 0) return false;
  return action === 'BUY' ? ltp >= triggerPrice : ltp <= triggerPrice;
}

export interface Executable {
  action: Action;
  /** Undefined for market orders (MARKET, triggered SL-M). */
  limit: number | undefined;
  remaining: number;
}

/**
 * The fills available to an order right now, consuming the book.
 *
 * An order that arrives (placement, modification, the moment a stop triggers) takes the book's
 * prices, best first, up to its limit — a marketable LIMIT BUY at 105 against an ask of 100 fills
 * at 100. A limit order that was already resting fills at its own limit price when the market
 * crosses it, as the passive side of a real exchange trade does (and as OpenAlgo's analyzer fills
 * resting limits). Displayed depth bounds the quantity; what is left stays open for later
 * snapshots. When the source shows no depth on that side, the best price is taken as unlimited.
 */
export function takeFills(order: Executable, book: MatchBook, arriving: boolean): Fill[] {
  const { action, limit } = order;
  const crosses = (price: number) =>
    limit === undefined || (action === 'BUY' ? price <= limit : price >= limit);
  const priceFor = (levelPrice: number) => (limit !== undefined && !arriving ? limit : levelPrice);
  const withDepth = action === 'BUY' ? book.asksHaveDepth : book.bidsHaveDepth;
  if (!withDepth) {
    const best = marketPrice(book, action);
    if (best <= 0 || !crosses(best) || order.remaining <= 0) return [];
    return [{ quantity: order.remaining, price: priceFor(best) }];
  }
  const levels = action === 'BUY' ? book.asks : book.bids;
  const fills: Fill[] = [];
  let left = order.remaining;
  for (const level of levels) {
    if (left <= 0) break;
    if (level.quantity <= 0 || level.price <= 0) continue;
    if (!crosses(level.price)) break;
    const quantity = Math.min(left, level.quantity);
    level.quantity -= quantity;
    left -= quantity;
    const price = priceFor(level.price);
    const last = fills[fills.length - 1];
    if (last && last.price === price) last.quantity += quantity;
    else fills.push({ quantity, price });
  }
  return fills;
}
