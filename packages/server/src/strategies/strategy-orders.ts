import { POSITIONS_MATCHED_MESSAGE } from '@openalgo/core';
import { type KeyedContext, placeOnce } from '../api/idempotent-orders.js';
import type { WebhookOrder } from './webhook-signal.js';

/** A strategy order's answer: the order id, or smart order's "already there". */
export type StrategyAnswer =
  | { status: 'success'; message: string; orderid: string }
  | { status: 'success'; message: typeof POSITIONS_MATCHED_MESSAGE };

export interface StrategyOrderRun {
  /** The idempotency route (part of what a retry under the same key must match). */
  route: string;
  /** What a retry must match, besides the route: the signal as the strategy received it. */
  request: Record<string, unknown>;
  /** The caller's key (webhook `client_order_id`, or the square-off job's own), if any. */
  clientOrderId: string | undefined;
  order: WebhookOrder;
  /**
   * Checked right before the order goes out, inside the key's run: a retry of a signal that was
   * already answered gets its first answer even once the strategy's hours have passed.
   */
  admit?: () => void;
}

/**
 * Places a strategy's order through the API's own order path: the idempotency gate (placeOnce, as
 * /placeorder and /placesmartorder), core's TradingService (journal, reconciliation of ambiguous
 * failures, smart-order locks per instrument) and the account's execution adapter — so analyzer
 * mode, the journal and a retry's guarantees are the same as for a client calling the API.
 */
export async function placeStrategyOrder(ctx: KeyedContext, run: StrategyOrderRun): Promise<StrategyAnswer> {
  const { order } = run;
  const input = { ...run.request, clientOrderId: run.clientOrderId };
  return placeOnce(ctx, run.route, input, async (brokerTag): Promise<StrategyAnswer> => {
    run.admit?.();
    const what = `${order.order.action} ${order.order.symbol}`;
    if (order.route === 'placeorder') {
      const ack = await ctx.account.trading.placeOrder({ ...order.order, clientOrderId: brokerTag });
      return {
        status: 'success',
        message: `Order placed: ${what} ${order.order.quantity}`,
        orderid: ack.orderId,
      };
    }
    const result = await ctx.account.trading.placeSmartOrder({ ...order.order, clientOrderId: brokerTag });
    if (result.action === 'none') return { status: 'success', message: POSITIONS_MATCHED_MESSAGE };
    return {
      status: 'success',
      message: `Order placed: ${result.action} ${order.order.symbol} ${result.quantity} (to position ${order.order.positionSize})`,
      orderid: result.orderId,
    };
  });
}
