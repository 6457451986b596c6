import type { OrderStatus } from '@openalgo/core';

/**
 * Every order status string Kite is documented or seen to send (Kite Connect's docs, the
 * official mocks, OpenAlgo's order-update adapter), and what it means in OpenAlgo terms.
 *
 * - A new order still on its way to the exchange is `pending`: it may yet be rejected.
 * - An order resting at the exchange while a modify/cancel request is in flight is still `open`:
 *   it can fill until the exchange confirms the change, so treating it as anything else would hide
 *   a live order.
 * - Anything not in this table is `unknown` (with `rawStatus` kept), never a guess.
 */
export const KITE_ORDER_STATUSES: Readonly<Record<string, OrderStatus>> = {
  OPEN: 'open',
  'TRIGGER PENDING': 'trigger_pending',
  COMPLETE: 'complete',
  CANCELLED: 'cancelled',
  REJECTED: 'rejected',
  // New order in flight (PUT ORDER REQ RECEIVED → VALIDATION PENDING → OPEN PENDING → OPEN).
  'PUT ORDER REQ RECEIVED': 'pending',
  'VALIDATION PENDING': 'pending',
  'OPEN PENDING': 'pending',
  // After-market order accepted by Kite, sent to the exchange at the next open.
  'AMO REQ RECEIVED': 'pending',
  // Modify path (MODIFY VALIDATION PENDING → MODIFY PENDING → MODIFIED → OPEN) and its failure.
  'MODIFY VALIDATION PENDING': 'open',
  'MODIFY PENDING': 'open',
  MODIFIED: 'open',
  'NOT MODIFIED': 'open',
  'CANCEL PENDING': 'open',
  // Sent on the order-update stream for changes to a working order (e.g. a partial fill).
  UPDATE: 'open',
};

export function mapKiteStatus(raw: string): OrderStatus {
  return Object.hasOwn(KITE_ORDER_STATUSES, raw) ? (KITE_ORDER_STATUSES[raw] as OrderStatus) : 'unknown';
}
