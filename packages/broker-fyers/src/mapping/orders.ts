import {
  type Action,
  BrokerError,
  istToEpoch,
  type Logger,
  MONTHS,
  type OpenAlgoError,
  type Order,
  type PriceType,
  type Product,
  parseIstDateTime,
  type Trade,
  toIstIso,
} from '@openalgo/core';
import { BROKER_ID } from '../errors.js';
import type { FyersSymbols } from '../symbols.js';
import type { FyersOrder, FyersTrade } from './fyers-types.js';
import { mapFyersStatus, rawFyersStatus } from './status.js';

/** What mapping a book row needs besides the row: the symbols, and a time and a logger for odd rows. */
export interface MappingContext {
  symbols: FyersSymbols;
  /** Stands in for a row's time when Fyers sent none we can read. */
  nowMs: number;
  logger: Logger;
  /** Set once an unreadable time was reported, so a book of such rows logs one warning, not one per row. */
  warnedTime?: boolean;
}

/** OpenAlgo product → Fyers `productType` (brokers.md §3.8). */
export const FYERS_PRODUCT_OF: Readonly<Record<Product, string>> = {
  CNC: 'CNC',
  NRML: 'MARGIN',
  MIS: 'INTRADAY',
};

/**
 * Fyers `productType` → OpenAlgo. Cover and bracket orders are intraday and MTF is delivery, so they land
 * on the nearest of MIS/CNC; `raw` keeps the exact product.
 */
export const FYERS_PRODUCTS: Readonly<Record<string, Product>> = {
  CNC: 'CNC',
  MARGIN: 'NRML',
  INTRADAY: 'MIS',
  CO: 'MIS',
  BO: 'MIS',
  MTF: 'CNC',
};

/** OpenAlgo price type → Fyers order `type`: 1 LIMIT, 2 MARKET, 3 SL-M (stop), 4 SL (stop-limit). */
export const FYERS_TYPE_OF: Readonly<Record<PriceType, number>> = {
  LIMIT: 1,
  MARKET: 2,
  'SL-M': 3,
  SL: 4,
};

export const FYERS_PRICE_TYPES: Readonly<Record<string, PriceType>> = {
  '1': 'LIMIT',
  '2': 'MARKET',
  '3': 'SL-M',
  '4': 'SL',
};

/** `side` 1 BUY, −1 SELL. */
export const FYERS_SIDE_OF: Readonly<Record<Action, number>> = { BUY: 1, SELL: -1 };

export const FYERS_ACTIONS: Readonly<Record<string, Action>> = { '1': 'BUY', '-1': 'SELL' };

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
  return lookup(FYERS_PRODUCTS, value.trim().toUpperCase(), 'productType', context);
}

export function mapPriceType(value: number, context: string): PriceType {
  return lookup(FYERS_PRICE_TYPES, String(value), 'order type', context);
}

export function mapAction(value: number, context: string): Action {
  return lookup(FYERS_ACTIONS, String(value), 'side', context);
}

/** Quantities are whole numbers; a fractional one from the broker is a broken payload, not a rounding job. */
export function wholeQuantity(value: number, what: string, context: string): number {
  if (!Number.isSafeInteger(value)) throw unexpected(what, value, context);
  return value;
}

const DAY_MONTH_YEAR =
  /^(\d{1,2})[-/ ]([A-Za-z]{3}|\d{1,2})[-/ ](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * Fyers prints order times as IST wall clock `DD-Mon-YYYY HH:MM:SS` (`09-Mar-2023 09:15:03`; the format is
 * [unverified], so `DD-MM-YYYY …`, ISO dates and epoch seconds are read too). Undefined when unreadable.
 */
export function parseFyersTime(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
    return value > 1e12 ? value : value * 1000;
  }
  if (typeof value !== 'string' || !value.trim()) return undefined;
  const text = value.trim();
  if (/^\d{9,13}$/.test(text)) return parseFyersTime(Number(text));
  const iso = parseIstDateTime(text);
  if (iso !== undefined) return iso;
  const m = DAY_MONTH_YEAR.exec(text);
  if (!m) return undefined;
  const [, d, mon, y, h = '0', mi = '0', s = '0'] = m;
  const month = /^\d+$/.test(mon as string)
    ? Number(mon)
    : (MONTHS as readonly string[]).indexOf((mon as string).toUpperCase()) + 1;
  if (month < 1 || month > 12) return undefined;
  return istToEpoch(Number(y), month, Number(d), Number(h), Number(mi), Number(s));
}

