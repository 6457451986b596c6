import {
  ClientOrderIdSchema,
  type OrderAck,
  type OrderRequestInput,
  OrderRequestSchema,
  type TaggedOrderRequest,
} from '../model/order.js';
import { parseOrThrow } from '../model/validation.js';
import { isAmbiguousOrderFailure } from './ambiguity.js';
import type { TradingContext } from './context.js';
import { reconcilePlacement } from './reconcile.js';
import { assertTradable } from './results.js';

/**
 * Places one order exactly once. The request is validated before anything leaves the process, tagged
 * with a client order id, and sent to the adapter a single time. If the outcome is ambiguous the
 * order book decides (see reconcilePlacement); any other failure is rethrown unchanged.
 */
export async function placeOrder(ctx: TradingContext, input: OrderRequestInput): Promise<OrderAck> {
  const request = parseOrThrow(OrderRequestSchema, input, 'order');
  assertTradable(request.exchange);
  const clientOrderId = parseOrThrow(
    ClientOrderIdSchema,
    request.clientOrderId ?? ctx.newClientOrderId(),
    'generated client order id',
  );
  const tagged: TaggedOrderRequest = { ...request, clientOrderId };
  const log = ctx.logger.child({ clientOrderId });
  log.info(
    {
      symbol: tagged.symbol,
      exchange: tagged.exchange,
      action: tagged.action,
      quantity: tagged.quantity,
      priceType: tagged.priceType,
      product: tagged.product,
    },
    'placing order',
  );
  try {
    const ack = await ctx.adapter.placeOrder(tagged);
    log.info({ orderId: ack.orderId }, 'order placed');
    return { ...ack, clientOrderId: ack.clientOrderId ?? clientOrderId };
  } catch (error) {
    if (!isAmbiguousOrderFailure(error)) {
      log.warn({ err: error }, 'order rejected');
      throw error;
    }
    log.warn({ err: error }, 'order outcome ambiguous: reconciling against the order book');
    return reconcilePlacement(ctx, clientOrderId, error);
  }
}
