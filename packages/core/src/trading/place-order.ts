import {
  ClientOrderIdSchema,
  type OrderAck,
  type OrderRequestInput,
  TaggedOrderRequestSchema,
} from '../model/order.js';
import { assertTradable } from '../model/price-rules.js';
import { parseOnce, parseOrThrow } from '../model/validation.js';
import { isAmbiguousOrderFailure } from './ambiguity.js';
import type { TradingContext } from './context.js';
import { reconcilePlacement } from './reconcile.js';

/** The request with its client order id: the caller's, or a fresh one (checked, so a generator bug is ours). */
function tag(ctx: TradingContext, input: OrderRequestInput): unknown {
  if (typeof input !== 'object' || input === null || input.clientOrderId !== undefined) return input;
  const clientOrderId = parseOrThrow(
    ClientOrderIdSchema,
    ctx.newClientOrderId(),
    'generated client order id',
  );
  return { ...input, clientOrderId };
}

/**
 * Places one order exactly once. The request is validated before anything leaves the process, tagged
 * with a client order id, and sent to the adapter a single time. If the outcome is ambiguous the
 * order book decides (see reconcilePlacement); any other failure is rethrown unchanged.
 */
export async function placeOrder(ctx: TradingContext, input: OrderRequestInput): Promise<OrderAck> {
  const tagged = parseOnce(TaggedOrderRequestSchema, tag(ctx, input), 'order');
  const { clientOrderId } = tagged;
  assertTradable(tagged.exchange);
  // One logger call per step with the id in the line, not a child logger per order.
  const log = ctx.logger;
  log.info(
    {
      clientOrderId,
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
    log.info({ clientOrderId, orderId: ack.orderId }, 'order placed');
    return { ...ack, clientOrderId: ack.clientOrderId ?? clientOrderId };
  } catch (error) {
    if (!isAmbiguousOrderFailure(error)) {
      log.warn({ clientOrderId, err: error }, 'order rejected');
      throw error;
    }
    log.warn({ clientOrderId, err: error }, 'order outcome ambiguous: reconciling against the order book');
    return reconcilePlacement(ctx, clientOrderId, error);
  }
}
