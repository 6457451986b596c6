import type { BrokerAdapter } from '../contract/adapter.js';
import type { Logger } from '../http/logger.js';
import type { Order } from '../model/order.js';
import type { Clock } from '../time/clock.js';
import { journalWatch } from './journal-watch.js';
import type { JournalVenue, OrderJournal } from './order-journal.js';

export interface JournalReconcileResult {
  /** Pending entries found in the broker's order book (now `acknowledged`). */
  acknowledged: string[];
  /** Pending entries the order book does not show (now `unknown`). */
  unknown: string[];
  /** True when the order book could not be read; the entries stay pending for the next try. */
  deferred: boolean;
}

/**
 * After a crash, a `pending` journal entry is an order that may or may not have reached the broker:
 * the process died between recording it and hearing back. The broker's order book decides — it is
 * the only place that knows — looked up by the client order id the order carried as its tag.
 * Nothing is ever re-sent from here.
 *
 * A row this process is still sending is not a crash's leftover: after a re-login the new runtime
 * recovers while the old one may be mid-call, and that call settles its own row. Such rows are
 * skipped, and a row is only settled if it is still pending once the book has been read.
 */
export async function reconcilePendingOrders(options: {
  journal: OrderJournal;
  accountId: string;
  venue: JournalVenue;
  adapter: BrokerAdapter;
  clock: Clock;
  logger: Logger;
}): Promise<JournalReconcileResult> {
  const { journal, accountId, venue, adapter, clock, logger } = options;
  const watch = journalWatch(journal);
  const leftOver = (clientOrderId: string): boolean =>
    !watch.isSending(accountId, clientOrderId) && journal.get(accountId, clientOrderId)?.state === 'pending';
  const pending = journal
    .listByState(['pending'], accountId)
    .filter((entry) => entry.venue === venue && !watch.isSending(accountId, entry.clientOrderId));
  const result: JournalReconcileResult = { acknowledged: [], unknown: [], deferred: false };
  if (pending.length === 0) return result;
  let orders: Order[];
  try {
    orders = await adapter.getOrders();
  } catch (error) {
    logger.warn(
      { err: error, accountId, venue, pending: pending.length },
      'journal: could not read the order book to settle pending orders; will try again at next start',
    );
    return { ...result, deferred: true };
  }
  const byTag = new Map<string, Order>();
  for (const order of orders) if (order.clientOrderId) byTag.set(order.clientOrderId, order);
  for (const entry of pending) {
    // Settled (or picked up by a call) while the book was being read: that answer stands.
    if (!leftOver(entry.clientOrderId)) continue;
    const found = byTag.get(entry.clientOrderId);
    const at = clock.now();
    if (found) {
      journal.settle(accountId, entry.clientOrderId, {
        state: 'acknowledged',
        brokerOrderId: found.orderId,
        outcome: { orderId: found.orderId, reconciled: true, after: 'restart' },
        at,
      });
      result.acknowledged.push(entry.clientOrderId);
    } else {
      journal.settle(accountId, entry.clientOrderId, {
        state: 'unknown',
        outcome: {
          message:
            'The server stopped while this order was being sent and the order book does not show it; ' +
            'it most likely never reached the broker.',
          after: 'restart',
        },
        at,
      });
      result.unknown.push(entry.clientOrderId);
      // Any runtime's next order book that shows it settles it (JournalingAdapter.getOrders).
      watch.unsettled(accountId, venue).add(entry.clientOrderId);
    }
  }
  logger.info(
    { accountId, venue, acknowledged: result.acknowledged.length, unknown: result.unknown.length },
    'journal: settled orders left pending by an earlier run',
  );
  return result;
}
