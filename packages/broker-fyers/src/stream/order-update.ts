import { type Action, istToEpoch, type Order, type PriceType, type Product, toIstIso } from '@openalgo/core';
import { mapFyersStatus } from '../mapping/status.js';
import type { FyersSymbols } from '../symbols.js';

/**
 * One `orders` message of the Fyers order socket (brokers.md §3.9) in the socket's own keys — the
 * JS SDK renames them to the REST names before its users see them; we read the wire. `org_ord_status`
 * is the REST status int; `ord_status` is the OMS's own code, kept only as the raw status when the
 * REST int is missing.
 */
export interface FyersSocketOrder {
  id?: unknown;
  qty?: unknown;
  qty_remaining?: unknown;
  qty_filled?: unknown;
  price_limit?: unknown;
  price_stop?: unknown;
  price_traded?: unknown;
  ord_type?: unknown;
  fy_token?: unknown;
  exchange?: unknown;
  segment?: unknown;
  symbol?: unknown;
  oms_msg?: unknown;
  time_oms?: unknown;
  product_type?: unknown;
  tran_side?: unknown;
  ord_status?: unknown;
  org_ord_status?: unknown;
  ordertag?: unknown;
}

const num = (value: unknown): number | undefined => {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};
const int = (value: unknown): number => {
  const n = num(value);
  return n !== undefined && Number.isSafeInteger(n) && n >= 0 ? n : 0;
};
const price = (value: unknown): number => {
  const n = num(value);
  return n !== undefined && n >= 0 ? n : 0;
};
const text = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';

const PRICE_TYPES: Readonly<Record<number, PriceType>> = { 1: 'LIMIT', 2: 'MARKET', 3: 'SL-M', 4: 'SL' };
const PRODUCTS: Readonly<Record<string, Product>> = {
  CNC: 'CNC',
  INTRADAY: 'MIS',
  MARGIN: 'NRML',
  CO: 'MIS',
  BO: 'MIS',
  MTF: 'CNC',
};

/**
 * The OMS code in `ord_status` → REST status int, for a frame without `org_ord_status` (the JS
 * SDK's own table, §3.9: 11/12/20/21 transit, 22–26/51–55/61–64/71/72 pending, 90 traded, 91/73
 * cancelled, 92–94 rejected).
 */
export function omsStatus(code: number | undefined): number | undefined {
  if (code === undefined) return undefined;
  if (code === 11 || code === 12 || code === 20 || code === 21) return 4;
  if (
    (code >= 22 && code <= 26) ||
    (code >= 51 && code <= 55) ||
    (code >= 61 && code <= 64) ||
    code === 71 ||
    code === 72
  )
    return 6;
  if (code === 90) return 2;
  if (code === 91 || code === 73) return 1;
  if (code >= 92 && code <= 94) return 5;
  return undefined;
}

const MONTHS: Readonly<Record<string, number>> = {
  JAN: 1,
  FEB: 2,
  MAR: 3,
  APR: 4,
  MAY: 5,
  JUN: 6,
  JUL: 7,
  AUG: 8,
  SEP: 9,
  OCT: 10,
  NOV: 11,
  DEC: 12,
};

/** `03-Dec-2026 10:15:30` (Fyers' book format, IST) or epoch seconds → ISO with +05:30. */
export function orderTime(value: unknown, nowMs: number): string {
  const seconds = num(value);
  if (seconds !== undefined && seconds > 1e9) return toIstIso(seconds * 1000);
  const m = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})\s+(\d{2}):(\d{2}):(\d{2})$/.exec(text(value).trim());
  const month = m ? MONTHS[(m[2] as string).toUpperCase()] : undefined;
  if (!m || !month) return toIstIso(nowMs);
  return toIstIso(istToEpoch(Number(m[3]), month, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6])));
}

/** The unified order, or why it cannot be one (missing id, side, unknown instrument…). */
export function mapSocketOrder(o: FyersSocketOrder, symbols: FyersSymbols, nowMs: number): Order | string {
  const orderId = text(o.id);
  if (!orderId) return 'no order id';
  const side = num(o.tran_side);
  const action: Action | undefined = side === 1 ? 'BUY' : side === -1 ? 'SELL' : undefined;
  if (!action) return `unknown side ${text(o.tran_side)}`;
  const type = num(o.ord_type);
  const priceType = type !== undefined ? PRICE_TYPES[type] : undefined;
  if (!priceType) return `unknown order type ${text(o.ord_type)}`;
  const product = PRODUCTS[text(o.product_type).toUpperCase()];
  if (!product) return `unknown product ${text(o.product_type)}`;
  const ref = symbols.fromFyers({
    ticker: text(o.symbol),
    fyToken: text(o.fy_token) || undefined,
    exchange: num(o.exchange),
    segment: num(o.segment),
  });
  const statusInt = num(o.org_ord_status) ?? omsStatus(num(o.ord_status));
  const quantity = int(o.qty);
  const filled = int(o.qty_filled);
  const order: Order = {
    orderId,
    symbol: ref.symbol,
    exchange: ref.exchange,
    action,
    priceType,
    product,
    quantity,
    filledQuantity: filled,
    pendingQuantity: o.qty_remaining !== undefined ? int(o.qty_remaining) : Math.max(0, quantity - filled),
    price: price(o.price_limit),
    triggerPrice: price(o.price_stop),
    averagePrice: price(o.price_traded),
    // The socket carries the REST status ints, so the one REST table decides (src/mapping/status.ts).
    status: statusInt === undefined ? 'unknown' : mapFyersStatus(statusInt, type),
    rawStatus: statusInt === undefined ? text(o.ord_status) : String(statusInt),
    timestamp: orderTime(o.time_oms, nowMs),
    raw: o,
  };
  const tag = text(o.ordertag);
  if (tag) order.clientOrderId = tag;
  const message = text(o.oms_msg);
  if (message) order.statusMessage = message;
  return order;
}
