import type { Action, Product } from '@openalgo/core';
import type { AccountBook } from './book.js';
import { isWorking } from './book.js';
import { leverageFor, marginFor, proportion } from './margin.js';
import { type Fill, isTriggered, type MatchBook, takeFills } from './matching.js';
import { averagePrice, money } from './money.js';
import { applyFill, emptyPosition, recordDayTrade } from './positions.js';
import {
  type InstrumentKind,
  instrumentKey,
  type OrderRecord,
  type PositionRecord,
  positionKey,
} from './records.js';
import type { LeverageSettings } from './settings.js';
import type { Transaction } from './transaction.js';

/** What the order-level steps need besides the transaction. */
export interface FlowContext {
  book: AccountBook;
  leverage: LeverageSettings;
}

interface Exposure {
  symbol: string;
  exchange: OrderRecord['exchange'];
  kind: InstrumentKind;
  product: Product;
  action: Action;
}

export function opposite(action: Action): Action {
  return action === 'BUY' ? 'SELL' : 'BUY';
}

/**
 * How much of `quantity` would open new exposure. An order against the position closes first and
 * needs no margin for that part — less whatever other working orders on the same side have already
 * claimed, so two exits can't both count the same shares as "closing". A CNC sell always sells
 * shares the account owns (checked against holdings), so it never opens anything.
 */
export function openingQuantity(
  ctx: FlowContext,
  tx: Transaction,
  o: Exposure,
  quantity: number,
  excludeOrderId?: string,
): number {
  if (o.product === 'CNC' && o.action === 'SELL') return 0;
  const net = tx.peekPosition(positionKey(o.exchange, o.symbol, o.product))?.netQuantity ?? 0;
  const reduces = o.action === 'BUY' ? net < 0 : net > 0;
  if (!reduces) return quantity;
  let claimed = 0;
  for (const resting of ctx.book.workingOrders(instrumentKey(o.exchange, o.symbol))) {
    if (resting.orderId === excludeOrderId) continue;
    const current = tx.peekOrder(resting.orderId) ?? resting;
    if (isWorking(current) && current.product === o.product && current.action === o.action) {
      claimed += current.quantity - current.filledQuantity;
    }
  }
  const closable = Math.max(0, Math.abs(net) - claimed);
  return Math.max(0, quantity - closable);
}

/** Margin an order must block for `quantity` still to fill, priced at `price`. */
export function orderMargin(
  ctx: FlowContext,
  tx: Transaction,
  o: Exposure,
  quantity: number,
  price: number,
  excludeOrderId?: string,
): number {
  const opening = openingQuantity(ctx, tx, o, quantity, excludeOrderId);
  if (opening === 0) return 0;
  return marginFor(opening, price, leverageFor(ctx.leverage, o.kind, o.product, o.action));
}

/** Ends a working order, releasing the margin it still blocks. */
export function cancelWorkingOrder(tx: Transaction, order: OrderRecord, message: string, at: number): void {
  tx.account.usedMargin = money(tx.account.usedMargin - order.blockedMargin);
  order.blockedMargin = 0;
  order.status = 'cancelled';
  order.statusMessage = message;
  order.updatedAt = at;
  tx.emit(order);
}

/**
 * Checks one working order against the market and executes what it can. A pending stop triggers
 * when the LTP reaches it and then arrives like a fresh order (SL as a limit, SL-M at market).
 */
export function matchOrder(
  ctx: FlowContext,
  tx: Transaction,
  orderId: string,
  book: MatchBook,
  arriving: boolean,
  at: number,
): void {
  let order = tx.peekOrder(orderId);
  if (!order) return;
  if (order.status === 'trigger_pending') {
    if (!isTriggered(order.action, order.triggerPrice, book.ltp)) return;
    order = tx.order(orderId) as OrderRecord;
    order.status = 'open';
    order.updatedAt = at;
    tx.emit(order);
    arriving = true;
  }
  if (order.status !== 'open') return;
  const limit = order.priceType === 'LIMIT' || order.priceType === 'SL' ? order.price : undefined;
  const remaining = order.quantity - order.filledQuantity;
  const fills = takeFills({ action: order.action, limit, remaining }, book, arriving);
  if (fills.length === 0) return;
  const draft = tx.order(orderId) as OrderRecord;
  for (const fill of fills) executeFill(ctx, tx, draft, fill, at);
  tx.emit(draft);
}

