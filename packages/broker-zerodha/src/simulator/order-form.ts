import type { Action, PriceType, Product } from '@openalgo/core';
import { inputError, KiteApiError } from './envelope.js';
import type { KiteInstrument, KiteMaster } from './master.js';
import { checkMarketProtection, parseMarketProtection } from './order-rules.js';
import { KITE_ORDER_TYPES } from './price-terms.js';

/** Kite posts orders form-urlencoded; the kit parses such a body into a record of strings. */
export type FormBody = Readonly<Record<string, string>>;

export function formOf(body: unknown): FormBody {
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as FormBody;
  return {};
}

const TRANSACTION_TYPES: ReadonlySet<string> = new Set(['BUY', 'SELL']);
const PRODUCTS: ReadonlySet<string> = new Set(['CNC', 'NRML', 'MIS']);
/** Kite's limit on the `tag` field. */
const MAX_TAG_LENGTH = 20;

export interface PlaceParams {
  instrument: KiteInstrument;
  action: Action;
  priceType: PriceType;
  product: Product;
  quantity: number;
  price: number;
  triggerPrice: number;
  disclosedQuantity: number;
  validity: 'DAY';
  marketProtection: number;
  tag: string | null;
}

export interface ModifyParams {
  quantity?: number;
  priceType?: PriceType;
  price?: number;
  triggerPrice?: number;
  disclosedQuantity?: number;
  marketProtection?: number;
}

function present(form: FormBody, name: string): string | undefined {
  const value = form[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function required(form: FormBody, name: string): string {
  const value = present(form, name);
  if (value === undefined) throw inputError(`Missing \`${name}\`.`);
  return value;
}

function oneOf<T extends string>(form: FormBody, name: string, allowed: ReadonlySet<string>): T {
  const value = required(form, name);
  if (!allowed.has(value)) throw inputError(`Invalid \`${name}\`.`);
  return value as T;
}

function wholeNumber(text: string, name: string, min: number): number {
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value) || value < min) {
    throw inputError(`Invalid \`${name}\`.`);
  }
  return value;
}

function price(form: FormBody, name: string): number | undefined {
  const text = present(form, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw inputError(`Invalid \`${name}\`.`);
  return value;
}

/** Varieties the simulator runs; Kite's others (amo, co, iceberg, auction) are refused by name. */
export function checkVariety(variety: string | undefined): string {
  if (variety === 'regular') return variety;
  if (variety === 'amo' || variety === 'co' || variety === 'iceberg' || variety === 'auction') {
    throw inputError(`The simulator only places regular orders, not \`${variety}\` orders.`);
  }
  throw new KiteApiError(404, 'GeneralException', 'Route not found');
}

/** `POST /orders/{variety}`'s form → what the engine needs; bad input is a 400 InputException. */
export function parsePlaceForm(form: FormBody, master: KiteMaster): PlaceParams {
  const exchange = required(form, 'exchange');
  const tradingsymbol = required(form, 'tradingsymbol');
  const instrument = master.get(exchange, tradingsymbol);
  if (!instrument) throw inputError('Invalid `tradingsymbol` or `exchange`.');
  if (instrument.segment === 'INDICES') throw inputError('Index instruments cannot be traded.');
  const validity = present(form, 'validity') ?? 'DAY';
  if (validity !== 'DAY') throw inputError(`The simulator only accepts DAY validity, not \`${validity}\`.`);
  const tag = present(form, 'tag') ?? null;
  if (tag !== null && tag.length > MAX_TAG_LENGTH) {
    throw inputError(`\`tag\` can be at most ${MAX_TAG_LENGTH} characters.`);
  }
  const protection = parseMarketProtection(present(form, 'market_protection'));
  const priceType = oneOf<PriceType>(form, 'order_type', KITE_ORDER_TYPES);
  checkMarketProtection(priceType, protection);
  return {
    instrument,
    action: oneOf<Action>(form, 'transaction_type', TRANSACTION_TYPES),
    priceType,
    product: oneOf<Product>(form, 'product', PRODUCTS),
    quantity: wholeNumber(required(form, 'quantity'), 'quantity', 1),
    price: price(form, 'price') ?? 0,
    triggerPrice: price(form, 'trigger_price') ?? 0,
    disclosedQuantity: wholeNumber(present(form, 'disclosed_quantity') ?? '0', 'disclosed_quantity', 0),
    validity: 'DAY',
    marketProtection: protection ?? 0,
    tag,
  };
}

/** `PUT /orders/{variety}/{id}`'s form: every field optional, absent ones keep the order's value. */
export function parseModifyForm(form: FormBody): ModifyParams {
  const params: ModifyParams = {};
  const quantity = present(form, 'quantity');
  if (quantity !== undefined) params.quantity = wholeNumber(quantity, 'quantity', 1);
  const orderType = present(form, 'order_type');
  if (orderType !== undefined) {
    if (!KITE_ORDER_TYPES.has(orderType)) throw inputError('Invalid `order_type`.');
    params.priceType = orderType as PriceType;
  }
  const limit = price(form, 'price');
  if (limit !== undefined) params.price = limit;
  const trigger = price(form, 'trigger_price');
  if (trigger !== undefined) params.triggerPrice = trigger;
  const disclosed = present(form, 'disclosed_quantity');
  if (disclosed !== undefined) params.disclosedQuantity = wholeNumber(disclosed, 'disclosed_quantity', 0);
  const protection = parseMarketProtection(present(form, 'market_protection'));
  if (protection !== undefined) params.marketProtection = protection;
  const validity = present(form, 'validity');
  if (validity !== undefined && validity !== 'DAY') {
    throw inputError(`The simulator only accepts DAY validity, not \`${validity}\`.`);
  }
  return params;
}
