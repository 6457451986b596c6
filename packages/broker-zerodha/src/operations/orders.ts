import {
  assertFitsInstrument,
  type CallOptions,
  type Instrument,
  isOpenAlgoError,
  type ModifyRequest,
  type OpenAlgoError,
  type Order,
  type OrderAck,
  OrderNotFoundError,
  parseOrThrow,
  priceTypeRule,
  type TaggedOrderRequest,
  type Trade,
} from '@openalgo/core';
import { z } from 'zod';
import { type KiteContext, readCall } from '../context.js';
import { KiteOrderIdSchema, KiteOrderSchema, KiteTradeSchema } from '../mapping/kite-types.js';
import { mapOrder, mapTrade } from '../mapping/orders.js';

/** Orders placed through OpenAlgo are always `regular`, day orders, as in OpenAlgo. */
export const VARIETY = 'regular';
export const VALIDITY = 'DAY';
/** Kite's automatic market protection for market and stop-market orders (what OpenAlgo sends). */
export const MARKET_PROTECTION = -1;

const ORDER_LIMITS = ['orders'] as const;

/**
 * Kite order ids are digits. The boundary only knows an id is a non-empty string, and this one is
 * spliced into the URL path, so anything else is refused before it can name another endpoint.
 */
const OrderIdSchema = z
  .string({ error: 'must be a string' })
  .regex(/^[0-9]{1,25}$/, { error: 'must be a Kite order id (digits only)' });

function checkOrderId(orderId: string): string {
  return parseOrThrow(OrderIdSchema, orderId, 'order id');
}

/**
 * Kite refuses a price or trigger off the instrument's tick size and a quantity that is not a whole
 * number of lots (HTTP 400). The adapter refuses them first, as INVALID_ORDER naming the field, from the
 * master row's tick and lot, so nothing is sent. It never rounds: a limit price is the trader's decision,
 * and moving it even one tick could fill an order the trader meant to rest.
 */
function assertFits(
  order: Pick<ModifyRequest, 'priceType' | 'price' | 'triggerPrice' | 'quantity'>,
  row: Instrument,
): void {
  // Lots are checked only where Kite's quantity is certainly in units (equity F&O). On MCX and the
  // currency segments Kite's quantity-vs-lot convention is unverified here, so the broker decides
  // rather than us refusing an order that may be valid.
  const lotSize = UNIT_QUANTITY_EXCHANGES.has(row.exchange) ? row.lotSize : 1;
  assertFitsInstrument(order, { tickSize: row.tickSize, lotSize, symbol: row.symbol });
}

const UNIT_QUANTITY_EXCHANGES: ReadonlySet<string> = new Set(['NFO', 'BFO']);

/** Market protection for the price types that execute at market (core's table), on place and modify. */
function marketProtection(priceType: ModifyRequest['priceType']): number | undefined {
  return priceTypeRule(priceType).marketProtected ? MARKET_PROTECTION : undefined;
}

/** The price fields Kite wants for a price type: a price only when it needs one, likewise the trigger. */
function priceFields(
  order: Pick<ModifyRequest, 'priceType' | 'price' | 'triggerPrice' | 'disclosedQuantity'>,
) {
  const rule = priceTypeRule(order.priceType);
  return {
    price: rule.needsPrice ? order.price : undefined,
    trigger_price: rule.needsTrigger ? order.triggerPrice : undefined,
    disclosed_quantity: order.disclosedQuantity > 0 ? order.disclosedQuantity : undefined,
  };
}

export async function placeOrder(
  ctx: KiteContext,
  request: TaggedOrderRequest,
  options?: CallOptions,
): Promise<OrderAck> {
  const { clientOrderId } = request;
  const row = ctx.symbols.resolveTradable(request);
  assertFits(request, row);
  const { price, trigger_price, disclosed_quantity } = priceFields(request);
  const form = {
    tradingsymbol: row.brsymbol,
    exchange: row.brexchange,
    transaction_type: request.action,
    order_type: request.priceType,
    quantity: request.quantity,
    product: request.product,
    price,
    trigger_price,
    disclosed_quantity,
    validity: VALIDITY,
    market_protection: marketProtection(request.priceType),
    tag: clientOrderId,
  };
  try {
    const data = await ctx.http.post(`/orders/${VARIETY}`, KiteOrderIdSchema, {
      body: { form },
      limits: ORDER_LIMITS,
      signal: options?.signal,
      what: 'place order',
    });
    return { orderId: String(data.order_id), clientOrderId, raw: data };
  } catch (err) {
    // Errors from a place carry the client order id so the caller can find the order later.
    throw isOpenAlgoError(err) && err.clientOrderId === undefined ? err.with({ clientOrderId }) : err;
  }
}

export async function modifyOrder(
  ctx: KiteContext,
  request: ModifyRequest,
  options?: CallOptions,
): Promise<OrderAck> {
  const orderId = checkOrderId(request.orderId);
  assertFits(request, ctx.symbols.resolveTradable(request));
  const form = {
    order_type: request.priceType,
    quantity: request.quantity,
    ...priceFields(request),
    validity: VALIDITY,
    // Kite refuses a modification to MARKET or SL-M that carries no market protection.
    market_protection: marketProtection(request.priceType),
  };
  const data = await orderScoped(orderId, () =>
    ctx.http.requestData({
      method: 'PUT',
      path: `/orders/${VARIETY}/${orderId}`,
      body: { form },
      kind: 'write',
      limits: ORDER_LIMITS,
      signal: options?.signal,
      schema: KiteOrderIdSchema,
      what: 'modify order',
    }),
  );
  return { orderId: String(data.order_id), raw: data };
}

export async function cancelOrder(
  ctx: KiteContext,
  orderId: string,
  options?: CallOptions,
): Promise<OrderAck> {
  const id = checkOrderId(orderId);
  const data = await orderScoped(id, () =>
    ctx.http.requestData({
      method: 'DELETE',
      path: `/orders/${VARIETY}/${id}`,
      kind: 'write',
      limits: ORDER_LIMITS,
      signal: options?.signal,
      schema: KiteOrderIdSchema,
      what: 'cancel order',
    }),
  );
  return { orderId: String(data.order_id), raw: data };
}

export async function getOrders(ctx: KiteContext, options?: CallOptions): Promise<Order[]> {
  const rows = await ctx.http.get('/orders', z.array(KiteOrderSchema), readCall(options, 'order book'));
  return rows.map((row) => mapOrder(row, ctx.symbols));
}

function notFound(orderId: string, cause?: unknown): OpenAlgoError {
  return new OrderNotFoundError(`Order ${orderId} was not found at Zerodha`, {
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
  const history = await orderScoped(id, () =>
    ctx.http.get(`/orders/${id}`, z.array(KiteOrderSchema), readCall(options, `order history of ${id}`)),
  );
  const latest = history[history.length - 1];
  if (!latest) throw notFound(id);
  return mapOrder(latest, ctx.symbols);
}

export async function getTrades(ctx: KiteContext, options?: CallOptions): Promise<Trade[]> {
  const rows = await ctx.http.get('/trades', z.array(KiteTradeSchema), readCall(options, 'trade book'));
  return rows.map((row) => mapTrade(row, ctx.symbols));
}
