import type { OpenAlgoErrorJSON } from '../errors/openalgo-error.js';
import { WORKING_ORDER_STATUSES } from '../model/enums.js';
import { pacedBulk } from './bulk-pacing.js';
import type { TradingContext } from './context.js';
import { errorJSON } from './results.js';

export interface CancelAllOrdersResult {
  cancelled: string[];
  failed: Array<{ orderId: string; error: OpenAlgoErrorJSON }>;
}

/**
 * OpenAlgo `/cancelallorder`: cancels every working order (open, trigger pending, pending) in the
 * account, one at a time. A failed cancel is reported, never dropped; a cancel that failed
 * ambiguously (TIMEOUT…) may still have gone through, which its error code tells the caller.
 * The cancels pace inside the broker's rate windows (`pacedBulk`) rather than fail on them.
 */
export async function cancelAllOrders(ctx: TradingContext): Promise<CancelAllOrdersResult> {
  const working = (await ctx.adapter.getOrders()).filter((o) => WORKING_ORDER_STATUSES.has(o.status));
  ctx.logger.info({ count: working.length }, 'cancelling working orders');
  const result: CancelAllOrdersResult = { cancelled: [], failed: [] };
  await pacedBulk(ctx, 'cancel-all', working.length, async (progress) => {
    for (const order of working) {
      try {
        await ctx.adapter.cancelOrder(order.orderId);
        result.cancelled.push(order.orderId);
      } catch (error) {
        ctx.logger.warn({ err: error, orderId: order.orderId }, 'cancel failed');
        result.failed.push({ orderId: order.orderId, error: errorJSON(error) });
      }
      progress.completed++;
    }
  });
  ctx.logger.info({ cancelled: result.cancelled.length, failed: result.failed.length }, 'cancel-all done');
  return result;
}
