import { PRICE_TYPE_RULES, type PriceType, type PriceTypeRule } from '@openalgo/core';

/** Kite's `order_type` values: exactly the price types core's rule table knows. */
export const KITE_ORDER_TYPES: ReadonlySet<string> = new Set(Object.keys(PRICE_TYPE_RULES));

/** The rule of a price type, or undefined for a string that is not one. */
export function ruleOf(priceType: string): PriceTypeRule | undefined {
  return Object.hasOwn(PRICE_TYPE_RULES, priceType) ? PRICE_TYPE_RULES[priceType as PriceType] : undefined;
}

/**
 * The price and trigger an order of `priceType` carries, as Kite keeps and shows them: a field the
 * type does not take (core's table) is 0, whatever the form sent.
 */
export function priceTerms(
  priceType: PriceType,
  price: number,
  triggerPrice: number,
): { price: number; triggerPrice: number } {
  const rule = PRICE_TYPE_RULES[priceType];
  return { price: rule.needsPrice ? price : 0, triggerPrice: rule.needsTrigger ? triggerPrice : 0 };
}
