import { OrderStateUnknownError } from '../errors/openalgo-error.js';
import type { Order, OrderAck } from '../model/order.js';
import type { TradingContext } from './context.js';

/**
 * After an ambiguous place failure, finds out from the order book whether the broker took the
 * order (docs/architecture.md §4). Looks the client order id up `attempts` times, `intervalMs` apart; a failing
 * lookup just uses up an attempt. Never places anything: the only way out is the order found
 * (an ack with `reconciled: true`) or ORDER_STATE_UNKNOWN carrying the client order id.
 */
export async function reconcilePlacement(
  ctx: TradingContext,
  clientOrderId: string,
  cause: unknown,
): Promise<OrderAck> {
  const { attempts, intervalMs } = ctx.reconcile;
  const log = ctx.logger.child({ clientOrderId });
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await ctx.clock.sleep(intervalMs);
    let orders: Order[];
    try {
      // Resolved at each lookup: after a re-login the adapter the order was sent through is closed.
      orders = await (await ctx.orderBook()).getOrders();
    } catch (lookupError) {
      log.warn({ attempt, attempts, err: lookupError }, 'order book lookup failed during reconciliation');
      continue;
    }
    const matches = orders.filter((order) => order.clientOrderId === clientOrderId);
    const found = matches[0];
    if (found) {
      if (matches.length > 1) {
        log.warn(
          { orderIds: matches.map((m) => m.orderId) },
          'several orders carry this client order id; reporting the first',
        );
      }
      log.info(
        { attempt, orderId: found.orderId, status: found.status },
        'order found in the order book: placement confirmed',
      );
      return { orderId: found.orderId, clientOrderId, reconciled: true, raw: found.raw };
    }
    log.info({ attempt, attempts }, 'order not in the order book yet');
  }
  log.error({ attempts, intervalMs }, 'order state unknown after reconciliation');
  throw new OrderStateUnknownError(
    `The broker did not confirm order ${clientOrderId} and it was not found in the order book after ` +
      `${attempts} lookup(s) over ${(attempts - 1) * intervalMs} ms. It may still appear: check the ` +
      `order book for client order id ${clientOrderId} before retrying, or you may place it twice.`,
    {
      broker: ctx.adapter.manifest.id,
      clientOrderId,
      mayHaveReachedBroker: true,
      details: { lookups: attempts, intervalMs },
      cause,
    },
  );
}
