import { MAX_SPLIT_CHILDREN } from '@openalgo/core';
import { z } from 'zod';
import { checkPriceRules, fields as f } from './common.js';
import { body, item, list, numeric, orderId } from './fields.js';

/** Request schemas of OpenAlgo's order-management endpoints (§1.1), field for field. */

const legFields = () => ({
  exchange: f.exchange(),
  symbol: f.symbol(),
  action: f.action(),
  quantity: f.quantity(),
  pricetype: f.pricetype(),
  product: f.product(),
  price: f.price(),
  trigger_price: f.triggerPrice(),
  disclosed_quantity: f.disclosedQuantity(),
});

const orderFields = () => ({ apikey: f.apikey(), strategy: f.strategy(), ...legFields() });

export const PlaceOrderRequest = body(orderFields()).superRefine(checkPriceRules);

export const PlaceSmartOrderRequest = body({
  ...orderFields(),
  // Only matters from flat to flat; the target position decides the rest.
  quantity: numeric({ integer: true, min: 0, description: 'Quantity (used only when flat and target 0)' }),
  position_size: numeric({
    integer: true,
    min: Number.MIN_SAFE_INTEGER,
    description: 'Target net position: positive long, negative short, 0 flat',
  }),
}).superRefine(checkPriceRules);

export const ModifyOrderRequest = body({
  apikey: f.apikey(),
  strategy: f.strategy(),
  exchange: f.exchange(),
  symbol: f.symbol(),
  orderid: orderId(),
  action: f.action(),
  product: f.requiredProduct(),
  pricetype: f.requiredPricetype(),
  price: f.requiredPrice(),
  quantity: f.quantity(),
  disclosed_quantity: f.requiredDisclosedQuantity(),
  trigger_price: f.requiredTriggerPrice(),
}).superRefine(checkPriceRules);

export const CancelOrderRequest = body({ apikey: f.apikey(), strategy: f.strategy(), orderid: orderId() });

/** cancelallorder and closeposition: `strategy` is required but, as in OpenAlgo, not a filter. */
export const AccountWideRequest = body({ apikey: f.apikey(), strategy: f.strategy() });

export const BasketOrderRequest = body({
  apikey: f.apikey(),
  strategy: f.strategy(),
  orders: list(item(legFields()).superRefine(checkPriceRules), {
    min: 1,
    description: 'The legs; BUY legs are placed before SELL legs',
  }),
});

export const SplitOrderRequest = body({
  ...orderFields(),
  splitsize: numeric({ integer: true, min: 1, description: 'Size of each child order' }),
})
  .superRefine(checkPriceRules)
  .superRefine((order, ctx) => {
    const children = Math.ceil(order.quantity / order.splitsize);
    if (children > MAX_SPLIT_CHILDREN) {
      ctx.addIssue({
        code: 'custom',
        path: ['splitsize'],
        message: `${order.quantity} split by ${order.splitsize} would need ${children} orders; at most ${MAX_SPLIT_CHILDREN} are allowed`,
      });
    }
    // Each child carries the disclosed quantity, so it must fit the smallest child, not the total.
    const smallest = Math.min(
      order.quantity,
      order.splitsize,
      order.quantity % order.splitsize || order.splitsize,
    );
    if (order.disclosed_quantity > smallest) {
      ctx.addIssue({
        code: 'custom',
        path: ['disclosed_quantity'],
        message: `must not exceed the smallest child order (${smallest})`,
      });
    }
  });

// ---------------------------------------------------------------------------------------------
// responses (for the OpenAPI document)

const mode = z
  .literal('analyze')
  .optional()
  .meta({ description: 'Present while the account is in analyzer mode' });
const success = z.literal('success');
const batchStatus = z.enum(['success', 'partial', 'error']);
const itemError = {
  message: z.string(),
  code: z.string(),
  client_order_id: z.string().optional(),
};

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
  results: z
    .array(
      z.union([
        z.object({ ...closeItem, status: success, orderid: z.string() }),
        z.object({ ...closeItem, status: z.literal('error'), ...itemError }),
      ]),
    )
    .optional()
    .meta({ description: 'Per-position outcome; present when any square-off failed' }),
  mode,
});

const basketItem = { symbol: z.string(), exchange: z.string(), product: z.string() };
export const BasketOrderResponse = z.object({
  status: batchStatus,
  results: z
    .array(
      z.union([
        z.object({ ...basketItem, status: success, orderid: z.string() }),
        z.object({ ...basketItem, status: z.literal('error'), ...itemError }),
      ]),
    )
    .meta({ description: 'One entry per leg, in request order' }),
  mode,
});

export const SplitOrderResponse = z.object({
  status: batchStatus,
  total_quantity: z.number(),
  split_size: z.number(),
  results: z.array(
    z.union([
      z.object({ order_num: z.number(), quantity: z.number(), status: success, orderid: z.string() }),
      z.object({ order_num: z.number(), quantity: z.number(), status: z.literal('error'), ...itemError }),
    ]),
  ),
  mode,
});
