import {
  type CallOptions,
  ClientOrderIdSchema,
  errorForCode,
  isOpenAlgoError,
  type ModifyRequest,
  ModifyRequestSchema,
  type OpenAlgoError,
  type Order,
  type OrderAck,
  OrderNotFoundError,
  OrderRequestSchema,
  parseOrThrow,
  type TaggedOrderRequest,
  type Trade,
} from '@openalgo/core';
import { z } from 'zod';
import { readKiteData } from './client.js';
import type { KiteContext } from './context.js';
import { BROKER_ID } from './errors.js';
import { KiteOrderIdSchema, KiteOrderSchema, KiteTradeSchema } from './kite-types.js';
import { mapOrder, mapTrade } from './mapping.js';

/** Orders placed through OpenAlgo are always `regular`, day orders (reference §1.8). */
export const VARIETY = 'regular';
export const VALIDITY = 'DAY';
/** Kite's automatic market protection for market and stop-market orders (what OpenAlgo sends). */
export const MARKET_PROTECTION = -1;

const ORDER_LIMITS = ['orders'] as const;
const READ_LIMITS = ['default'] as const;

function signalOf(options: CallOptions | undefined): { signal?: AbortSignal } {
  return options?.signal ? { signal: options.signal } : {};
}

/** Kite order ids are digits; anything else would be spliced into the URL path. */
const OrderIdSchema = z
  .string({ error: 'must be a string' })
  .regex(/^[0-9]{1,25}$/, { error: 'must be a Kite order id (digits only)' });

function checkOrderId(orderId: string): string {
  return parseOrThrow(OrderIdSchema, orderId, 'order id');
}

function needsPrice(priceType: string): boolean {
  return priceType === 'LIMIT' || priceType === 'SL';
}
function needsTrigger(priceType: string): boolean {
  return priceType === 'SL' || priceType === 'SL-M';
}
function isMarket(priceType: string): boolean {
  return priceType === 'MARKET' || priceType === 'SL-M';
}

/** Errors from a place carry the client order id so the caller can find the order later. */
function withClientOrderId(err: unknown, clientOrderId: string): unknown {
  if (!isOpenAlgoError(err) || err.clientOrderId !== undefined) return err;
  const e: OpenAlgoError = err;
  return errorForCode(e.code, e.message, {
    retryable: e.retryable,
    clientOrderId,
    ...(e.broker === undefined ? {} : { broker: e.broker }),
    ...(e.raw === undefined ? {} : { raw: e.raw }),
    ...(e.field === undefined ? {} : { field: e.field }),
    ...(e.retryAfterMs === undefined ? {} : { retryAfterMs: e.retryAfterMs }),
    ...(e.mayHaveReachedBroker === undefined ? {} : { mayHaveReachedBroker: e.mayHaveReachedBroker }),
    ...(e.details === undefined ? {} : { details: e.details }),
    cause: e,
  });
}

export async function placeOrder(
  ctx: KiteContext,
  input: TaggedOrderRequest,
  options?: CallOptions,
): Promise<OrderAck> {
  const request = parseOrThrow(OrderRequestSchema, input, 'order');
  const clientOrderId = parseOrThrow(ClientOrderIdSchema, input.clientOrderId, 'client order id');
  const row = ctx.symbols.resolveTradable(request);
  const form = {
    tradingsymbol: row.brsymbol,
    exchange: row.brexchange,
    transaction_type: request.action,
    order_type: request.priceType,
    quantity: request.quantity,
    product: request.product,
    price: needsPrice(request.priceType) ? request.price : undefined,
    trigger_price: needsTrigger(request.priceType) ? request.triggerPrice : undefined,
    disclosed_quantity: request.disclosedQuantity > 0 ? request.disclosedQuantity : undefined,
    validity: VALIDITY,
    market_protection: isMarket(request.priceType) ? MARKET_PROTECTION : undefined,
    tag: clientOrderId,
  };
  try {
    const res = await ctx.http.request({
      method: 'POST',
      path: `/orders/${VARIETY}`,
      body: { form },
      kind: 'write',
      limits: ORDER_LIMITS,
      ...signalOf(options),
    });
    const data = readKiteData(KiteOrderIdSchema, res.data, 'place order');
    return { orderId: String(data.order_id), clientOrderId, raw: data };
  } catch (err) {
    throw withClientOrderId(err, clientOrderId);
  }
}

