import type { Action } from '../model/enums.js';
import { NonNegativeIntSchema, SignedIntSchema } from '../model/numbers.js';
import type { OrderRequestInput } from '../model/order.js';
import { type OrderAck, OrderRequestSchema } from '../model/order.js';
import { assertTradable } from '../model/price-rules.js';
import { parseOrThrow } from '../model/validation.js';
import type { TradingContext } from './context.js';
import { positionKeyString, readNetQuantity } from './open-position.js';
import { placeOrder } from './place-order.js';
import { decideSmartOrder } from './smart-order-decision.js';

export const POSITIONS_MATCHED_MESSAGE = 'Positions Already Matched. No Action needed.';

/** An order request plus the target position; quantity may be 0 (it only matters from flat to flat). */
export const SmartOrderRequestSchema = OrderRequestSchema.safeExtend({
  quantity: NonNegativeIntSchema,
  positionSize: SignedIntSchema,
});
export type SmartOrderRequestInput = OrderRequestInput & { positionSize: number };

interface PositionMove {
  /** Net position read just before deciding. */
  currentQuantity: number;
  targetQuantity: number;
}
export type SmartOrderResult =
  | ({ action: 'none'; message: typeof POSITIONS_MATCHED_MESSAGE } & PositionMove)
  | (OrderAck & { action: Action; quantity: number } & PositionMove);

/**
 * OpenAlgo `/placesmartorder`: moves the net position for (symbol, exchange, product) to
 * `positionSize`. Smart orders for the same key run one at a time, and each reads the position
 * after the previous one's order went in, so two identical signals never double the position.
 * The lock is released once the order is placed, not filled: the adapter's position book must
 * reflect a fill for a queued smart order to see it.
 */
export async function placeSmartOrder(
  ctx: TradingContext,
  input: SmartOrderRequestInput,
): Promise<SmartOrderResult> {
  const { positionSize, ...request } = parseOrThrow(SmartOrderRequestSchema, input, 'smart order');
  assertTradable(request.exchange);
  const key = positionKeyString(request);
  const log = ctx.logger.child({ positionKey: key });
  return ctx.smartOrderLocks.run(key, async () => {
    const current = await readNetQuantity(ctx.adapter, request);
    const decision = decideSmartOrder({
      target: positionSize,
      current,
      action: request.action,
      quantity: request.quantity,
    });
    const move: PositionMove = { currentQuantity: current, targetQuantity: positionSize };
    if (decision.kind === 'none') {
      log.info(move, 'smart order: position already at target');
      return { action: 'none', message: POSITIONS_MATCHED_MESSAGE, ...move };
    }
    log.info({ ...move, action: decision.action, quantity: decision.quantity }, 'smart order: placing');
    const ack = await placeOrder(ctx, { ...request, action: decision.action, quantity: decision.quantity });
    return { ...ack, action: decision.action, quantity: decision.quantity, ...move };
  });
}