/** The row's time as ISO with `+05:30`; the mapping time (with a warning) when Fyers sent none readable. */
export function fyersTimestamp(value: unknown, ctx: MappingContext, context: string): string {
  const epoch = parseFyersTime(value);
  if (epoch !== undefined) return toIstIso(epoch);
  if (!ctx.warnedTime) {
    ctx.warnedTime = true;
    ctx.logger.warn(
      { value: value ?? null, context },
      'unreadable time in a Fyers row: using the time it was read',
    );
  }
  return toIstIso(ctx.nowMs);
}

/**
 * The client order id in a row's `orderTag`. Fyers books echo tags as `<n>:<tag>` (e.g. `1:oa123`, and
 * `2:Untagged` for none) [unverified: seen in its order-tag filter samples]; the prefix is not ours.
 */
export function clientOrderIdOf(tag: string | null | undefined): string | undefined {
  if (!tag) return undefined;
  const text = tag.trim().replace(/^\d+:/, '');
  if (!text || text.toLowerCase() === 'untagged') return undefined;
  return text;
}

export function mapOrder(raw: FyersOrder, ctx: MappingContext): Order {
  const context = `order ${raw.id}`;
  const ref = ctx.symbols.fromFyers({
    ticker: raw.symbol,
    fyToken: raw.fyToken,
    exchange: raw.exchange,
    segment: raw.segment,
  });
  const quantity = wholeQuantity(raw.qty, 'qty', context);
  const filled = wholeQuantity(raw.filledQty, 'filledQty', context);
  const order: Order = {
    orderId: raw.id,
    symbol: ref.symbol,
    exchange: ref.exchange,
    action: mapAction(raw.side, context),
    priceType: mapPriceType(raw.type, context),
    product: mapProduct(raw.productType, context),
    quantity,
    filledQuantity: filled,
    pendingQuantity: wholeQuantity(raw.remainingQuantity, 'remainingQuantity', context),
    price: raw.limitPrice,
    triggerPrice: raw.stopPrice,
    averagePrice: raw.tradedPrice,
    status: mapFyersStatus(raw.status, raw.type),
    rawStatus: rawFyersStatus(raw.status),
    timestamp: fyersTimestamp(raw.orderDateTime, ctx, context),
    raw,
  };
  const clientOrderId = clientOrderIdOf(raw.orderTag);
  if (clientOrderId) order.clientOrderId = clientOrderId;
  if (raw.message?.trim()) order.statusMessage = raw.message.trim();
  return order;
}

export function mapTrade(raw: FyersTrade, ctx: MappingContext): Trade {
  const context = `trade ${raw.tradeNumber}`;
  const ref = ctx.symbols.fromFyers({
    ticker: raw.symbol,
    fyToken: raw.fyToken,
    exchange: raw.exchange,
    segment: raw.segment,
  });
  const quantity = wholeQuantity(raw.tradedQty, 'tradedQty', context);
  return {
    tradeId: raw.tradeNumber,
    orderId: raw.orderNumber,
    symbol: ref.symbol,
    exchange: ref.exchange,
    action: mapAction(raw.side, context),
    product: mapProduct(raw.productType, context),
    quantity,
    price: raw.tradePrice,
    tradeValue: raw.tradeValue ?? raw.tradePrice * quantity,
    timestamp: fyersTimestamp(raw.orderDateTime, ctx, context),
    raw,
  };
}
