import type { Logger } from '@openalgo/core';
import type { FyersRouteContext } from '../context.js';
import { positionRow } from '../portfolio-json.js';
import type { AttachOrderSocketOptions, OrderSocketUpdate } from './order-socket.js';

/**
 * The order socket's callbacks over the simulator's account, for the composition to spread into
 * `attachOrderSocket({ server, path: ORDER_SOCKET_PATH, logger, ...orderSocketCallbacks(ctx, logger) })`.
 * The upgrade is authorised like a REST call (`<app_id>:<token>` with a live token). Every order-book
 * change goes out as an `orders` frame; when it filled more, the new fills follow as `trades` frames
 * (the tradebook rows) and then the instrument's `positions` row — in that order, one change at a time.
 */
export function orderSocketCallbacks(
  ctx: Pick<FyersRouteContext, 'sessions' | 'orders' | 'engine' | 'master'>,
  logger?: Logger,
): Pick<AttachOrderSocketOptions, 'isAuthorized' | 'onUpdate'> {
  return {
    isAuthorized: (authorization) => {
      if (!authorization) return false;
      try {
        ctx.sessions.authorize({ authorization }, '/api/v3/orders');
        return true;
      } catch {
        return false;
      }
    },
    onUpdate: (listener) => {
      const filled = new Map<string, number>();
      const sentFills = new Set<string>();
      // Fills are read from the books asynchronously; a chain keeps every frame in change order.
      let queue: Promise<void> = Promise.resolve();
      const emit = (update: OrderSocketUpdate) => {
        queue = queue.then(() => listener(update));
      };
      return ctx.orders.onUpdate(({ record, row }) => {
        emit({ kind: 'orders', row });
        if (record.filledQuantity <= (filled.get(record.orderId) ?? 0)) return;
        filled.set(record.orderId, record.filledQuantity);
        queue = queue
          .then(async () => {
            for (const trade of await ctx.orders.tradeRows()) {
              const key = String(trade.tradeNumber);
              if (trade.orderNumber !== record.orderId || sentFills.has(key)) continue;
              sentFills.add(key);
              listener({ kind: 'trades', row: trade });
            }
            for (const view of await ctx.engine.positions()) {
              const p = view.record;
              if (
                p.exchange !== record.exchange ||
                p.symbol !== record.symbol ||
                p.product !== record.product
              )
                continue;
              const instrument = ctx.master.forSandbox(p.exchange, p.symbol);
              if (instrument) listener({ kind: 'positions', row: positionRow(view, instrument, 1) });
            }
          })
          .catch((error: unknown) =>
            logger?.warn({ err: error }, 'order socket simulator: fill not reported'),
          );
      });
    },
  };
}
