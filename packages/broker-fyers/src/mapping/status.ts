import type { OrderStatus } from '@openalgo/core';

/**
 * Every REST order status int Fyers documents (v3 docs as quoted by OpenAlgo, brokers.md §3.4, §3.8) and
 * what it means in OpenAlgo terms. This is the one place statuses are decided; the order socket's rows
 * carry the same ints (`org_ord_status`, or the JS SDK's mapping of the raw OMS code).
 *
 * - 4 "transit" is how Fyers reports a stop order waiting for its trigger (OpenAlgo maps 4 to trigger
 *   pending on REST; the simulator does the same). On a LIMIT or MARKET order, which has no trigger, it
 *   can only mean what the word says — on its way to the exchange, not yet accepted — which is
 *   `pending` (`STOP_TYPES` below).
 * - 6 "pending" is an order resting at the exchange: open.
 * - 7 "expired" is a day order the exchange retired unfilled at the end of its validity: cancelled.
 * - 3 is documented as unused; it and anything else not listed is `unknown` (with `rawStatus` kept),
 *   never a guess at a neighbour.
 */
export const FYERS_ORDER_STATUSES: Readonly<Record<string, OrderStatus>> = {
  '1': 'cancelled',
  '2': 'complete',
  '4': 'trigger_pending',
  '5': 'rejected',
  '6': 'open',
  '7': 'cancelled',
};

/** Order `type` ints that carry a trigger: 3 SL-M (stop), 4 SL (stop-limit). */
const STOP_TYPES: ReadonlySet<number> = new Set([3, 4]);

/** The raw status as text, the way `Order.rawStatus` keeps it (`"6"`). */
export function rawFyersStatus(status: number): string {
  return String(status);
}

/** Status int (and, for 4, the order's `type`) → unified status. Without a type, 4 reads as the table says. */
export function mapFyersStatus(status: number, orderType?: number): OrderStatus {
  const key = rawFyersStatus(status);
  if (!Object.hasOwn(FYERS_ORDER_STATUSES, key)) return 'unknown';
  if (status === 4 && orderType !== undefined && !STOP_TYPES.has(orderType)) return 'pending';
  return FYERS_ORDER_STATUSES[key] as OrderStatus;
}
