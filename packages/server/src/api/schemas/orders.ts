import {
  ModifyRequestSchema,
  OrderRequestSchema,
  SmartOrderRequestSchema,
  SplitOrderRequestSchema,
} from '@openalgo/core';
import { z } from 'zod';
import { ClientKeySchema } from '../idempotency.js';
import { coreBody, coreItem } from '../wire/codec.js';
import { apiKey, body, list, orderId, strategy, wire } from '../wire/fields.js';
import { wireName } from '../wire/names.js';
import { mode, success } from './shared.js';

/** Request and response schemas of OpenAlgo's order-management endpoints. */

const keyAndStrategy = () => ({ apikey: apiKey(), strategy: strategy() });

/**
 * The client's own id for an order (beyond OpenAlgo): any 1–64 printable ASCII characters. It is an
 * idempotency key — a retry with it never places a second order — and the server maps it to the
 * broker tag it generates, so the broker's tag rules never reach the client.
 */
export const clientOrderKey = (description: string) => wire(ClientKeySchema.optional(), description);
const CLIENT_ORDER_ID_DOC =
  'Your id for this order (1–64 printable ASCII; not OpenAlgo): a retry with the same id and request returns the first answer and never places a second order; /orderstatus and /cancelorder accept it in place of orderid';

/** Core's order schemas with the client's key in place of core's broker-tag rule for clientOrderId. */
const clientKeyed = { clientOrderId: ClientKeySchema.optional() };
const KeyedOrderRequestSchema = OrderRequestSchema.safeExtend(clientKeyed);
const KeyedSmartOrderRequestSchema = SmartOrderRequestSchema.safeExtend(clientKeyed);
const KeyedSplitOrderRequestSchema = SplitOrderRequestSchema.safeExtend(clientKeyed);
const keyedExtra = () => ({ ...keyAndStrategy(), client_order_id: clientOrderKey(CLIENT_ORDER_ID_DOC) });

export const PlaceOrderRequest = coreBody(KeyedOrderRequestSchema, keyedExtra());

export const PlaceSmartOrderRequest = coreBody(KeyedSmartOrderRequestSchema, keyedExtra(), {
  descriptions: { quantity: 'Quantity (used only when flat and target 0)' },
});

/** OpenAlgo's modifyorder restates the whole order: no price field falls back to a default. */
export const ModifyOrderRequest = coreBody(ModifyRequestSchema, keyAndStrategy(), {
  required: ['priceType', 'product', 'price', 'triggerPrice', 'disclosedQuantity'],
  fields: { orderId: orderId() },
});

/** Exactly one of `orderid` and `client_order_id` names the order (orderstatus, cancelorder). */
export function oneOrderReference<T extends { orderId?: string; clientOrderId?: string }>(
  request: T,
  ctx: z.RefinementCtx,
): void {
  if ((request.orderId === undefined) !== (request.clientOrderId === undefined)) return;
  ctx.addIssue({
    code: 'custom',
    path: ['orderid'],
    message:
      request.orderId === undefined
        ? 'is required (or send client_order_id instead)'
        : 'send either orderid or client_order_id, not both',
  });
}

/** Up to 64 characters of a client key plus `/<leg>` for the ids derived from an Idempotency-Key. */
export const orderReference = () => ({
  orderid: orderId().optional(),
  client_order_id: wire(
    z
      .string({ error: 'must be a string' })
      .regex(/^[\x20-\x7E]{1,80}$/, { error: 'must be 1 to 80 printable ASCII characters' })
      .optional(),
    'Instead of orderid (not OpenAlgo): the client_order_id (or Idempotency-Key) the order was placed with, or the client_order_id an ORDER_STATE_UNKNOWN answer carried',
  ),
});

export const CancelOrderRequest = body({ ...keyAndStrategy(), ...orderReference() }).superRefine(
  oneOrderReference,
);

/** cancelallorder and closeposition: `strategy` is required but, as in OpenAlgo, not a filter. */
export const AccountWideRequest = body(keyAndStrategy());

/**
 * Legs in one basket at most. OpenAlgo sets no limit; one is needed so a body cannot queue unbounded
 * broker work. 500 is twice the 250-leg basket the rate-window tests drive through Kite's limits,
 * and at Kite's 200 orders a minute it is already about 2.5 minutes of paced sending.
 */
export const MAX_BASKET_LEGS = 500;

export const BasketOrderRequest = body({
  ...keyAndStrategy(),
  orders: list(
    coreItem(KeyedOrderRequestSchema, {
      client_order_id: clientOrderKey(`${CLIENT_ORDER_ID_DOC} (per leg; unique within the basket)`),
    }),
    {
      min: 1,
      description: `The legs (at most ${MAX_BASKET_LEGS}); BUY legs are placed before SELL legs`,
    },
  ).max(MAX_BASKET_LEGS, { error: `must hold at most ${MAX_BASKET_LEGS} entries` }),
});

/** Core refuses a split into too many children; each child also carries the disclosed quantity. */
export const SplitOrderRequest = coreBody(KeyedSplitOrderRequestSchema, keyedExtra()).superRefine(
  (order, ctx) => {
    const smallest = Math.min(
      order.quantity,
      order.splitSize,
      order.quantity % order.splitSize || order.splitSize,
    );
    if (order.disclosedQuantity > smallest) {
      ctx.addIssue({
        code: 'custom',
        path: [wireName('disclosedQuantity')],
        message: `must not exceed the smallest child order (${smallest})`,
      });
    }
  },
);

// ---------------------------------------------------------------------------------------------
// responses (for the OpenAPI document)

export const batchStatus = z.enum(['success', 'partial', 'error']);

/** One entry per item of a batch: the item's own fields, then OpenAlgo's success or error shape. */
export function itemResults<Base extends z.ZodRawShape>(base: Base) {
  return z.array(
    z.union([
      z.object({ ...base, status: success, orderid: z.string() }),
      z.object({
        ...base,
        status: z.literal('error'),
        message: z.string(),
        code: z.string(),
        client_order_id: z.string().optional(),
      }),
    ]),
  );
}

export const OrderIdResponse = z.object({ status: success, orderid: z.string(), mode });

export const SmartOrderResponse = z.union([
  OrderIdResponse,
  z.object({ status: success, message: z.literal('Positions Already Matched. No Action needed.'), mode }),
]);

export const CancelAllResponse = z.object({
  status: batchStatus,
  message: z.string().meta({ examples: ['Canceled 2 orders. Failed to cancel 0 orders.'] }),
  canceled_orders: z.array(z.string()),
  failed_cancellations: z.array(z.string()),
  mode,
});

const closeItem = {
  symbol: z.string(),
  exchange: z.string(),
  product: z.string(),
  action: z.string(),
  quantity: z.number(),
};
export const ClosePositionResponse = z.object({
  status: batchStatus,
  message: z.string().meta({ examples: ['All Open Positions Squared Off'] }),
  results: itemResults(closeItem)
    .optional()
    .meta({ description: 'Per-position outcome; present when any square-off failed' }),
  mode,
});

const basketItem = { symbol: z.string(), exchange: z.string(), product: z.string() };
export const BasketOrderResponse = z.object({
  status: batchStatus,
  results: itemResults(basketItem).meta({ description: 'One entry per leg, in request order' }),
  mode,
});

export const SplitOrderResponse = z.object({
  status: batchStatus,
  total_quantity: z.number(),
  split_size: z.number(),
  results: itemResults({ order_num: z.number(), quantity: z.number() }),
  mode,
});