/** Books one fill: the trade, the order's progress, the position and the account's money. */
export function executeFill(
  ctx: FlowContext,
  tx: Transaction,
  order: OrderRecord,
  fill: Fill,
  at: number,
): void {
  const { tradeId, sequence } = tx.nextTradeId(at);
  tx.addTrade({
    tradeId,
    sequence,
    orderId: order.orderId,
    symbol: order.symbol,
    exchange: order.exchange,
    action: order.action,
    product: order.product,
    quantity: fill.quantity,
    price: fill.price,
    at,
  });
  const remainingBefore = order.quantity - order.filledQuantity;
  const filledAfter = order.filledQuantity + fill.quantity;
  order.averagePrice = averagePrice(
    order.averagePrice * order.filledQuantity + fill.price * fill.quantity,
    filledAfter,
  );
  order.filledQuantity = filledAfter;
  const unblocked = proportion(order.blockedMargin, fill.quantity, remainingBefore);
  order.blockedMargin = money(order.blockedMargin - unblocked);
  order.updatedAt = at;
  if (filledAfter >= order.quantity) order.status = 'complete';

  const account = tx.account;
  let used = account.usedMargin - unblocked;
  const position = positionFor(tx, order, at);
  let toPosition = fill.quantity;
  if (order.product === 'CNC' && order.action === 'SELL') {
    const fromHoldings = fill.quantity - Math.min(fill.quantity, Math.max(0, position.netQuantity));
    toPosition -= sellFromHoldings(tx, position, fromHoldings, fill.price, at);
  }
  if (toPosition > 0) {
    const effect = applyFill(position, order.action, toPosition, fill.price, (direction) =>
      leverageFor(ctx.leverage, order.kind, order.product, direction),
    );
    used += effect.marginAdded - effect.marginReleased;
    account.realisedPnl = money(account.realisedPnl + effect.realised);
  }
  account.usedMargin = money(used);
  position.updatedAt = at;
}

function positionFor(tx: Transaction, order: OrderRecord, at: number): PositionRecord {
  const key = positionKey(order.exchange, order.symbol, order.product);
  const existing = tx.position(key);
  if (existing) return existing;
  const created = emptyPosition(order, order.product, at);
  tx.putPosition(created);
  return created;
}

/**
 * Sells shares out of settled holdings (a CNC sell beyond today's CNC buys): the holding shrinks
 * now, its cost is released and the P&L against its average is booked. Returns the quantity taken.
 */
function sellFromHoldings(
  tx: Transaction,
  position: PositionRecord,
  quantity: number,
  price: number,
  at: number,
): number {
  if (quantity <= 0) return 0;
  const holding = tx.holding(instrumentKey(position.exchange, position.symbol));
  if (!holding || holding.quantity <= 0) return 0;
  const taken = Math.min(quantity, holding.quantity);
  const realised = money((price - holding.averagePrice) * taken);
  const costReleased = proportion(holding.cost, taken, holding.quantity);
  holding.quantity -= taken;
  holding.cost = money(holding.cost - costReleased);
  holding.lastPrice = price;
  holding.updatedAt = at;
  if (holding.quantity === 0) tx.deleteHolding(holding.key);
  recordDayTrade(position, 'SELL', taken, price);
  position.soldFromHoldings += taken;
  position.realisedPnl = money(position.realisedPnl + realised);
  position.lastPrice = price;
  tx.account.realisedPnl = money(tx.account.realisedPnl + realised);
  return taken;
}
