import type { Action, Exchange, Product } from '@openalgo/core';
import { marginFor, proportion } from './margin.js';
import { averagePrice, money } from './money.js';
import { type InstrumentKind, type PositionRecord, positionKey } from './records.js';

/** What one fill did to a position, for the account's books. */
export interface FillEffect {
  realised: number;
  marginReleased: number;
  marginAdded: number;
}

export function emptyPosition(
  instrument: { symbol: string; exchange: Exchange; kind: InstrumentKind },
  product: Product,
  at: number,
): PositionRecord {
  return {
    key: positionKey(instrument.exchange, instrument.symbol, product),
    symbol: instrument.symbol,
    exchange: instrument.exchange,
    product,
    kind: instrument.kind,
    netQuantity: 0,
    averagePrice: 0,
    margin: 0,
    realisedPnl: 0,
    dayBuyQuantity: 0,
    dayBuyValue: 0,
    daySellQuantity: 0,
    daySellValue: 0,
    soldFromHoldings: 0,
    lastPrice: 0,
    updatedAt: at,
  };
}

/** Counts a fill in the day's buy/sell totals (also for shares sold out of holdings). */
export function recordDayTrade(
  position: PositionRecord,
  action: Action,
  quantity: number,
  price: number,
): void {
  if (action === 'BUY') {
    position.dayBuyQuantity += quantity;
    position.dayBuyValue = money(position.dayBuyValue + quantity * price);
  } else {
    position.daySellQuantity += quantity;
    position.daySellValue = money(position.daySellValue + quantity * price);
  }
}

/**
 * Applies a fill to a position (mutating the draft). A fill against the position first closes
 * exposure — booking realised P&L against the average price and releasing that share of the held
 * margin — and whatever is left opens exposure the other way at the fill price, needing new margin.
 * So closing a long never needs funds, and a reversal through zero books the close and margins the
 * new side in one step.
 */
export function applyFill(
  position: PositionRecord,
  action: Action,
  quantity: number,
  price: number,
  leverageOf: (direction: Action) => number,
): FillEffect {
  recordDayTrade(position, action, quantity, price);
  position.lastPrice = price;
  const signed = action === 'BUY' ? quantity : -quantity;
  const net = position.netQuantity;
  if (net === 0 || Math.sign(net) === Math.sign(signed)) {
    const held = Math.abs(net);
    position.averagePrice = averagePrice(held * position.averagePrice + quantity * price, held + quantity);
    position.netQuantity = net + signed;
    const marginAdded = marginFor(quantity, price, leverageOf(action));
    position.margin = money(position.margin + marginAdded);
    return { realised: 0, marginReleased: 0, marginAdded };
  }
  const held = Math.abs(net);
  const closing = Math.min(quantity, held);
  const direction = net > 0 ? 1 : -1;
  const realised = money((price - position.averagePrice) * closing * direction);
  const marginReleased = proportion(position.margin, closing, held);
  position.margin = money(position.margin - marginReleased);
  position.realisedPnl = money(position.realisedPnl + realised);
  position.netQuantity = net - direction * closing;
  if (position.netQuantity === 0) position.averagePrice = 0;
  const opening = quantity - closing;
  let marginAdded = 0;
  if (opening > 0) {
    position.netQuantity = signed > 0 ? opening : -opening;
    position.averagePrice = price;
    marginAdded = marginFor(opening, price, leverageOf(action));
    position.margin = money(position.margin + marginAdded);
  }
  return { realised, marginReleased, marginAdded };
}

/** Unrealised P&L of the open exposure at `ltp`. */
export function unrealisedPnl(
  position: Pick<PositionRecord, 'netQuantity' | 'averagePrice'>,
  ltp: number,
): number {
  if (position.netQuantity === 0 || ltp <= 0) return 0;
  return money((ltp - position.averagePrice) * position.netQuantity);
}
