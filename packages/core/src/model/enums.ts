import { z } from 'zod';

/** A zod enum whose error message lists the allowed values; the field name comes from the issue path. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: () => `must be one of ${values.join(', ')}` });
}

export const EXCHANGES = [
  'NSE',
  'BSE',
  'NFO',
  'BFO',
  'CDS',
  'BCD',
  'MCX',
  'NCDEX',
  'NCO',
  'NSE_INDEX',
  'BSE_INDEX',
  'MCX_INDEX',
  'GLOBAL_INDEX',
] as const;
export const ExchangeSchema = oneOf(EXCHANGES);
export type Exchange = z.infer<typeof ExchangeSchema>;

/** Exchanges whose instruments are derivatives with an expiry. */
export const DERIVATIVE_EXCHANGES: ReadonlySet<Exchange> = new Set([
  'NFO',
  'BFO',
  'CDS',
  'BCD',
  'MCX',
  'NCDEX',
  'NCO',
]);
/** Index feeds: quotes, history and streams only; nothing can be ordered on them. */
export const INDEX_EXCHANGES: ReadonlySet<Exchange> = new Set([
  'NSE_INDEX',
  'BSE_INDEX',
  'MCX_INDEX',
  'GLOBAL_INDEX',
]);
export const CASH_EXCHANGES: ReadonlySet<Exchange> = new Set(['NSE', 'BSE']);

export const ACTIONS = ['BUY', 'SELL'] as const;
export const ActionSchema = oneOf(ACTIONS);
export type Action = z.infer<typeof ActionSchema>;

export const PRICE_TYPES = ['MARKET', 'LIMIT', 'SL', 'SL-M'] as const;
export const PriceTypeSchema = oneOf(PRICE_TYPES);
export type PriceType = z.infer<typeof PriceTypeSchema>;

export const PRODUCTS = ['CNC', 'NRML', 'MIS'] as const;
export const ProductSchema = oneOf(PRODUCTS);
export type Product = z.infer<typeof ProductSchema>;

/**
 * Closed set: an adapter maps every documented broker status to one of these and keeps the broker's
 * string in `rawStatus`; a status it does not know is `unknown`, never a guess at a neighbour.
 */
export const ORDER_STATUSES = [
  'open',
  'trigger_pending',
  'complete',
  'cancelled',
  'rejected',
  'pending',
  'unknown',
] as const;
export const OrderStatusSchema = oneOf(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof OrderStatusSchema>;

/** Statuses after which an order can no longer change. */
export const TERMINAL_ORDER_STATUSES: ReadonlySet<OrderStatus> = new Set([
  'complete',
  'cancelled',
  'rejected',
]);
/** Statuses in which an order still rests at the exchange and can be modified or cancelled. */
export const WORKING_ORDER_STATUSES: ReadonlySet<OrderStatus> = new Set([
  'open',
  'trigger_pending',
  'pending',
]);

export const INTERVALS = [
  '1s',
  '5s',
  '10s',
  '15s',
  '30s',
  '45s',
  '1m',
  '2m',
  '3m',
  '5m',
  '10m',
  '15m',
  '20m',
  '30m',
  '1h',
  '2h',
  '3h',
  '4h',
  'D',
  'W',
  'M',
  'Q',
  'Y',
] as const;
export const IntervalSchema = oneOf(INTERVALS);
export type Interval = z.infer<typeof IntervalSchema>;
