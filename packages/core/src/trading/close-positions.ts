import { z } from 'zod';
import type { OpenAlgoErrorJSON } from '../errors/openalgo-error.js';
import { type Action, type Exchange, ExchangeSchema, type Product, ProductSchema } from '../model/enums.js';
import { parseOrThrow } from '../model/validation.js';
import { pacedBulk } from './bulk-pacing.js';
import type { TradingContext } from './context.js';
import { placeOrder } from './place-order.js';
import { type BatchStatus, batchStatus, errorJSON } from './results.js';

export const ClosePositionsFilterSchema = z.object({
  product: ProductSchema.optional(),
  exchange: ExchangeSchema.optional(),
});
export type ClosePositionsFilter = z.input<typeof ClosePositionsFilterSchema>;

interface ClosedPosition {
  symbol: string;
  exchange: Exchange;
  product: Product;
  /** The net position that was being closed (signed). */
  positionQuantity: number;
  action: Action;
  quantity: number;
}
export type ClosePositionResult =
  | (ClosedPosition & { status: 'success'; orderId: string; clientOrderId?: string; reconciled?: boolean })
  | (ClosedPosition & { status: 'error'; error: OpenAlgoErrorJSON });

export interface CloseAllPositionsResult {
  status: BatchStatus;
  message: string;
  results: ClosePositionResult[];
}

/**
 * OpenAlgo `/closeposition`: squares off every non-zero net position (optionally only one product
 * and/or exchange) with a MARKET order the other way for the full size, same product. Each order
 * goes through placeOrder, so an ambiguous failure is reconciled rather than re-sent. Unlike
 * OpenAlgo, every failure is reported per position instead of a blanket success.
 */
export async function closeAllPositions(
  ctx: TradingContext,
  filter: ClosePositionsFilter = {},
): Promise<CloseAllPositionsResult> {
  const { product, exchange } = parseOrThrow(ClosePositionsFilterSchema, filter, 'close positions filter');
  const positions = (await ctx.adapter.getPositions()).filter(
    (p) =>
      p.quantity !== 0 &&
      (product === undefined || p.product === product) &&
      (exchange === undefined || p.exchange === exchange),
  );
  ctx.logger.info({ count: positions.length, product, exchange }, 'closing positions');
  const results: ClosePositionResult[] = [];
  // Sequential on purpose, paced inside the broker's order windows rather than failing on them.
  await pacedBulk(ctx, 'close-all', positions.length, async (progress) => {
    for (const position of positions) {
      const closing: ClosedPosition = {
        symbol: position.symbol,
        exchange: position.exchange,
        product: position.product,
        positionQuantity: position.quantity,
        action: position.quantity > 0 ? 'SELL' : 'BUY',
        quantity: Math.abs(position.quantity),
      };
      try {
        const ack = await placeOrder(ctx, {
          symbol: closing.symbol,
          exchange: closing.exchange,
          product: closing.product,
          action: closing.action,
          quantity: closing.quantity,
          priceType: 'MARKET',
          strategy: 'Squareoff',
        });
        results.push({
          ...closing,
          status: 'success',
          orderId: ack.orderId,
          ...(ack.clientOrderId ? { clientOrderId: ack.clientOrderId } : {}),
          ...(ack.reconciled ? { reconciled: true } : {}),
        });
      } catch (error) {
        ctx.logger.error({ err: error, symbol: closing.symbol, exchange: closing.exchange }, 'close failed');
        results.push({ ...closing, status: 'error', error: errorJSON(error) });
      }
      progress.completed++;
    }
  });
  const status = batchStatus(results);
  const failed = results.filter((r) => r.status === 'error').length;
  const message =
    results.length === 0
      ? 'No Open Positions Found'
      : failed === 0
        ? 'All Open Positions Squared Off'
        : `Squared off ${results.length - failed} of ${results.length} positions; ${failed} failed`;
  return { status, message, results };
}
