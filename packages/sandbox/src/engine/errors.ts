import { InvalidOrderError, type OpenAlgoError, OrderNotFoundError } from '@openalgo/core';
import type { OrderRecord } from './records.js';

export function orderNotFound(orderId: string): OpenAlgoError {
  return new OrderNotFoundError(`Order ${orderId} not found`, { broker: 'sandbox' });
}

const STATUS_WORDS: Record<OrderRecord['status'], string> = {
  open: 'open',
  trigger_pending: 'trigger pending',
  complete: 'complete',
  cancelled: 'cancelled',
  rejected: 'rejected',
};

/** A modify or cancel of an order that no longer rests at the exchange. */
export function notWorking(order: OrderRecord, verb: 'cancelled' | 'modified'): OpenAlgoError {
  return new InvalidOrderError(
    `Order ${order.orderId} is already ${STATUS_WORDS[order.status]}: only open or trigger-pending orders can be ${verb}`,
    { broker: 'sandbox', details: { orderId: order.orderId, status: order.status } },
  );
}
