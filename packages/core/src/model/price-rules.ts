import { InvalidOrderError } from '../errors/openalgo-error.js';
import { type Exchange, INDEX_EXCHANGES, type PriceType } from './enums.js';
import type { FieldIssue } from './validation.js';

/** What a price type demands of an order. The one table every layer reads (model, server, adapters, simulators). */
export interface PriceTypeRule {
  /** A limit price > 0 is required (LIMIT, SL). */
  needsPrice: boolean;
  /** A trigger price > 0 is required (SL, SL-M). */
  needsTrigger: boolean;
  /**
   * Executes at market once live (MARKET, SL-M). Exchanges and brokers protect these against runaway
   * fills (Kite's `market_protection`), and a market-protected order carries no limit price.
   */
  marketProtected: boolean;
}

export const PRICE_TYPE_RULES: Readonly<Record<PriceType, PriceTypeRule>> = Object.freeze({
  MARKET: { needsPrice: false, needsTrigger: false, marketProtected: true },
  LIMIT: { needsPrice: true, needsTrigger: false, marketProtected: false },
  SL: { needsPrice: true, needsTrigger: true, marketProtected: false },
  'SL-M': { needsPrice: false, needsTrigger: true, marketProtected: true },
});

export function priceTypeRule(priceType: PriceType): PriceTypeRule {
  return PRICE_TYPE_RULES[priceType];
}

/** The fields the price rules read, under whatever names the caller's wire format gives them. */
export interface PriceRuleInput {
  priceType: string;
  price: number;
  triggerPrice: number;
  quantity: number;
  disclosedQuantity: number;
}

/** Field names for the messages: core's camelCase by default; the server passes its snake_case names. */
export interface PriceRuleFieldNames {
  price: string;
  triggerPrice: string;
  disclosedQuantity: string;
}

const CORE_FIELD_NAMES: PriceRuleFieldNames = {
  price: 'price',
  triggerPrice: 'triggerPrice',
  disclosedQuantity: 'disclosedQuantity',
};

/**
 * Every price-rule violation of an order, each naming its field. An unknown price type yields nothing
 * here: the enum check that runs beside this one names it.
 */
export function priceRuleIssues(
  order: PriceRuleInput,
  names: PriceRuleFieldNames = CORE_FIELD_NAMES,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const rule = PRICE_TYPE_RULES[order.priceType as PriceType] as PriceTypeRule | undefined;
  if (rule?.needsPrice && !(order.price > 0)) {
    issues.push({ field: names.price, message: `must be greater than 0 for a ${order.priceType} order` });
  }
  if (rule?.needsTrigger && !(order.triggerPrice > 0)) {
    issues.push({
      field: names.triggerPrice,
      message: `must be greater than 0 for a ${order.priceType} order`,
    });
  }
  if (order.disclosedQuantity > order.quantity) {
    issues.push({ field: names.disclosedQuantity, message: 'must not exceed quantity' });
  }
  return issues;
}

/** Index feeds carry quotes only: nothing can be ordered on them. */
export function isTradableExchange(exchange: Exchange): boolean {
  return !INDEX_EXCHANGES.has(exchange);
}

/**
 * The one "not tradable" rule: an order on an index feed is an INVALID_ORDER (the request is well formed;
 * the instrument cannot take orders). Adapters call this with the instrument's OpenAlgo exchange.
 */
export function assertTradable(exchange: Exchange, field = 'exchange', symbol?: string): void {
  if (isTradableExchange(exchange)) return;
  const what = symbol ? `${symbol} on ${exchange}` : exchange;
  throw new InvalidOrderError(`${what} is an index feed: indices can't be traded, only quoted and streamed`, {
    field,
    details: symbol ? { symbol, exchange } : { exchange },
  });
}
