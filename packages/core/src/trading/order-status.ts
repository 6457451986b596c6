import { z } from 'zod';
import { NonEmptyStringSchema } from '../model/numbers.js';
import type { Order, Trade } from '../model/order.js';
import { parseOrThrow } from '../model/validation.js';
import type { TradingContext } from './context.js';

const OrderIdSchema = z.object({ orderId: NonEmptyStringSchema });

/** Quantity-weighted average of the order's fills; 0 when it has none. */
export function averageFillPrice(trades: readonly Trade[], orderId: string): number {
  let quantity = 0;
  let value = 0;
  for (const t of trades) {
    if (t.orderId !== orderId) continue;
    quantity += t.quantity;
    value += t.price * t.quantity;
  }
  return quantity > 0 ? value / quantity : 0;
}

/**
 * OpenAlgo `/orderstatus`: the latest state of one order. ORDER_NOT_FOUND from the adapter
 * propagates (a 404 at the server). Some brokers leave the average price off the order itself, so
 * a complete order without one takes it from the trade book.
 */
export async function orderStatus(ctx: TradingContext, orderId: string): Promise<Order> {
  const { orderId: id } = parseOrThrow(OrderIdSchema, { orderId }, 'order status request');
  const order = await ctx.adapter.getOrder(id);
  if (order.averagePrice > 0 || order.status !== 'complete') return order;
  const averagePrice = averageFillPrice(await ctx.adapter.getTrades(), order.orderId);
  return { ...order, averagePrice };
}
