import {
  assertFitsInstrument,
  type CallOptions,
  type Instrument,
  isOpenAlgoError,
  type ModifyRequest,
  type Order,
  type OrderAck,
  OrderNotFoundError,
  parseOrThrow,
  priceTypeRule,
  type TaggedOrderRequest,
  type Trade,
} from '@openalgo/core';
import { z } from 'zod';
import { type FyersContext, REST_LIMITS, readCall } from '../context.js';
import { FyersOrderAckSchema, FyersOrderBookSchema, FyersTradeBookSchema } from '../mapping/fyers-types.js';
import {
  FYERS_PRODUCT_OF,
  FYERS_SIDE_OF,
  FYERS_TYPE_OF,
  type MappingContext,
  mapOrder,
  mapTrade,
} from '../mapping/orders.js';
import { fyersTicker } from '../symbols.js';

/** Orders placed through OpenAlgo are day orders sent at once (not AMO), without CO/BO legs. */
export const VALIDITY = 'DAY';
const ORDERS_PATH = '/orders/sync';

/**
 * Fyers order ids are digits (14 today, `YYMMDD` + 8); CO/BO legs add `-CO-1`, `-BO-2` (brokers.md §3.10).
 * The boundary only knows an id is a non-empty string; this one travels in a JSON body or a query, and
 * anything else is refused before it is sent.
 */
const OrderIdSchema = z.string({ error: 'must be a string' }).regex(/^[0-9]{1,25}(-(CO|BO)-[1-3])?$/, {
  error: 'must be a Fyers order id (digits, e.g. 25111300002007)',
});

/**
 * `orderTag` carries the client order id. Fyers accepts letters and digits only (no spaces or symbols);
 * core's client order ids (1–19 letters or digits) always fit, and this says so at the wire.
 */
const OrderTagSchema = z
  .string()
  .regex(/^[A-Za-z0-9]{1,20}$/, { error: 'must be 1 to 20 letters or digits (Fyers orderTag)' });

function checkOrderId(orderId: string): string {
  return parseOrThrow(OrderIdSchema, orderId, 'order id');
}

/** Lots are checked only where the quantity is certainly in units (equity F&O, as for Kite). */
const UNIT_QUANTITY_EXCHANGES: ReadonlySet<string> = new Set(['NFO', 'BFO']);

/**
 * Fyers refuses a price off the tick (−392) and a bad quantity (−310). The adapter refuses them first, as
 * INVALID_ORDER naming the field, from the master row, so nothing is sent. It never rounds a price.
 */
function assertFits(
  order: Pick<ModifyRequest, 'priceType' | 'price' | 'triggerPrice' | 'quantity'>,
  row: Instrument,
): void {
  const lotSize = UNIT_QUANTITY_EXCHANGES.has(row.exchange) ? row.lotSize : 1;
  assertFitsInstrument(order, { tickSize: row.tickSize, lotSize, symbol: row.symbol });
}

/** `limitPrice` only for LIMIT/SL, `stopPrice` only for SL/SL-M; Fyers wants both keys, 0 when unused. */
function priceFields(order: Pick<ModifyRequest, 'priceType' | 'price' | 'triggerPrice'>) {
  const rule = priceTypeRule(order.priceType);
  return {
    limitPrice: rule.needsPrice ? order.price : 0,
    stopPrice: rule.needsTrigger ? order.triggerPrice : 0,
  };
}

/** The place body, keys in the order of brokers.md §3.10 (what the SDK's callers and OpenAlgo send). */
export function placeBody(request: TaggedOrderRequest, row: Instrument) {
  const { limitPrice, stopPrice } = priceFields(request);
  return {
    symbol: fyersTicker(row),
    qty: request.quantity,
    type: FYERS_TYPE_OF[request.priceType],
    side: FYERS_SIDE_OF[request.action],
    productType: FYERS_PRODUCT_OF[request.product],
    limitPrice,
    stopPrice,
    validity: VALIDITY,
    disclosedQty: request.disclosedQuantity,
    offlineOrder: false,
    stopLoss: 0,
    takeProfit: 0,
    orderTag: parseOrThrow(OrderTagSchema, request.clientOrderId, 'clientOrderId'),
  };
}

