import type { Logger } from '@openalgo/core';
import type { OrderRecord } from './records.js';

export type OrderListener = (order: OrderRecord) => void;

/** Tells each listener of each order change; a listener that throws is logged, never the engine's failure. */
export function notifyListeners(
  listeners: ReadonlySet<OrderListener>,
  events: readonly OrderRecord[],
  logger: Logger,
): void {
  for (const event of events) {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        logger.error({ err: error, orderId: event.orderId }, 'order listener threw');
      }
    }
  }
}
