import {
  type CallOptions,
  isOpenAlgoError,
  istDate,
  type ModifyRequest,
  type Order,
  type OrderAck,
  priceTypeRule,
  type TaggedOrderRequest,
  type Trade,
} from '@openalgo/core';
import { z } from 'zod';
import { SECURE_PREFIX } from '../client.js';
import { type AngelContext, readCall } from '../context.js';
import { AngelTradeBookSchema } from '../mapping/angel-types.js';
import { orderIdText, text } from '../mapping/numbers.js';
import { mapOrder, mapTrade, PRICE_TYPE_TO_ANGEL, PRODUCT_TO_ANGEL } from '../mapping/orders.js';
import { checkOrderId, findOrder, orEmpty, readOrderBook, remember } from './order-lookup.js';

export const PLACE_PATH = `${SECURE_PREFIX}/order/v1/placeOrder`;
export const MODIFY_PATH = `${SECURE_PREFIX}/order/v1/modifyOrder`;
export const CANCEL_PATH = `${SECURE_PREFIX}/order/v1/cancelOrder`;
export const TRADE_BOOK_PATH = `${SECURE_PREFIX}/order/v1/getTradeBook`;

/** Orders placed through OpenAlgo are day orders (§2.8). */
export const DURATION = 'DAY';
const ORDER_LIMITS = ['orders'] as const;

/**
 * Acks carry `orderid` (the docs) — the SDK's own place mock spells it `orderId`, so both are read — and
 * the `uniqueorderid` that `order/v1/details/{id}` takes.
 */
const AckSchema = z
  .object({
    orderid: orderIdText.optional(),
    orderId: orderIdText.optional(),
    uniqueorderid: text.optional(),
  })
  .loose()
  .refine((ack) => ack.orderid !== undefined || ack.orderId !== undefined, {
    error: 'has no orderid',
    path: ['orderid'],
  });

/**
 * A price as JSON text, the way the docs, OpenAlgo and the SDK's example send every number (§2.2).
 * Rounded to 6 places first, so float noise (`420.49999999999994`) never reaches the wire.
 */
export function wireNumber(value: number): string {
  return String(Number(value.toFixed(6)));
}

/** The price fields of an order or a modification: a price only when the type takes one, likewise the trigger. */
function priceFields(order: Pick<ModifyRequest, 'priceType' | 'price' | 'triggerPrice'>) {
  const rule = priceTypeRule(order.priceType);
  return {
    price: rule.needsPrice ? wireNumber(order.price) : '0',
    triggerprice: rule.needsTrigger ? wireNumber(order.triggerPrice) : undefined,
  };
}

function disclosed(quantity: number): string | undefined {
  return quantity > 0 ? String(quantity) : undefined;
}

/**
 * `placeOrder` with variety NORMAL (MARKET, LIMIT) or STOPLOSS (SL, SL-M), the client order id as
 * `ordertag` (core's ids are 1–19 letters or digits, inside Angel's "< 20 characters", AB4008), every
 * number as a string (§2.10's canonical example). `squareoff`/`stoploss` only matter to ROBO orders and
 * are sent as "0", as in the docs and the SDK's example.
 */
export async function placeOrder(
  ctx: AngelContext,
  request: TaggedOrderRequest,
  options?: CallOptions,
): Promise<OrderAck> {
  const { clientOrderId } = request;
  const row = ctx.symbols.resolveTradable(request);
  const { ordertype, variety } = PRICE_TYPE_TO_ANGEL[request.priceType];
  const body = {
    variety,
    tradingsymbol: row.brsymbol,
    symboltoken: row.token,
    transactiontype: request.action,
    exchange: row.brexchange,
    ordertype,
    producttype: PRODUCT_TO_ANGEL[request.product],
    duration: DURATION,
    ...priceFields(request),
    squareoff: '0',
    stoploss: '0',
    quantity: String(request.quantity),
    disclosedquantity: disclosed(request.disclosedQuantity),
    ordertag: clientOrderId,
  };
  try {
    const ack = await ctx.http.post(PLACE_PATH, AckSchema, {
      body: { json: body },
      limits: ORDER_LIMITS,
      signal: options?.signal,
      what: 'place order',
    });
    const orderId = (ack.orderid ?? ack.orderId) as string;
    remember(ctx, orderId, ack.uniqueorderid);
    return { orderId, clientOrderId, raw: ack };
  } catch (err) {
    // Errors from a place carry the client order id so the caller can find the order later.
    throw isOpenAlgoError(err) && err.clientOrderId === undefined ? err.with({ clientOrderId }) : err;
  }
}