export async function modifyOrder(
  ctx: KiteContext,
  input: ModifyRequest,
  options?: CallOptions,
): Promise<OrderAck> {
  const request = parseOrThrow(ModifyRequestSchema, input, 'order modification');
  const orderId = checkOrderId(request.orderId);
  ctx.symbols.resolveTradable(request);
  const form = {
    order_type: request.priceType,
    quantity: request.quantity,
    price: needsPrice(request.priceType) ? request.price : undefined,
    trigger_price: needsTrigger(request.priceType) ? request.triggerPrice : undefined,
    disclosed_quantity: request.disclosedQuantity > 0 ? request.disclosedQuantity : undefined,
    validity: VALIDITY,
  };
  const res = await orderScoped(orderId, () =>
    ctx.http.request({
      method: 'PUT',
      path: `/orders/${VARIETY}/${orderId}`,
      body: { form },
      kind: 'write',
      limits: ORDER_LIMITS,
      ...signalOf(options),
    }),
  );
  const data = readKiteData(KiteOrderIdSchema, res.data, 'modify order');
  return { orderId: String(data.order_id), raw: data };
}

export async function cancelOrder(
  ctx: KiteContext,
  orderId: string,
  options?: CallOptions,
): Promise<OrderAck> {
  const id = checkOrderId(orderId);
  const res = await orderScoped(id, () =>
    ctx.http.request({
      method: 'DELETE',
      path: `/orders/${VARIETY}/${id}`,
      kind: 'write',
      limits: ORDER_LIMITS,
      ...signalOf(options),
    }),
  );
  const data = readKiteData(KiteOrderIdSchema, res.data, 'cancel order');
  return { orderId: String(data.order_id), raw: data };
}

export async function getOrders(ctx: KiteContext, options?: CallOptions): Promise<Order[]> {
  const res = await ctx.http.request({
    method: 'GET',
    path: '/orders',
    kind: 'read',
    limits: READ_LIMITS,
    ...signalOf(options),
  });
  const rows = readKiteData(z.array(KiteOrderSchema), res.data, 'order book');
  return rows.map((row) => mapOrder(row, ctx.symbols));
}

function notFound(orderId: string, cause?: unknown): OpenAlgoError {
  return new OrderNotFoundError(`Order ${orderId} was not found at Zerodha`, {
    broker: BROKER_ID,
    details: { orderId },
    ...(cause === undefined ? {} : { cause }),
  });
}

/** A 404 on an order's own URL means Kite does not know the order. */
async function orderScoped<T>(orderId: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (isOpenAlgoError(err) && err.raw?.status === 404) throw notFound(orderId, err);
    throw err;
  }
}

/** `GET /orders/{id}` lists every state the order went through, oldest first; the last is current. */
export async function getOrder(ctx: KiteContext, orderId: string, options?: CallOptions): Promise<Order> {
  const id = checkOrderId(orderId);
  const res = await orderScoped(id, () =>
    ctx.http.request({
      method: 'GET',
      path: `/orders/${id}`,
      kind: 'read',
      limits: READ_LIMITS,
      ...signalOf(options),
    }),
  );
  const history = readKiteData(z.array(KiteOrderSchema), res.data, `order history of ${id}`);
  const latest = history[history.length - 1];
  if (!latest) throw notFound(id);
  return mapOrder(latest, ctx.symbols);
}

export async function getTrades(ctx: KiteContext, options?: CallOptions): Promise<Trade[]> {
  const res = await ctx.http.request({
    method: 'GET',
    path: '/trades',
    kind: 'read',
    limits: READ_LIMITS,
    ...signalOf(options),
  });
  const rows = readKiteData(z.array(KiteTradeSchema), res.data, 'trade book');
  return rows.map((row) => mapTrade(row, ctx.symbols));
}
