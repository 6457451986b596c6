import { istDate } from '@openalgo/core';
import { isWorking } from './book.js';
import { averagePrice, money } from './money.js';
import { cancelWorkingOrder, executeFill, type FlowContext, opposite } from './order-flow.js';
import type { MarketAccess } from './prices.js';
import { type HoldingRecord, instrumentKey, type OrderRecord } from './records.js';
import type { TimedEvent } from './schedule.js';
import type { Transaction } from './transaction.js';

export interface DayContext extends FlowContext {
  prices: MarketAccess;
}

/** Runs one scheduled event inside the catch-up transaction. */
export function runTimedEvent(ctx: DayContext, tx: Transaction, event: TimedEvent): void {
  if (event.kind === 'squareOff') squareOff(ctx, tx, event);
  else startDay(ctx, tx, event);
}

/** Working orders as this transaction sees them (earlier events of the batch may have ended some). */
function* workingOrders(ctx: DayContext, tx: Transaction): Generator<OrderRecord> {
  for (const bucket of ctx.book.working.values()) {
    for (const resting of bucket.values()) {
      const current = tx.peekOrder(resting.orderId);
      if (current && isWorking(current)) yield current;
    }
  }
}

/**
 * The exchange's MIS square-off: working MIS orders are cancelled and every open MIS position is
 * closed with a market order. It fills in full at the best price known (no depth limit: a broker's
 * square-off does not leave a position half open). When the work is caught up late (a restart
 * after the time), the price is the latest one, since a price source has no past quotes.
 */
function squareOff(
  ctx: DayContext,
  tx: Transaction,
  event: Extract<TimedEvent, { kind: 'squareOff' }>,
): void {
  const exchanges = new Set(event.exchanges);
  for (const order of [...workingOrders(ctx, tx)]) {
    if (order.product !== 'MIS' || !exchanges.has(order.exchange)) continue;
    const draft = tx.order(order.orderId) as OrderRecord;
    cancelWorkingOrder(tx, draft, `Cancelled by the MIS square-off at ${event.time} IST`, event.at);
  }
  for (const key of [...ctx.book.positions.keys()]) {
    const position = tx.peekPosition(key);
    if (position?.product !== 'MIS' || position.netQuantity === 0) continue;
    if (!exchanges.has(position.exchange)) continue;
    const action = opposite(position.netQuantity > 0 ? 'BUY' : 'SELL');
    const ref = instrumentKey(position.exchange, position.symbol);
    const price = ctx.prices.marketPrice(ref, action) || position.lastPrice || position.averagePrice;
    const { orderId, sequence } = tx.nextOrderId(event.at);
    const order: OrderRecord = {
      orderId,
      sequence,
      tag: undefined,
      symbol: position.symbol,
      exchange: position.exchange,
      kind: position.kind,
      lotSize: 1,
      action,
      priceType: 'MARKET',
      product: 'MIS',
      quantity: Math.abs(position.netQuantity),
      filledQuantity: 0,
      price: 0,
      triggerPrice: 0,
      averagePrice: 0,
      status: 'open',
      statusMessage: `MIS square-off at ${event.time} IST`,
      blockedMargin: 0,
      createdAt: event.at,
      updatedAt: event.at,
    };
    tx.addOrder(order);
    executeFill(ctx, tx, order, { quantity: order.quantity, price }, event.at);
    tx.emit(order);
  }
}

/**
 * A new IST day: yesterday's unfilled orders expire (orders are valid for the day), day figures
 * reset and flat positions drop off. On a trading day, CNC positions bought on earlier days settle
 * into holdings (T+1: a Friday buy settles on Monday); until then they show as T1 quantity.
 */
function startDay(ctx: DayContext, tx: Transaction, event: Extract<TimedEvent, { kind: 'dayStart' }>): void {
  const previousDay = istDate(event.at - 1);
  for (const order of [...workingOrders(ctx, tx)]) {
    const draft = tx.order(order.orderId) as OrderRecord;
    cancelWorkingOrder(
      tx,
      draft,
      `Expired at the end of ${previousDay}: orders are valid for the day`,
      event.at,
    );
  }
  for (const key of [...ctx.book.positions.keys()]) {
    if (!tx.peekPosition(key)) continue;
    const position = tx.position(key);
    if (!position) continue;
    if (position.product === 'CNC' && event.tradingDay) {
      if (position.netQuantity > 0) settleIntoHoldings(tx, position, event.at);
      tx.account.usedMargin = money(tx.account.usedMargin - position.margin);
      tx.deletePosition(key);
      continue;
    }
    if (position.netQuantity === 0) {
      tx.deletePosition(key);
      continue;
    }
    position.dayBuyQuantity = 0;
    position.dayBuyValue = 0;
    position.daySellQuantity = 0;
    position.daySellValue = 0;
    position.soldFromHoldings = 0;
    position.realisedPnl = 0;
    position.updatedAt = event.at;
  }
}

/** Moves a CNC long into holdings: the money paid becomes the holding's cost instead of margin. */
function settleIntoHoldings(
  tx: Transaction,
  position: {
    exchange: HoldingRecord['exchange'];
    symbol: string;
    netQuantity: number;
    averagePrice: number;
    lastPrice: number;
  },
  at: number,
): void {
  const key = instrumentKey(position.exchange, position.symbol);
  const holding = tx.holding(key) ?? {
    key,
    symbol: position.symbol,
    exchange: position.exchange,
    quantity: 0,
    averagePrice: 0,
    cost: 0,
    lastPrice: 0,
    updatedAt: at,
  };
  const quantity = holding.quantity + position.netQuantity;
  holding.averagePrice = averagePrice(
    holding.quantity * holding.averagePrice + position.netQuantity * position.averagePrice,
    quantity,
  );
  holding.cost = money(holding.cost + position.netQuantity * position.averagePrice);
  holding.quantity = quantity;
  holding.lastPrice = position.lastPrice || holding.lastPrice;
  holding.updatedAt = at;
  tx.putHolding(holding);
}
