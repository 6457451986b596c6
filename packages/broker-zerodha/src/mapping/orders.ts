import {
  type Action,
  BrokerError,
  type OpenAlgoError,
  type Order,
  type PriceType,
  type Product,
  parseIstDateTime,
  type Trade,
  toIstIso,
} from '@openalgo/core';
import { BROKER_ID } from '../errors.js';
import type { KiteSymbols } from '../instruments/symbols.js';
import type { KiteOrder, KiteTrade } from './kite-types.js';
import { mapKiteStatus } from './status.js';

/**
 * Kite products → OpenAlgo's three. MTF (margin trading) is a delivery product and CO/BO are
 * intraday, so they land on the nearest of CNC/MIS; the payload in `raw` keeps the exact product.
 */
export const KITE_PRODUCTS: Readonly<Record<string, Product>> = {
  CNC: 'CNC',
  NRML: 'NRML',
  MIS: 'MIS',
  MTF: 'CNC',
  CO: 'MIS',
  BO: 'MIS',
};

/** Kite's order types are OpenAlgo's price types, spelled the same. */
export const KITE_PRICE_TYPES: Readonly<Record<string, PriceType>> = {
  MARKET: 'MARKET',
  LIMIT: 'LIMIT',
  SL: 'SL',
  'SL-M': 'SL-M',
};

export const KITE_ACTIONS: Readonly<Record<string, Action>> = { BUY: 'BUY', SELL: 'SELL' };

function unexpected(what: string, value: unknown, context: string): OpenAlgoError {
  return new BrokerError(`${BROKER_ID}: unexpected ${what} "${String(value)}" in ${context}`, {
    details: { [what]: String(value) },
  });
}

function lookup<T>(table: Readonly<Record<string, T>>, value: string, what: string, context: string): T {
  if (Object.hasOwn(table, value)) return table[value] as T;
  throw unexpected(what, value, context);
}

export function mapProduct(value: string, context: string): Product {
  return lookup(KITE_PRODUCTS, value, 'product', context);
}

export function mapPriceType(value: string, context: string): PriceType {
  return lookup(KITE_PRICE_TYPES, value, 'order type', context);
}

export function mapAction(value: string, context: string): Action {
  return lookup(KITE_ACTIONS, value, 'transaction type', context);
}

/**
 * Kite prints IST wall-clock times (`2021-05-31 09:18:57`); unified timestamps are ISO with
 * `+05:30`. The first parseable candidate wins (some fields are null on early order states).
 */
export function kiteTimestamp(candidates: ReadonlyArray<string | null | undefined>, context: string): string {
  for (const text of candidates) {
    if (!text) continue;
    const epoch = parseIstDateTime(text);
    if (epoch !== undefined) return toIstIso(epoch);
  }
  throw unexpected('timestamp', candidates.find((c) => c) ?? '(none)', context);
}

/** Quantities are whole numbers; a fractional one from the broker is a broken payload, not a rounding job. */
export function wholeQuantity(value: number, what: string, context: string): number {
  if (!Number.isSafeInteger(value)) throw unexpected(what, value, context);
  return value;
}

export function mapOrder(raw: KiteOrder, symbols: KiteSymbols): Order {
  const context = `order ${raw.order_id}`;
  const ref = symbols.fromKite(raw.exchange, raw.tradingsymbol, raw.instrument_token);
  const order: Order = {
    orderId: raw.order_id,
    symbol: ref.symbol,
    exchange: ref.exchange,
    action: mapAction(raw.transaction_type, context),
    priceType: mapPriceType(raw.order_type, context),
    product: mapProduct(raw.product, context),
    quantity: wholeQuantity(raw.quantity, 'quantity', context),
    filledQuantity: wholeQuantity(raw.filled_quantity, 'filled quantity', context),
    pendingQuantity: wholeQuantity(raw.pending_quantity, 'pending quantity', context),
    price: raw.price,
    triggerPrice: raw.trigger_price,
    averagePrice: raw.average_price,
    status: mapKiteStatus(raw.status),
    rawStatus: raw.status,
    timestamp: kiteTimestamp(
      [raw.order_timestamp, raw.exchange_update_timestamp, raw.exchange_timestamp],
      context,
    ),
    raw,
  };
  if (raw.tag) order.clientOrderId = raw.tag;
  if (raw.status_message) order.statusMessage = raw.status_message;
  return order;
}

export function mapTrade(raw: KiteTrade, symbols: KiteSymbols): Trade {
  const tradeId = String(raw.trade_id);
  const context = `trade ${tradeId}`;
  const ref = symbols.fromKite(raw.exchange, raw.tradingsymbol, raw.instrument_token);
  const quantity = wholeQuantity(raw.quantity, 'quantity', context);
  return {
    tradeId,
    orderId: raw.order_id,
    symbol: ref.symbol,
    exchange: ref.exchange,
    action: mapAction(raw.transaction_type, context),
    product: mapProduct(raw.product, context),
    quantity,
    price: raw.average_price,
    tradeValue: raw.average_price * quantity,
    // `order_timestamp` on a trade is a bare time of day; the fill time carries the date.
    timestamp: kiteTimestamp([raw.fill_timestamp, raw.exchange_timestamp], context),
    raw,
  };
}
