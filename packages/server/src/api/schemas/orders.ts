import {
  ModifyRequestSchema,
  OrderRequestSchema,
  SmartOrderRequestSchema,
  SplitOrderRequestSchema,
} from '@openalgo/core';
import { z } from 'zod';
import { coreBody, coreItem } from '../wire/codec.js';
import { apiKey, body, list, orderId, strategy } from '../wire/fields.js';
import { wireName } from '../wire/names.js';
import { mode, success } from './shared.js';

/** Request and response schemas of OpenAlgo's order-management endpoints. */

const keyAndStrategy = () => ({ apikey: apiKey(), strategy: strategy() });

export const PlaceOrderRequest = coreBody(OrderRequestSchema, keyAndStrategy());

export const PlaceSmartOrderRequest = coreBody(SmartOrderRequestSchema, keyAndStrategy(), {
  descriptions: { quantity: 'Quantity (used only when flat and target 0)' },
});

/** OpenAlgo's modifyorder restates the whole order: no price field falls back to a default. */
export const ModifyOrderRequest = coreBody(ModifyRequestSchema, keyAndStrategy(), {
  required: ['priceType', 'product', 'price', 'triggerPrice', 'disclosedQuantity'],
  fields: { orderId: orderId() },
});

export const CancelOrderRequest = body({ ...keyAndStrategy(), orderid: orderId() });

/** cancelallorder and closeposition: `strategy` is required but, as in OpenAlgo, not a filter. */
export const AccountWideRequest = body(keyAndStrategy());

export const BasketOrderRequest = body({
  ...keyAndStrategy(),
  orders: list(coreItem(OrderRequestSchema), {
    min: 1,
    description: 'The legs; BUY legs are placed before SELL legs',
  }),
});

/** Core refuses a split into too many children; each child also carries the disclosed quantity. */
export const SplitOrderRequest = coreBody(SplitOrderRequestSchema, keyAndStrategy()).superRefine(
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

const batchStatus = z.enum(['success', 'partial', 'error']);

/** One entry per item of a batch: the item's own fields, then OpenAlgo's success or error shape. */
function itemResults<Base extends z.ZodRawShape>(base: Base) {
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
