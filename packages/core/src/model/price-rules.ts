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

/** What an instrument imposes on an order's numbers (from the broker master). */
export interface InstrumentTerms {
  /** Price step in rupees; 0 when the master does not say. */
  tickSize: number;
  /** Contract size: quantities are whole multiples of it (1 for cash equities). */
  lotSize: number;
}

/** Is `value` a whole number of `tick`s? Tolerant of binary fractions (0.1 + 0.2). */
export function isOnTick(value: number, tick: number): boolean {
  if (!(tick > 0)) return true;
  const steps = value / tick;
  return Math.abs(steps - Math.round(steps)) < 1e-6;
}

/**
 * Every way an order's numbers do not fit its instrument: a price or trigger off the tick size (checked
 * only where the price type uses it), a quantity that is not a whole number of lots. Brokers refuse these
 * outright, so adapters refuse them before sending and simulators and the sandbox answer them as the
 * broker does. Never corrected silently: a limit price is the trader's decision.
 */
export function instrumentRuleIssues(
  order: Pick<PriceRuleInput, 'priceType' | 'price' | 'triggerPrice' | 'quantity'>,
  terms: InstrumentTerms,
  names: Pick<PriceRuleFieldNames, 'price' | 'triggerPrice'> & { quantity: string } = {
    price: 'price',
    triggerPrice: 'triggerPrice',
    quantity: 'quantity',
  },
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const rule = PRICE_TYPE_RULES[order.priceType as PriceType] as PriceTypeRule | undefined;
  const tick = terms.tickSize;
  if (rule?.needsPrice && !isOnTick(order.price, tick)) {
    issues.push({ field: names.price, message: `${order.price} is not a multiple of the tick size ${tick}` });
  }
  if (rule?.needsTrigger && !isOnTick(order.triggerPrice, tick)) {
    issues.push({
      field: names.triggerPrice,
      message: `${order.triggerPrice} is not a multiple of the tick size ${tick}`,
    });
  }
  if (terms.lotSize > 1 && order.quantity % terms.lotSize !== 0) {
    issues.push({
      field: names.quantity,
      message: `${order.quantity} is not a multiple of the lot size ${terms.lotSize}`,
    });
  }
  return issues;
}

/** Throws INVALID_ORDER naming the first field that does not fit the instrument (all of them in details). */
export function assertFitsInstrument(
  order: Pick<PriceRuleInput, 'priceType' | 'price' | 'triggerPrice' | 'quantity'>,
  terms: InstrumentTerms & { symbol?: string },
): void {
  const issues = instrumentRuleIssues(order, terms);
  const first = issues[0];
  if (!first) return;
  const what = terms.symbol ? ` for ${terms.symbol}` : '';
  throw new InvalidOrderError(
    `Invalid order${what}: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`,
    { field: first.field, details: { issues } },
  );
}
