import {
  type Action,
  BrokerError,
  istToEpoch,
  MONTHS,
  type OpenAlgoError,
  type Order,
  type PriceType,
  type Product,
  parseIstDateTime,
  TERMINAL_ORDER_STATUSES,
  type Trade,
  toIstIso,
} from '@openalgo/core';
import { BROKER_ID } from '../errors.js';
import type { AngelSymbols } from '../symbols.js';
import type { AngelOrder, AngelTrade } from './angel-types.js';
import { mapAngelStatus } from './status.js';

/**
 * Angel product types → OpenAlgo's three (§2.8). MARGIN (margin delivery) is a delivery product and
 * BO intraday, so they land on the nearest of CNC/MIS; `raw` keeps the exact product. The AMO_ names
 * appear in the SDK's parameter docs.
 */
export const ANGEL_PRODUCTS: Readonly<Record<string, Product>> = {
  DELIVERY: 'CNC',
  CARRYFORWARD: 'NRML',
  INTRADAY: 'MIS',
  MARGIN: 'CNC',
  BO: 'MIS',
  AMO_DELIVERY: 'CNC',
  AMO_INTRADAY: 'MIS',
};

/** OpenAlgo product → the `producttype` an order is placed with. */
export const PRODUCT_TO_ANGEL: Readonly<Record<Product, string>> = {
  CNC: 'DELIVERY',
  NRML: 'CARRYFORWARD',
  MIS: 'INTRADAY',
};

export const ANGEL_PRICE_TYPES: Readonly<Record<string, PriceType>> = {
  MARKET: 'MARKET',
  LIMIT: 'LIMIT',
  STOPLOSS_LIMIT: 'SL',
  STOPLOSS_MARKET: 'SL-M',
};

/** OpenAlgo price type → Angel's `ordertype` and the `variety` it needs (stops are STOPLOSS, §2.8). */
export const PRICE_TYPE_TO_ANGEL: Readonly<Record<PriceType, { ordertype: string; variety: string }>> = {
  MARKET: { ordertype: 'MARKET', variety: 'NORMAL' },
  LIMIT: { ordertype: 'LIMIT', variety: 'NORMAL' },
  SL: { ordertype: 'STOPLOSS_LIMIT', variety: 'STOPLOSS' },
  'SL-M': { ordertype: 'STOPLOSS_MARKET', variety: 'STOPLOSS' },
};

export const ANGEL_ACTIONS: Readonly<Record<string, Action>> = { BUY: 'BUY', SELL: 'SELL' };

function unexpected(what: string, value: unknown, context: string): OpenAlgoError {
  return new BrokerError(`${BROKER_ID}: unexpected ${what} "${String(value)}" in ${context}`, {
    details: { [what]: String(value) },
  });
}

function lookup<T>(table: Readonly<Record<string, T>>, value: string, what: string, context: string): T {
  const key = value.trim().toUpperCase();
  if (Object.hasOwn(table, key)) return table[key] as T;
  throw unexpected(what, value, context);
}

export const mapProduct = (value: string, context: string): Product =>
  lookup(ANGEL_PRODUCTS, value, 'product', context);
export const mapPriceType = (value: string, context: string): PriceType =>
  lookup(ANGEL_PRICE_TYPES, value, 'order type', context);
export const mapAction = (value: string, context: string): Action =>
  lookup(ANGEL_ACTIONS, value, 'transaction type', context);

const ANGEL_TIME = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})$/;

/**
 * Angel prints IST wall-clock times as `20-Oct-2020 13:10:59` (order book, details, order socket); the
 * ISO-like forms are accepted too. Returns epoch ms, or undefined when the text is none of them.
 */
export function parseAngelTime(text: string): number | undefined {
  const m = ANGEL_TIME.exec(text.trim());
  if (m) {
    const [, d, mon, y, h, mi, s] = m;
    const month = MONTHS.indexOf((mon as string).toUpperCase() as (typeof MONTHS)[number]) + 1;
    if (month === 0) return undefined;
    return istToEpoch(Number(y), month, Number(d), Number(h), Number(mi), Number(s));
  }
  return parseIstDateTime(text);
}

function firstTime(candidates: readonly string[], context: string): string {
  for (const text of candidates) {
    if (!text) continue;
    const epoch = parseAngelTime(text);
    if (epoch !== undefined) return toIstIso(epoch);
  }
  throw unexpected('timestamp', candidates.find((c) => c) ?? '(none)', context);
}

/** Quantities are whole numbers; a fractional one from the broker is a broken payload, not a rounding job. */
export function wholeQuantity(value: number, what: string, context: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw unexpected(what, value, context);
  return value;
}

export function mapOrder(raw: AngelOrder, symbols: AngelSymbols): Order {
  const context = `order ${raw.orderid}`;
  const ref = symbols.fromAngel(raw.exchange, raw.tradingsymbol, raw.symboltoken);
  const rawStatus = raw.status || raw.orderstatus;
  const status = mapAngelStatus(rawStatus);
  const quantity = wholeQuantity(raw.quantity, 'quantity', context);
  const filled = wholeQuantity(raw.filledshares, 'filled quantity', context);
  // Angel keeps `unfilledshares` at the unfilled remainder after a cancel or reject; in OpenAlgo terms
  // nothing of a finished order is pending any more.
  const pending = TERMINAL_ORDER_STATUSES.has(status)
    ? 0
    : wholeQuantity(raw.unfilledshares ?? Math.max(0, quantity - filled), 'pending quantity', context);
  const order: Order = {
    orderId: raw.orderid,
    symbol: ref.symbol,
    exchange: ref.exchange,
    action: mapAction(raw.transactiontype, context),
    priceType: mapPriceType(raw.ordertype, context),
    product: mapProduct(raw.producttype, context),
    quantity,
    filledQuantity: filled,
    pendingQuantity: pending,
    price: raw.price,
    triggerPrice: raw.triggerprice,
    averagePrice: raw.averageprice,
    status,
    rawStatus,
    timestamp: firstTime([raw.updatetime, raw.exchorderupdatetime, raw.exchtime], context),
    raw,
  };
  if (raw.ordertag) order.clientOrderId = raw.ordertag;
  if (raw.text) order.statusMessage = raw.text;
  return order;
}

/**
 * A fill. The trade book covers the current day and prints only the time of day (`13:27:53`), so the
 * date is today's in IST (`today`, `YYYY-MM-DD`); a full date-time is read as it is.
 */
export function mapTrade(raw: AngelTrade, symbols: AngelSymbols, today: string, token?: string): Trade {
  const tradeId = raw.fillid;
  const context = `trade ${tradeId}`;
  const ref = symbols.fromAngel(raw.exchange, raw.tradingsymbol, raw.symboltoken || token);
  const quantity = wholeQuantity(raw.fillsize, 'fill size', context);
  if (quantity === 0) throw unexpected('fill size', raw.fillsize, context);
  const time = /^\d{1,2}:\d{2}(:\d{2})?$/.test(raw.filltime.trim())
    ? `${today} ${raw.filltime.trim()}`
    : raw.filltime;
  return {
    tradeId,
    orderId: raw.orderid,
    symbol: ref.symbol,
    exchange: ref.exchange,
    action: mapAction(raw.transactiontype, context),
    product: mapProduct(raw.producttype, context),
    quantity,
    price: raw.fillprice,
    tradeValue: raw.tradevalue ?? raw.fillprice * quantity,
    timestamp: firstTime([time], context),
    raw,
  };
}
