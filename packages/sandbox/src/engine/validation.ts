import {
  type Action,
  CASH_EXCHANGES,
  DERIVATIVE_EXCHANGES,
  type Exchange,
  isTradableExchange,
  PRICE_TYPE_RULES,
  type PriceType,
  type Product,
} from '@openalgo/core';
import type { InstrumentKind } from './records.js';

/** The fields of an order that the rules look at. */
export interface OrderIntent {
  symbol: string;
  exchange: Exchange;
  kind: InstrumentKind;
  lotSize: number;
  action: Action;
  priceType: PriceType;
  product: Product;
  quantity: number;
  price: number;
  triggerPrice: number;
}

/**
 * Rules that depend only on the order (OpenAlgo's analyzer validation plus the lot-size rule every
 * F&O exchange enforces). Returns the rejection reason, or undefined when the order passes.
 */
export function orderRuleViolation(o: OrderIntent): string | undefined {
  if (!isTradableExchange(o.exchange)) {
    return `${o.symbol} on ${o.exchange} is an index: indices can't be traded, only quoted`;
  }
  if (!Number.isSafeInteger(o.quantity) || o.quantity <= 0) {
    return `Quantity must be a whole number greater than 0 (got ${o.quantity})`;
  }
  return priceRuleViolation(o) ?? productRuleViolation(o) ?? lotSizeViolation(o);
}

export function priceRuleViolation(
  o: Pick<OrderIntent, 'priceType' | 'price' | 'triggerPrice'>,
): string | undefined {
  if (!Number.isFinite(o.price) || o.price < 0) return `Price must be 0 or more (got ${o.price})`;
  if (!Number.isFinite(o.triggerPrice) || o.triggerPrice < 0) {
    return `Trigger price must be 0 or more (got ${o.triggerPrice})`;
  }
  // The engine answers like a broker (a rejected order with a reason), reading core's one table.
  const rule = PRICE_TYPE_RULES[o.priceType];
  if (rule.needsPrice && o.price <= 0) return `A ${o.priceType} order needs a price greater than 0`;
  if (rule.needsTrigger && o.triggerPrice <= 0) {
    return `A ${o.priceType} order needs a trigger price greater than 0`;
  }
  return undefined;
}

function productRuleViolation(o: OrderIntent): string | undefined {
  if (o.product === 'NRML' && CASH_EXCHANGES.has(o.exchange)) {
    return `NRML is not allowed on ${o.exchange} (cash market): use CNC for delivery or MIS for intraday`;
  }
  if (o.product === 'CNC' && DERIVATIVE_EXCHANGES.has(o.exchange)) {
    return `CNC is not allowed on ${o.exchange} (derivatives): use NRML to carry forward or MIS for intraday`;
  }
  return undefined;
}

export function lotSizeViolation(o: Pick<OrderIntent, 'symbol' | 'exchange' | 'lotSize' | 'quantity'>) {
  if (!DERIVATIVE_EXCHANGES.has(o.exchange) || o.lotSize <= 1) return undefined;
  if (o.quantity % o.lotSize === 0) return undefined;
  return `Quantity ${o.quantity} is not a multiple of the lot size ${o.lotSize} of ${o.symbol} on ${o.exchange}`;
}
