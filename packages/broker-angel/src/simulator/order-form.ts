import type { Action, PriceType, Product } from '@openalgo/core';
import { appError, inputError } from './envelope.js';
import type { AngelInstrument, AngelMaster } from './master.js';

/**
 * SmartAPI order bodies (docs/reference/brokers.md §2.4). JSON, with numbers as strings or as numbers
 * (the JS SDK forwards whatever the caller built, §2.2): every field is read through `text`.
 */
export type Fields = Readonly<Record<string, unknown>>;

export function text(fields: Fields, name: string): string | undefined {
  const value = fields[name];
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function required(fields: Fields, name: string): string {
  const value = text(fields, name);
  if (value === undefined) throw inputError(`Invalid ${name}: the field is required`);
  return value;
}

/** Angel's order types → OpenAlgo's price types (§2.8). */
export const ORDER_TYPES: Readonly<Record<string, PriceType>> = {
  MARKET: 'MARKET',
  LIMIT: 'LIMIT',
  STOPLOSS_LIMIT: 'SL',
  STOPLOSS_MARKET: 'SL-M',
};
export const ANGEL_ORDER_TYPE: Readonly<Record<PriceType, string>> = {
  MARKET: 'MARKET',
  LIMIT: 'LIMIT',
  SL: 'STOPLOSS_LIMIT',
  'SL-M': 'STOPLOSS_MARKET',
};

/** Angel's products → OpenAlgo's (§2.8); MARGIN and BO exist at Angel but are not simulated. */
export const PRODUCTS: Readonly<Record<string, Product>> = {
  DELIVERY: 'CNC',
  CARRYFORWARD: 'NRML',
  INTRADAY: 'MIS',
};
export const ANGEL_PRODUCT: Readonly<Record<Product, string>> = {
  CNC: 'DELIVERY',
  NRML: 'CARRYFORWARD',
  MIS: 'INTRADAY',
};

export const VARIETIES: ReadonlySet<string> = new Set(['NORMAL', 'STOPLOSS']);
const EXCHANGES: ReadonlySet<string> = new Set(['NSE', 'BSE', 'NFO', 'BFO', 'MCX', 'CDS']);
/** `ordertag` must be shorter than 20 characters (AB4008, §2.4). */
export const MAX_ORDERTAG_LENGTH = 19;

function lookup<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

export function parseVariety(fields: Fields): string {
  const variety = required(fields, 'variety');
  if (variety === 'ROBO') throw appError('AB2002', 'ROBO order is block');
  if (!VARIETIES.has(variety)) throw appError('AB1008', 'Invalid Order Variety');
  return variety;
}

function parsePriceType(fields: Fields): PriceType {
  const type = lookup(ORDER_TYPES, required(fields, 'ordertype'));
  if (type === undefined)
    throw inputError('Invalid ordertype: use MARKET, LIMIT, STOPLOSS_LIMIT or STOPLOSS_MARKET');
  return type;
}

function parseProduct(fields: Fields): Product {
  const name = required(fields, 'producttype');
  const product = lookup(PRODUCTS, name);
  if (product !== undefined) return product;
  if (name === 'MARGIN' || name === 'BO') {
    throw appError('AB1012', `Invalid Product Type: ${name} is not served by the simulator`);
  }
  throw appError('AB1012', 'Invalid Product Type');
}

function parseDuration(fields: Fields): void {
  const duration = text(fields, 'duration') ?? 'DAY';
  if (duration === 'DAY') return;
  if (duration === 'IOC') throw inputError('Invalid duration: the simulator serves DAY orders only');
  throw inputError('Invalid duration: use DAY or IOC');
}

function wholeNumber(fields: Fields, name: string, min: number, fallback?: number): number {
  const raw = text(fields, name);
  if (raw === undefined && fallback !== undefined) return fallback;
  const value = Number(raw);
  if (raw === undefined || !/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min) {
    throw inputError(`Invalid ${name}: must be a whole number of at least ${min}`);
  }
  return value;
}

function price(fields: Fields, name: string): number {
  const raw = text(fields, name);
  if (raw === undefined) return 0;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw inputError(`Invalid ${name}: must be a number ≥ 0`);
  return value;
}

/** The instrument named by `exchange` + `symboltoken`; `tradingsymbol` is informational but must match. */
export function parseInstrument(fields: Fields, master: AngelMaster): AngelInstrument {
  const exchange = required(fields, 'exchange');
  if (!EXCHANGES.has(exchange)) throw inputError(`Invalid exchange: ${exchange} is not served`);
  const token = text(fields, 'symboltoken');
  if (token === undefined) throw appError('AB4018', 'Symbol token cannot be empty');
  const instrument = master.byExchangeToken(exchange, token);
  if (!instrument) throw appError('AB4006', 'Invalid symboltoken');
  const symbol = text(fields, 'tradingsymbol');
  if (symbol !== undefined && symbol !== instrument.scrip.symbol)
    throw appError('AB1009', 'Symbol Not Found');
  return instrument;
}

export interface PlaceParams {
  variety: string;
  instrument: AngelInstrument;
  action: Action;
  priceType: PriceType;
  product: Product;
  quantity: number;
  price: number;
  triggerPrice: number;
  disclosedQuantity: number;
  tag: string;
}

/** `placeOrder`'s body → what the order book needs; bad input is Angel's HTTP 200 error. */
export function parsePlace(fields: Fields, master: AngelMaster): PlaceParams {
  const variety = parseVariety(fields);
  const instrument = parseInstrument(fields, master);
  if (instrument.kind === 'index') throw inputError('Invalid symboltoken: an index cannot be traded');
  const action = required(fields, 'transactiontype');
  if (action !== 'BUY' && action !== 'SELL') throw inputError('Invalid transactiontype: use BUY or SELL');
  const priceType = parsePriceType(fields);
  // Stop orders go in as variety STOPLOSS, the others as NORMAL (§2.8). Angel's answer to a mismatch
  // is not on record [unverified]; the simulator refuses it, the strict reading.
  const stop = priceType === 'SL' || priceType === 'SL-M';
  if (stop !== (variety === 'STOPLOSS')) throw appError('AB1008', 'Invalid Order Variety');
  const product = parseProduct(fields);
  parseDuration(fields);
  const tag = text(fields, 'ordertag') ?? '';
  if (tag.length > MAX_ORDERTAG_LENGTH) {
    throw appError('AB4008', 'ordertag length should be less than 20 characters');
  }
  return {
    variety,
    instrument,
    action,
    priceType,
    product,
    quantity: wholeNumber(fields, 'quantity', 1),
    price: price(fields, 'price'),
    triggerPrice: price(fields, 'triggerprice'),
    disclosedQuantity: wholeNumber(fields, 'disclosedquantity', 0, 0),
    tag,
  };
}

export interface ModifyParams {
  orderId: string;
  variety: string;
  priceType: PriceType;
  product: Product;
  quantity: number;
  price: number;
  triggerPrice: number;
  instrument: AngelInstrument;
}

/**
 * `modifyOrder`'s body. Angel's documented request carries the whole order again (variety, orderid,
 * ordertype, producttype, duration, price, quantity, tradingsymbol, symboltoken, exchange); all of
 * those are required here, `triggerprice` and `disclosedquantity` are optional.
 */
export function parseModify(fields: Fields, master: AngelMaster): ModifyParams {
  const variety = parseVariety(fields);
  const orderId = required(fields, 'orderid');
  required(fields, 'duration');
  parseDuration(fields);
  required(fields, 'price');
  return {
    orderId,
    variety,
    priceType: parsePriceType(fields),
    product: parseProduct(fields),
    quantity: wholeNumber(fields, 'quantity', 1),
    price: price(fields, 'price'),
    triggerPrice: price(fields, 'triggerprice'),
    instrument: parseInstrument(fields, master),
  };
}

/** `cancelOrder`'s body: variety and orderid. */
export function parseCancel(fields: Fields): { orderId: string; variety: string } {
  return { variety: parseVariety(fields), orderId: required(fields, 'orderid') };
}
