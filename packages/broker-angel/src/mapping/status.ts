import type { OrderStatus } from '@openalgo/core';

/**
 * Every order status string Angel is documented to send (brokers.md §2.4 "status values", lowercase;
 * `status` = `orderstatus`) and what it means in OpenAlgo terms.
 *
 * - A new order not yet resting at the exchange is `pending`: it may still be rejected.
 * - An order at the exchange while a modification is in flight (or just done) is `open`: it can fill
 *   until the exchange confirms otherwise, so anything else would hide a live order.
 * - After-market orders wait for the next session: `pending`; a cancelled AMO is `cancelled`.
 * - Strings marked [unverified] in the reference are included on the safe reading named beside them.
 * - Anything else is `unknown` (with `rawStatus` kept), never a guess.
 */
export const ANGEL_ORDER_STATUSES: Readonly<Record<string, OrderStatus>> = {
  open: 'open',
  'trigger pending': 'trigger_pending',
  complete: 'complete',
  cancelled: 'cancelled',
  rejected: 'rejected',
  modified: 'open',
  'modify pending': 'open',
  'open pending': 'pending',
  'after market order req received': 'pending',
  'modify after market order req received': 'pending',
  'cancelled after market order': 'cancelled',
  // [unverified] — new order in flight, like Kite's states of the same names.
  'validation pending': 'pending',
  'put order req received': 'pending',
  // [unverified] — the order still rests at the exchange until the cancel is confirmed.
  'cancel pending': 'open',
};

/**
 * Angel's status text → OpenAlgo's closed set. Angel writes lowercase; the lookup also tolerates other
 * cases and stray spaces, which cannot change the meaning.
 */
export function mapAngelStatus(raw: string): OrderStatus {
  const key = raw.trim().replace(/\s+/g, ' ').toLowerCase();
  return Object.hasOwn(ANGEL_ORDER_STATUSES, key) ? (ANGEL_ORDER_STATUSES[key] as OrderStatus) : 'unknown';
}
