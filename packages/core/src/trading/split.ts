import { InvalidRequestError, type OpenAlgoErrorJSON } from '../errors/openalgo-error.js';
import { PositiveIntSchema } from '../model/numbers.js';
import { type OrderRequestInput, OrderRequestSchema } from '../model/order.js';
import { assertTradable } from '../model/price-rules.js';
import { parseOrThrow } from '../model/validation.js';
import { pacedBulk } from './bulk-pacing.js';
import type { TradingContext } from './context.js';
import { placeOrder } from './place-order.js';
import { type BatchStatus, batchStatus, errorJSON } from './results.js';

/** OpenAlgo's cap: a split that would need more child orders is refused outright. */
export const MAX_SPLIT_CHILDREN = 100;

export const SplitOrderRequestSchema = OrderRequestSchema.safeExtend({ splitSize: PositiveIntSchema });
export type SplitOrderRequestInput = OrderRequestInput & { splitSize: number };

export type SplitChildResult =
  | { orderNum: number; quantity: number; status: 'success'; orderId: string; clientOrderId?: string }
  | { orderNum: number; quantity: number; status: 'error'; error: OpenAlgoErrorJSON };

export interface SplitResult {
  status: BatchStatus;
  totalQuantity: number;
  splitSize: number;
  results: SplitChildResult[];
}

/** ⌊total/size⌋ full children plus one remainder child when the division is not exact. */
export function splitQuantities(total: number, splitSize: number): number[] {
  const full = Math.floor(total / splitSize);
  const remainder = total - full * splitSize;
  const sizes = new Array<number>(full).fill(splitSize);
  if (remainder > 0) sizes.push(remainder);
  return sizes;
}

/**
 * OpenAlgo `/splitorder`: places `quantity` as child orders of `splitSize`, one after the other,
 * each with its own client order id (through placeOrder, so each is reconciled on ambiguity).
 * A failed child is reported and the rest are still placed, as OpenAlgo does. The children pace
 * inside the broker's rate windows (`pacedBulk`) rather than fail on them.
 */
export async function placeSplit(ctx: TradingContext, input: SplitOrderRequestInput): Promise<SplitResult> {
  const { splitSize, ...request } = parseOrThrow(SplitOrderRequestSchema, input, 'split order');
  if (request.clientOrderId !== undefined) {
    throw new InvalidRequestError(
      'Invalid split order: clientOrderId: each child order gets its own; omit it for a split',
      { field: 'clientOrderId' },
    );
  }
  assertTradable(request.exchange);
  const childCount = Math.ceil(request.quantity / splitSize);
  if (childCount > MAX_SPLIT_CHILDREN) {
    throw new InvalidRequestError(
      `Invalid split order: splitSize: ${request.quantity} split by ${splitSize} would need ${childCount} ` +
        `orders; at most ${MAX_SPLIT_CHILDREN} are allowed`,
      { field: 'splitSize', details: { childCount, max: MAX_SPLIT_CHILDREN } },
    );
  }
  const sizes = splitQuantities(request.quantity, splitSize);
  ctx.logger.info({ total: request.quantity, splitSize, children: sizes.length }, 'placing split order');
  const results: SplitChildResult[] = [];
  await pacedBulk(ctx, 'split', sizes.length, async (progress) => {
    for (const [i, quantity] of sizes.entries()) {
      const orderNum = i + 1;
      try {
        const ack = await placeOrder(ctx, { ...request, quantity });
        results.push({
          orderNum,
          quantity,
          status: 'success',
          orderId: ack.orderId,
          ...(ack.clientOrderId ? { clientOrderId: ack.clientOrderId } : {}),
        });
      } catch (error) {
        results.push({ orderNum, quantity, status: 'error', error: errorJSON(error) });
      }
      progress.completed++;
    }
  });
  return { status: batchStatus(results), totalQuantity: request.quantity, splitSize, results };
}
