import {
  type CallOptions,
  isOpenAlgoError,
  type OpenAlgoError,
  OrderNotFoundError,
  parseOrThrow,
} from '@openalgo/core';
import { z } from 'zod';
import { SECURE_PREFIX } from '../client.js';
import { type AngelContext, readCall } from '../context.js';
import { EMPTY_BOOK_CODES } from '../errors.js';
import { type AngelOrder, AngelOrderBookSchema, AngelOrderSchema } from '../mapping/angel-types.js';

export const ORDER_BOOK_PATH = `${SECURE_PREFIX}/order/v1/getOrderBook`;
export const ORDER_DETAILS_PATH = `${SECURE_PREFIX}/order/v1/details`;

/** Remembered ids are bounded: a long-running adapter must not grow without limit. */
const MAX_REMEMBERED = 5_000;

/**
 * Angel's order ids are 15 digits (`YYMMDD` + serial); its unique ids are UUIDs (§2.10). The boundary only
 * knows an id is a non-empty string, and a unique id is spliced into a URL path, so anything else is
 * refused before it can name another endpoint.
 */
const OrderIdSchema = z
  .string({ error: 'must be a string' })
  .trim()
  .regex(/^[0-9A-Za-z-]{1,64}$/, { error: 'must be an Angel order id (letters, digits and dashes)' });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function checkOrderId(orderId: string): string {
  return parseOrThrow(OrderIdSchema, orderId, 'order id');
}

export function isUniqueOrderId(id: string): boolean {
  return UUID.test(id);
}

/** Keeps `orderid` → `uniqueorderid` (and the order's variety, which a cancel must name). */
export function remember(ctx: AngelContext, orderId: string, uniqueOrderId: string | undefined): void {
  if (!uniqueOrderId || !isUniqueOrderId(uniqueOrderId)) return;
  if (ctx.uniqueIds.size >= MAX_REMEMBERED && !ctx.uniqueIds.has(orderId)) {
    const oldest = ctx.uniqueIds.keys().next().value;
    if (oldest !== undefined) ctx.uniqueIds.delete(oldest);
  }
  ctx.uniqueIds.set(orderId, uniqueOrderId);
}

export function notFound(orderId: string, cause?: unknown): OpenAlgoError {
  return new OrderNotFoundError(`Order ${orderId} was not found at Angel One`, {
    details: { orderId },
    ...(cause === undefined ? {} : { cause }),
  });
}

/** Angel answers an empty book with `data: null` or one of AB1013–AB1016 (§2.10): both mean "none". */
export async function orEmpty<T>(call: () => Promise<T[] | null>): Promise<T[]> {
  try {
    return (await call()) ?? [];
  } catch (err) {
    if (isOpenAlgoError(err) && err.raw?.code !== undefined && EMPTY_BOOK_CODES.has(err.raw.code)) return [];
    throw err;
  }
}

/** The raw order book; every row teaches the id map. */
export async function readOrderBook(ctx: AngelContext, options?: CallOptions): Promise<AngelOrder[]> {
  const rows = await orEmpty(() =>
    ctx.http.get(ORDER_BOOK_PATH, AngelOrderBookSchema, readCall(options, 'order book', 'orderBook')),
  );
  for (const row of rows) remember(ctx, row.orderid, row.uniqueorderid);
  return rows;
}

/** `order/v1/details/{uniqueorderid}`: one order, mixed number types (§2.4). */
async function readDetails(ctx: AngelContext, uniqueId: string, options?: CallOptions): Promise<AngelOrder> {
  try {
    const row = await ctx.http.get(
      `${ORDER_DETAILS_PATH}/${encodeURIComponent(uniqueId)}`,
      AngelOrderSchema.nullable(),
      readCall(options, `order details of ${uniqueId}`, 'orderDetails'),
    );
    if (!row) throw notFound(uniqueId);
    remember(ctx, row.orderid, row.uniqueorderid);
    return row;
  } catch (err) {
    if (isOpenAlgoError(err) && err.raw?.code !== undefined && EMPTY_BOOK_CODES.has(err.raw.code)) {
      throw notFound(uniqueId, err);
    }
    throw err;
  }
}

/**
 * One order's latest state, by Angel `orderid` or `uniqueorderid`. The details endpoint (10/s) needs the
 * unique id; when it is not known the order book (1/s) is read instead, which also teaches it.
 */
export async function findOrder(
  ctx: AngelContext,
  orderId: string,
  options?: CallOptions,
): Promise<AngelOrder> {
  const id = checkOrderId(orderId);
  if (isUniqueOrderId(id)) return readDetails(ctx, id, options);
  const uniqueId = ctx.uniqueIds.get(id);
  if (uniqueId) {
    const row = await readDetails(ctx, uniqueId, options);
    if (row.orderid === id) return row;
  }
  const found = (await readOrderBook(ctx, options)).find(
    (row) => row.orderid === id || row.uniqueorderid === id,
  );
  if (!found) throw notFound(id);
  return found;
}
