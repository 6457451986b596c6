import { ACTIONS, DERIVATIVE_EXCHANGES, EXCHANGES, PRICE_TYPES, PRODUCTS } from '@openalgo/core';
import type { z } from 'zod';
import {
  apiKey,
  choice,
  choiceWithDefault,
  numeric,
  numericWithDefault,
  optionalChoice,
  text,
} from './fields.js';

/** The fields OpenAlgo's order endpoints share, in its snake_case names. */
export const fields = {
  apikey: () => apiKey(),
  strategy: () => text({ max: 100, description: 'Strategy name, for your books (never sent to the broker)' }),
  exchange: () => choice({ values: EXCHANGES, description: 'Exchange' }),
  optionalExchange: () => optionalChoice({ values: EXCHANGES, description: 'Exchange (all when omitted)' }),
  derivativeExchange: () =>
    choice({ values: [...DERIVATIVE_EXCHANGES], description: 'Derivatives exchange' }),
  symbol: () =>
    text({ max: 64, description: 'OpenAlgo symbol (SBIN, NIFTY26DEC24FUT, NIFTY26DEC2424000CE)' }),
  action: () => choice({ values: ACTIONS, description: 'BUY or SELL (any case)' }),
  quantity: () => numeric({ integer: true, above: 0, description: 'Quantity, a whole number > 0' }),
  pricetype: () => choiceWithDefault({ values: PRICE_TYPES, description: 'Order type' }, 'MARKET'),
  product: () => choiceWithDefault({ values: PRODUCTS, description: 'Product' }, 'MIS'),
  requiredPricetype: () => choice({ values: PRICE_TYPES, description: 'Order type' }),
  requiredProduct: () => choice({ values: PRODUCTS, description: 'Product' }),
  price: () => numericWithDefault({ min: 0, description: 'Limit price (LIMIT and SL orders)' }, 0),
  triggerPrice: () => numericWithDefault({ min: 0, description: 'Trigger price (SL and SL-M orders)' }, 0),
  disclosedQuantity: () =>
    numericWithDefault({ integer: true, min: 0, description: 'Disclosed quantity' }, 0),
  requiredPrice: () => numeric({ min: 0, description: 'Limit price (0 for MARKET)' }),
  requiredTriggerPrice: () => numeric({ min: 0, description: 'Trigger price (0 unless SL/SL-M)' }),
  requiredDisclosedQuantity: () => numeric({ integer: true, min: 0, description: 'Disclosed quantity' }),
};

interface PricedOrder {
  pricetype: string;
  price: number;
  trigger_price: number;
  quantity: number;
  disclosed_quantity: number;
}

/**
 * Rules every broker enforces (core checks them too, in its own field names); checked here so the
 * 400 names the field the client actually sent.
 */
export function checkPriceRules(order: PricedOrder, ctx: z.RefinementCtx): void {
  if ((order.pricetype === 'LIMIT' || order.pricetype === 'SL') && order.price <= 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['price'],
      message: `must be greater than 0 for a ${order.pricetype} order`,
    });
  }
  if ((order.pricetype === 'SL' || order.pricetype === 'SL-M') && order.trigger_price <= 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['trigger_price'],
      message: `must be greater than 0 for a ${order.pricetype} order`,
    });
  }
  if (order.disclosed_quantity > order.quantity) {
    ctx.addIssue({ code: 'custom', path: ['disclosed_quantity'], message: 'must not exceed quantity' });
  }
}
