import {
  InsufficientFundsError,
  InvalidOrderError,
  type OpenAlgoError,
  type PriceType,
} from '@openalgo/core';
import { circuitBandOf } from '../market/circuit.js';
import type { MarketSnapshot } from '../market/price-source.js';
import { isWorking } from './book.js';
import { notWorking, orderNotFound } from './errors.js';
import { bookFrom } from './matching.js';
import { formatRupees, money } from './money.js';
import { type FlowContext, matchOrder, orderMargin } from './order-flow.js';
import { marginPrice } from './place.js';
import type { OrderRecord } from './records.js';
import type { Transaction } from './transaction.js';
import { circuitViolation, instrumentRuleViolation, priceRuleViolation } from './validation.js';
import { availableCash } from './views.js';

/** The new terms of a working order (symbol, side and product can't change: cancel and re-place). */
export interface ModifyOrderInput {
  orderId: string;
  quantity: number;
  priceType: PriceType;
  price: number;
  triggerPrice: number;
  /** The instrument's price step (the record does not keep it); 0 or absent leaves prices unchecked. */
  tickSize?: number;
}

function invalid(order: OrderRecord, reason: string): OpenAlgoError {
  return new InvalidOrderError(`Can't modify order ${order.orderId}: ${reason}`, {
    broker: 'sandbox',
    details: { orderId: order.orderId },
  });
}

/** Checks that need no quote; throws INVALID_ORDER with the reason. */
export function prepareModify(order: OrderRecord, input: ModifyOrderInput): void {
  if (!isWorking(order)) throw notWorking(order, 'modified');
  if (!Number.isSafeInteger(input.quantity) || input.quantity <= 0) {
    throw invalid(order, `quantity must be a whole number greater than 0 (got ${input.quantity})`);
  }
  if (input.quantity < order.filledQuantity) {
    throw invalid(order, `${order.filledQuantity} are already filled, so the quantity can't go below that`);
  }
  const priceProblem = priceRuleViolation(input);
  if (priceProblem) throw invalid(order, priceProblem);
  const instrumentProblem = instrumentRuleViolation({ ...order, ...input, tickSize: input.tickSize ?? 0 });
  if (instrumentProblem) throw invalid(order, instrumentProblem);
}

function isStop(priceType: PriceType): boolean {
  return priceType === 'SL' || priceType === 'SL-M';
}

/**
 * Applies a modification: the blocked margin is re-computed for the new terms and only the
 * difference is taken from (or returned to) the account; a modification the funds can't cover is
 * refused and the order stays as it was. The modified order then meets the market at once.
 */
export function applyModify(
  ctx: FlowContext,
  tx: Transaction,
  input: ModifyOrderInput,
  snapshot: MarketSnapshot,
  now: number,
): OrderRecord {
  const order = tx.order(input.orderId);
  if (!order) throw orderNotFound(input.orderId);
  // The order may have filled or been cancelled while the quote was fetched.
  prepareModify(order, input);
  const outOfBand = circuitViolation({ ...order, ...input }, circuitBandOf(snapshot, input.tickSize ?? 0));
  if (outOfBand) throw invalid(order, outOfBand);
  const remaining = input.quantity - order.filledQuantity;
  const terms = { ...order, ...input };
  const price = marginPrice(terms, snapshot);
  const margin = remaining === 0 ? 0 : orderMargin(ctx, tx, terms, remaining, price, order.orderId);
  const extra = money(margin - order.blockedMargin);
  const available = availableCash(ctx.book, tx.account);
  if (extra > 0 && extra > available) {
    throw new InsufficientFundsError(
      `Can't modify order ${order.orderId}: insufficient funds: required ${formatRupees(extra)} more, ` +
        `available ${formatRupees(available)}`,
      { broker: 'sandbox', details: { orderId: order.orderId } },
    );
  }
  const wasTriggered = isStop(order.priceType) && order.status === 'open';
  order.quantity = input.quantity;
  order.priceType = input.priceType;
  order.price = input.price;
  order.triggerPrice = input.triggerPrice;
  order.blockedMargin = margin;
  order.updatedAt = now;
  tx.account.usedMargin = money(tx.account.usedMargin + extra);
  if (remaining === 0) {
    order.status = 'complete';
  } else {
    order.status = isStop(input.priceType) && !wasTriggered ? 'trigger_pending' : 'open';
  }
  tx.emit(order);
  if (remaining > 0) matchOrder(ctx, tx, order.orderId, bookFrom(snapshot), true, now);
  return order;
}