/**
 * `modifyOrder` with the fields the docs list (§2.4): the new terms plus the instrument. The variety
 * follows the new price type, as for a place.
 */
export async function modifyOrder(
  ctx: AngelContext,
  request: ModifyRequest,
  options?: CallOptions,
): Promise<OrderAck> {
  const orderid = checkOrderId(request.orderId);
  const row = ctx.symbols.resolveTradable(request);
  const { ordertype, variety } = PRICE_TYPE_TO_ANGEL[request.priceType];
  const body = {
    variety,
    orderid,
    ordertype,
    producttype: PRODUCT_TO_ANGEL[request.product],
    duration: DURATION,
    ...priceFields(request),
    quantity: String(request.quantity),
    disclosedquantity: disclosed(request.disclosedQuantity),
    tradingsymbol: row.brsymbol,
    symboltoken: row.token,
    exchange: row.brexchange,
  };
  const ack = await ctx.http.post(MODIFY_PATH, AckSchema, {
    body: { json: body },
    limits: ORDER_LIMITS,
    signal: options?.signal,
    what: 'modify order',
  });
  const orderId = (ack.orderid ?? ack.orderId) as string;
  remember(ctx, orderId, ack.uniqueorderid);
  return { orderId, raw: ack };
}

/**
 * `cancelOrder {variety, orderid}`. Angel wants the order's own variety, so the order is looked up first
 * (details when its unique id is known, else the order book); an unknown id is ORDER_NOT_FOUND before
 * anything is cancelled.
 */
export async function cancelOrder(
  ctx: AngelContext,
  orderId: string,
  options?: CallOptions,
): Promise<OrderAck> {
  const current = await findOrder(ctx, orderId, options);
  const ack = await ctx.http.post(CANCEL_PATH, AckSchema, {
    body: { json: { variety: current.variety || 'NORMAL', orderid: current.orderid } },
    limits: ORDER_LIMITS,
    signal: options?.signal,
    what: 'cancel order',
  });
  return { orderId: (ack.orderid ?? ack.orderId) as string, raw: ack };
}

export async function getOrders(ctx: AngelContext, options?: CallOptions): Promise<Order[]> {
  return (await readOrderBook(ctx, options)).map((row) => mapOrder(row, ctx.symbols));
}

export async function getOrder(ctx: AngelContext, orderId: string, options?: CallOptions): Promise<Order> {
  return mapOrder(await findOrder(ctx, orderId, options), ctx.symbols);
}

/**
 * Today's fills. Trade rows carry no `symboltoken`; when a row's symbol cannot be read from the master by
 * name (derivatives outside NFO), the order book is read once for its orders' tokens.
 */
export async function getTrades(ctx: AngelContext, options?: CallOptions): Promise<Trade[]> {
  const rows = await orEmpty(() =>
    ctx.http.get(TRADE_BOOK_PATH, AngelTradeBookSchema, readCall(options, 'trade book', 'tradeBook')),
  );
  const unknown = rows.some((r) => !ctx.symbols.known(r.exchange, r.tradingsymbol, r.symboltoken));
  const tokens = new Map<string, string>();
  if (unknown) {
    for (const order of await readOrderBook(ctx, options)) tokens.set(order.orderid, order.symboltoken);
  }
  const today = istDate(ctx.clock.now());
  return rows.map((row) => mapTrade(row, ctx.symbols, today, tokens.get(row.orderid)));
}