export async function placeOrder(
  ctx: FyersContext,
  request: TaggedOrderRequest,
  options?: CallOptions,
): Promise<OrderAck> {
  const { clientOrderId } = request;
  const row = ctx.symbols.resolveTradable(request);
  assertFits(request, row);
  const body = placeBody(request, row);
  try {
    const data = await ctx.http.post(ORDERS_PATH, FyersOrderAckSchema, {
      body: { json: body },
      limits: REST_LIMITS,
      signal: options?.signal,
      what: 'place order',
    });
    return { orderId: data.id, clientOrderId, raw: data };
  } catch (err) {
    // Errors from a place carry the client order id so the caller can find the order later.
    throw isOpenAlgoError(err) && err.clientOrderId === undefined ? err.with({ clientOrderId }) : err;
  }
}

export async function modifyOrder(
  ctx: FyersContext,
  request: ModifyRequest,
  options?: CallOptions,
): Promise<OrderAck> {
  const id = checkOrderId(request.orderId);
  assertFits(request, ctx.symbols.resolveTradable(request));
  const { limitPrice, stopPrice } = priceFields(request);
  const data = await ctx.http.requestData({
    method: 'PATCH',
    path: ORDERS_PATH,
    body: {
      json: { id, qty: request.quantity, type: FYERS_TYPE_OF[request.priceType], limitPrice, stopPrice },
    },
    kind: 'write',
    limits: REST_LIMITS,
    signal: options?.signal,
    schema: FyersOrderAckSchema,
    what: 'modify order',
  });
  return { orderId: data.id, raw: data };
}

/** `DELETE /orders/sync` with a JSON body `{id}` (a body on DELETE, as the SDK sends it). */
export async function cancelOrder(
  ctx: FyersContext,
  orderId: string,
  options?: CallOptions,
): Promise<OrderAck> {
  const id = checkOrderId(orderId);
  const data = await ctx.http.requestData({
    method: 'DELETE',
    path: ORDERS_PATH,
    body: { json: { id } },
    kind: 'write',
    limits: REST_LIMITS,
    signal: options?.signal,
    schema: FyersOrderAckSchema,
    what: 'cancel order',
  });
  return { orderId: data.id, raw: data };
}

export function mappingContext(ctx: FyersContext): MappingContext {
  return { symbols: ctx.symbols, nowMs: ctx.clock.now(), logger: ctx.logger };
}

export async function getOrders(ctx: FyersContext, options?: CallOptions): Promise<Order[]> {
  const data = await ctx.http.get('/orders', FyersOrderBookSchema, readCall(options, 'order book'));
  const m = mappingContext(ctx);
  return data.orderBook.map((row) => mapOrder(row, m));
}

/** `GET /orders?id=<id>` (the SDK's filtered order book); an empty book means Fyers does not know it. */
export async function getOrder(ctx: FyersContext, orderId: string, options?: CallOptions): Promise<Order> {
  const id = checkOrderId(orderId);
  const data = await ctx.http.get('/orders', FyersOrderBookSchema, {
    ...readCall(options, `order ${id}`),
    query: { id },
  });
  const row = data.orderBook.find((o) => o.id === id);
  if (!row) {
    throw new OrderNotFoundError(`Order ${id} was not found at Fyers`, { details: { orderId: id } });
  }
  return mapOrder(row, mappingContext(ctx));
}

export async function getTrades(ctx: FyersContext, options?: CallOptions): Promise<Trade[]> {
  const data = await ctx.http.get('/tradebook', FyersTradeBookSchema, readCall(options, 'trade book'));
  const m = mappingContext(ctx);
  return data.tradeBook.map((row) => mapTrade(row, m));
}
