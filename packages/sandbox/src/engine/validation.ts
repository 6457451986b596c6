import {
  type Action,
  CASH_EXCHANGES,
  DERIVATIVE_EXCHANGES,
  type Exchange,
  type FieldIssue,
  instrumentRuleIssues,
  isTradableExchange,
  PRICE_TYPE_RULES,
  type PriceType,
  type Product,
} from '@openalgo/core';
import { type CircuitBand, insideBand } from '../market/circuit.js';
import type { InstrumentKind } from './records.js';

/** The fields of an order that the rules look at. */
export interface OrderIntent {
  symbol: string;
  exchange: Exchange;
  kind: InstrumentKind;
  lotSize: number;
  /** Price step of the instrument; 0 when the master does not say (then prices are not checked). */
  tickSize: number;
  action: Action;
  priceType: PriceType;
  product: Product;
  quantity: number;
  price: number;
  triggerPrice: number;
}

/**
 * Rules that depend only on the order (OpenAlgo's analyzer validation plus the instrument's tick size
 * and lot size, which every exchange enforces). Returns the rejection reason, or undefined when the
 * order passes.
 */
export function orderRuleViolation(o: OrderIntent): string | undefined {
  if (!isTradableExchange(o.exchange)) {
    return `${o.symbol} on ${o.exchange} is an index: indices can't be traded, only quoted`;
  }
  if (!Number.isSafeInteger(o.quantity) || o.quantity <= 0) {
    return `Quantity must be a whole number greater than 0 (got ${o.quantity})`;
  }
  return priceRuleViolation(o) ?? productRuleViolation(o) ?? instrumentRuleViolation(o);
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

const FIELD_WORDS: Record<string, string> = {
  price: 'Price',
  triggerPrice: 'Trigger price',
  quantity: 'Quantity',
};

/**
 * Tick size and lot size, read from core's one rule (`instrumentRuleIssues`): a price or trigger off the
 * tick, a quantity that is not a whole number of lots. Lots apply on derivative exchanges only, where
 * the master's lot size is a contract size (cash rows carry 1).
 */
export function instrumentRuleViolation(
  o: Pick<
    OrderIntent,
    'symbol' | 'exchange' | 'lotSize' | 'tickSize' | 'priceType' | 'price' | 'triggerPrice' | 'quantity'
  >,
): string | undefined {
  const lotSize = DERIVATIVE_EXCHANGES.has(o.exchange) ? o.lotSize : 1;
  const issues: FieldIssue[] = instrumentRuleIssues(o, { tickSize: o.tickSize, lotSize });
  const first = issues[0];
  if (!first) return undefined;
  return `${FIELD_WORDS[first.field] ?? first.field} ${first.message} of ${o.symbol} on ${o.exchange}`;
}

/**
 * The circuit band: a limit price (LIMIT, SL) or a trigger outside the day's band is refused, as the
 * exchange refuses it. No band (no previous close to anchor it) refuses nothing.
 */
export function circuitViolation(
  o: Pick<OrderIntent, 'symbol' | 'exchange' | 'priceType' | 'price' | 'triggerPrice'>,
  band: CircuitBand | undefined,
): string | undefined {
  if (!band) return undefined;
  const rule = PRICE_TYPE_RULES[o.priceType];
  const limits = `the circuit limits of ${o.symbol} on ${o.exchange} (lower ${band.lower}, upper ${band.upper})`;
  if (rule.needsPrice && !insideBand(o.price, band)) return `Price ${o.price} is outside ${limits}`;
  if (rule.needsTrigger && !insideBand(o.triggerPrice, band)) {
    return `Trigger price ${o.triggerPrice} is outside ${limits}`;
  }
  return undefined;
}
