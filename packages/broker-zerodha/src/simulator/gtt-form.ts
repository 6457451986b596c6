import type { Action } from '@openalgo/core';
import { inputError } from './envelope.js';
import type { KiteInstrument, KiteMaster } from './master.js';
import type { FormBody } from './order-form.js';
import { AUTO_MARKET_PROTECTION, MARKET_PROTECTION_REQUIRED } from './order-rules.js';

/**
 * The form of `POST /gtt/triggers` and `PUT /gtt/triggers/{id}`: `type`, and `condition` and `orders`
 * as JSON strings (docs/reference/brokers.md, Kite GTT). Kite answers bad input with HTTP 400
 * InputException and stores nothing. Messages are wording chosen where Kite's exact text is not on
 * record; "Invalid trigger data" is Kite's own (kite.trade forum).
 */

export type KiteGttType = 'single' | 'two-leg';

export interface KiteGttLeg {
  action: Action;
  quantity: number;
  priceType: 'LIMIT' | 'MARKET';
  price: number;
  product: 'CNC' | 'NRML';
}

export interface KiteGttParams {
  type: KiteGttType;
  instrument: KiteInstrument;
  triggerValues: number[];
  lastPrice: number;
  legs: KiteGttLeg[];
}

const INVALID_TRIGGER_DATA = 'Invalid trigger data';

type Json = Record<string, unknown>;

function parseJson(form: FormBody, name: 'condition' | 'orders'): unknown {
  const text = form[name];
  if (text === undefined || text.trim() === '') throw inputError(`Missing \`${name}\`.`);
  try {
    return JSON.parse(text);
  } catch {
    throw inputError(`Invalid \`${name}\`: not JSON.`);
  }
}

/** The SDK sends JSON numbers; a hand-written body may send numeric strings, which Kite decodes too. */
function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

function positive(value: unknown, name: string): number {
  const n = numberOf(value);
  if (n === undefined || n <= 0) throw inputError(`Invalid \`${name}\`.`);
  return n;
}

function record(value: unknown, name: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw inputError(`Invalid \`${name}\`.`);
  return value as Json;
}

function parseLeg(raw: unknown, index: number, instrument: KiteInstrument): KiteGttLeg {
  const order = record(raw, `orders[${index}]`);
  if (order.exchange !== instrument.exchange || order.tradingsymbol !== instrument.tradingsymbol) {
    throw inputError('Every GTT order must be on the condition’s `exchange` and `tradingsymbol`.');
  }
  const action = order.transaction_type;
  if (action !== 'BUY' && action !== 'SELL') throw inputError('Invalid `transaction_type`.');
  const product = order.product;
  if (product !== 'CNC' && product !== 'NRML') {
    throw inputError('Invalid `product`. A GTT order is CNC or NRML.');
  }
  const priceType = order.order_type;
  if (priceType !== 'LIMIT' && priceType !== 'MARKET') throw inputError('Invalid `order_type`.');
  const quantity = numberOf(order.quantity);
  if (quantity === undefined || !Number.isSafeInteger(quantity) || quantity < 1) {
    throw inputError('Invalid `quantity`.');
  }
  if (priceType === 'MARKET') {
    const protection = numberOf(order.market_protection);
    if (protection === undefined || protection === 0) throw inputError(MARKET_PROTECTION_REQUIRED);
    if (protection !== AUTO_MARKET_PROTECTION && !(protection > 0 && protection <= 100)) {
      throw inputError('Invalid `market_protection`.');
    }
    return { action, quantity, priceType, price: 0, product };
  }
  return { action, quantity, priceType, price: positive(order.price, 'price'), product };
}

/**
 * The whole form, checked as Kite checks it at creation: the instrument is listed and tradable, a
 * single trigger has one value and one order, a two-leg has two of each with the lower value below the
 * last price and the upper above it, and no trigger equals the last price (it would fire at once).
 */
export function parseGttForm(form: FormBody, master: KiteMaster): KiteGttParams {
  const type = form.type;
  if (type !== 'single' && type !== 'two-leg') throw inputError('Invalid `type`.');
  const condition = record(parseJson(form, 'condition'), 'condition');
  const exchange = typeof condition.exchange === 'string' ? condition.exchange : '';
  const tradingsymbol = typeof condition.tradingsymbol === 'string' ? condition.tradingsymbol : '';
  const instrument = master.get(exchange, tradingsymbol);
  if (!instrument) throw inputError('Invalid `tradingsymbol` or `exchange`.');
  if (instrument.segment === 'INDICES') throw inputError('Index instruments cannot be traded.');
  const lastPrice = positive(condition.last_price, 'last_price');
  const values = condition.trigger_values;
  if (!Array.isArray(values)) throw inputError(INVALID_TRIGGER_DATA);
  const triggerValues = values.map((value) => positive(value, 'trigger_values'));
  const expected = type === 'single' ? 1 : 2;
  if (triggerValues.length !== expected) throw inputError(INVALID_TRIGGER_DATA);
  const orders = parseJson(form, 'orders');
  if (!Array.isArray(orders) || orders.length !== expected) {
    throw inputError(`A ${type} GTT takes ${expected} order${expected > 1 ? 's' : ''}.`);
  }
  if (triggerValues.some((value) => value === lastPrice)) {
    throw inputError('A trigger value cannot equal the last price.');
  }
  const [lower, upper] = triggerValues as [number, number];
  if (type === 'two-leg' && !(lower < lastPrice && lastPrice < upper)) {
    throw inputError(
      'For a two-leg GTT the lower trigger must be below the last price and the upper trigger above it.',
    );
  }
  return {
    type,
    instrument,
    triggerValues,
    lastPrice,
    legs: orders.map((order, index) => parseLeg(order, index, instrument)),
  };
}
