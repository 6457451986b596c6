import type { Action, Instrument, PriceType, Product } from '@openalgo/core';
import { circuitBandOf } from '../market/circuit.js';
import type { MarketSnapshot } from '../market/price-source.js';
import type { AccountBook } from './book.js';
import { isWorking } from './book.js';
import { bookFrom, marketPrice } from './matching.js';
import { formatRupees, money } from './money.js';
import { type FlowContext, matchOrder, orderMargin } from './order-flow.js';
import { type InstrumentKind, instrumentKey, type OrderRecord, positionKey } from './records.js';
import type { Schedule } from './schedule.js';
import type { Transaction } from './transaction.js';
import { circuitViolation, type OrderIntent, orderRuleViolation } from './validation.js';
import { availableCash } from './views.js';

export interface PlaceOrderInput {
  /** The instrument, already resolved from the symbol (lot size and type drive the rules). */
  instrument: Pick<Instrument, 'symbol' | 'exchange' | 'lotSize' | 'tickSize' | 'instrumentType'>;
  action: Action;
  quantity: number;
  priceType: PriceType;
  product: Product;
  price: number;
  triggerPrice: number;
  /** The client order id, kept as the order's tag. */
  tag?: string;
}

function intentOf(input: PlaceOrderInput, kind: InstrumentKind): OrderIntent {
  return {
    symbol: input.instrument.symbol,
    exchange: input.instrument.exchange,
    kind,
    lotSize: input.instrument.lotSize,
    tickSize: input.instrument.tickSize,
    action: input.action,
    priceType: input.priceType,
    product: input.product,
    quantity: input.quantity,
    price: input.price,
    triggerPrice: input.triggerPrice,
  };
}

/** Rules that need neither prices nor account state; checked before a quote is fetched. */
export function placeRuleViolation(input: PlaceOrderInput, kind: InstrumentKind): string | undefined {
  return orderRuleViolation(intentOf(input, kind));
}

/** The price margin is blocked at: the limit, the trigger for SL-M, the touch for MARKET. */
export function marginPrice(
  o: Pick<OrderRecord, 'priceType' | 'price' | 'triggerPrice' | 'action'>,
  snapshot: MarketSnapshot,
): number {
  switch (o.priceType) {
    case 'MARKET':
      return marketPrice(snapshot, o.action);
    case 'SL-M':
      return o.triggerPrice;
    default:
      return o.price;
  }
}

/**
 * What a CNC sell may sell: settled holdings plus today's CNC buys (an intraday buy-then-sell on
 * CNC is allowed against the day's position), less what other working CNC sells already claim.
 */
export function sellableQuantity(
  book: AccountBook,
  tx: Transaction,
  symbol: string,
  exchange: OrderRecord['exchange'],
) {
  const key = instrumentKey(exchange, symbol);
  const settled = tx.peekHolding(key)?.quantity ?? 0;
  const bought = Math.max(0, tx.peekPosition(positionKey(exchange, symbol, 'CNC'))?.netQuantity ?? 0);
  let claimed = 0;
  for (const resting of book.workingOrders(key)) {
    const current = tx.peekOrder(resting.orderId) ?? resting;
    if (isWorking(current) && current.product === 'CNC' && current.action === 'SELL') {
      claimed += current.quantity - current.filledQuantity;
    }
  }
  return { settled, bought, claimed, sellable: Math.max(0, settled + bought - claimed) };
}

interface PlaceArgs {
  input: PlaceOrderInput;
  kind: InstrumentKind;
  /** A rule the order already broke (checked before the quote). */
  violation: string | undefined;
  snapshot: MarketSnapshot | undefined;
  now: number;
  schedule: Schedule;
}

/** Validates with state and prices, records the order (rejected or working) and matches it at once. */
export function placeInTransaction(ctx: FlowContext, tx: Transaction, args: PlaceArgs): OrderRecord {
  const { input, kind, snapshot, now } = args;
  const { orderId, sequence } = tx.nextOrderId(now);
  const order: OrderRecord = {
    orderId,
    sequence,
    tag: input.tag,
    symbol: input.instrument.symbol,
    exchange: input.instrument.exchange,
    kind,
    lotSize: input.instrument.lotSize,
    action: input.action,
    priceType: input.priceType,
    product: input.product,
    quantity: input.quantity,
    filledQuantity: 0,
    price: input.price,
    triggerPrice: input.triggerPrice,
    averagePrice: 0,
    status: input.priceType === 'SL' || input.priceType === 'SL-M' ? 'trigger_pending' : 'open',
    statusMessage: undefined,
    blockedMargin: 0,
    createdAt: now,
    updatedAt: now,
  };
  tx.addOrder(order);
  let reason = args.violation;
  let margin = 0;
  if (!reason && snapshot) {
    reason = circuitViolation(order, circuitBandOf(snapshot, input.instrument.tickSize));
  }
  if (!reason && snapshot) {
    const misClosed =
      order.product === 'MIS' ? args.schedule.misWindowViolation(order.exchange, now) : undefined;
    reason = misClosed ?? holdingsViolation(ctx, tx, order);
  }
  if (!reason && snapshot) {
    const price = marginPrice(order, snapshot);
    if (price <= 0) {
      reason = `No market price for ${order.symbol} on ${order.exchange}: a MARKET order can't be priced`;
    } else {
      margin = orderMargin(ctx, tx, order, order.quantity, price);
      const available = availableCash(ctx.book, tx.account);
      if (margin > available) {
        reason = `Insufficient funds: required ${formatRupees(margin)}, available ${formatRupees(available)}`;
      }
    }
  }
  if (reason || !snapshot) {
    order.status = 'rejected';
    order.statusMessage = reason ?? 'Rejected: no quote for the instrument';
    tx.emit(order);
    return order;
  }
  order.blockedMargin = margin;
  tx.account.usedMargin = money(tx.account.usedMargin + margin);
  tx.emit(order);
  matchOrder(ctx, tx, orderId, bookFrom(snapshot), true, now);
  return order;
}

function holdingsViolation(ctx: FlowContext, tx: Transaction, order: OrderRecord): string | undefined {
  if (order.product !== 'CNC' || order.action !== 'SELL') return undefined;
  const { settled, bought, claimed, sellable } = sellableQuantity(ctx.book, tx, order.symbol, order.exchange);
  if (order.quantity <= sellable) return undefined;
  return (
    `Insufficient holdings to sell ${order.quantity} ${order.symbol} on CNC: ${sellable} sellable ` +
    `(holdings ${settled}, bought today ${bought}, in other sell orders ${claimed})`
  );
}
