import {
  ActionSchema,
  MAX_SPLIT_CHILDREN,
  NonNegativeIntSchema,
  oneOf,
  PositiveIntSchema,
  PriceSchema,
  PriceTypeSchema,
  priceRuleIssues,
} from '@openalgo/core';
import { z } from 'zod';
import { apiKey, body, item, list, strategy, wire } from '../wire/fields.js';
import { decodeNames, describeField } from '../wire/names.js';
import {
  expiryDateField,
  offsetField,
  optionTypeField,
  strikeIntField,
  underlyingExchangeField,
  underlyingField,
} from './options.js';
import { batchStatus, clientOrderKey, itemResults, MAX_BASKET_LEGS } from './orders.js';
import { mode, success } from './shared.js';

/**
 * Request and response schemas of OpenAlgo's `/optionsorder` and `/optionsmultiorder`: the option
 * fields of `/optionsymbol` plus an order's fields (no symbol: it is resolved), product MIS or NRML
 * only. Everything a request can get wrong is caught here, before any quote or order is sent.
 */

/** OpenAlgo's limit of legs in one options multi-order. */
export const MAX_OPTION_LEGS = 20;

/** Options are intraday or carried; never delivery. */
export const OPTION_PRODUCTS = ['MIS', 'NRML'] as const;

const CLIENT_ORDER_ID_DOC =
  'Your id for this request (1–64 printable ASCII; not OpenAlgo): a retry with the same id and request returns the first answer and never places an order twice';

/** The order fields of an options order or leg, as OpenAlgo spells them. */
const orderShape = () => ({
  action: wire(ActionSchema, describeField('action')),
  quantity: wire(PositiveIntSchema, 'Quantity in units (a multiple of the lot size)'),
  splitsize: wire(
    NonNegativeIntSchema.default(0),
    `Above 0: place the quantity as child orders of this size (at most ${MAX_SPLIT_CHILDREN})`,
  ),
  pricetype: wire(PriceTypeSchema.default('MARKET'), describeField('priceType')),
  product: wire(oneOf(OPTION_PRODUCTS).default('MIS'), 'MIS or NRML (options are never CNC)'),
  price: wire(PriceSchema.default(0), describeField('price')),
  trigger_price: wire(PriceSchema.default(0), describeField('triggerPrice')),
  disclosed_quantity: wire(NonNegativeIntSchema.default(0), describeField('disclosedQuantity')),
});

/** The order fields after decoding (core's names). */
export interface OptionOrderFields {
  action: 'BUY' | 'SELL';
  quantity: number;
  splitSize: number;
  priceType: z.output<typeof PriceTypeSchema>;
  product: (typeof OPTION_PRODUCTS)[number];
  price: number;
  triggerPrice: number;
  disclosedQuantity: number;
}

/** How many orders an options order or leg places: one, or its split children. */
export function childCount(order: { quantity: number; splitSize: number }): number {
  return order.splitSize > 0 ? Math.ceil(order.quantity / order.splitSize) : 1;
}

/**
 * The rules between an order's fields, as zod issues under the wire names: core's price rules, and
 * for a split the child count and a disclosed quantity no child can carry.
 */
function checkOrder(order: OptionOrderFields, ctx: z.RefinementCtx): void {
  const names = { price: 'price', triggerPrice: 'trigger_price', disclosedQuantity: 'disclosed_quantity' };
  for (const issue of priceRuleIssues(order, names)) {
    ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.message });
  }
  if (order.splitSize === 0) return;
  const children = childCount(order);
  if (children > MAX_SPLIT_CHILDREN) {
    ctx.addIssue({
      code: 'custom',
      path: ['splitsize'],
      message: `${order.quantity} split by ${order.splitSize} would need ${children} orders; at most ${MAX_SPLIT_CHILDREN} are allowed`,
    });
  }
  const smallest = Math.min(
    order.quantity,
    order.splitSize,
    order.quantity % order.splitSize || order.splitSize,
  );
  if (order.disclosedQuantity > smallest) {
    ctx.addIssue({
      code: 'custom',
      path: ['disclosed_quantity'],
      message: `must not exceed the smallest child order (${smallest})`,
    });
  }
}

export const OptionsOrderRequest = body({
  apikey: apiKey(),
  strategy: strategy(),
  underlying: underlyingField(),
  exchange: underlyingExchangeField(),
  expiry_date: expiryDateField(),
  strike_int: strikeIntField(),
  offset: offsetField(),
  option_type: optionTypeField(),
  ...orderShape(),
  client_order_id: clientOrderKey(CLIENT_ORDER_ID_DOC),
}).superRefine(checkOrder);

const OptionLeg = item({
  offset: offsetField(),
  option_type: optionTypeField(),
  expiry_date: wire(
    z
      .string({ error: 'must be a string' })
      .regex(/^\d{2}[A-Za-z]{3}\d{2}$/, { error: 'must be DDMMMYY (e.g. 28NOV24)' })
      .optional(),
    "This leg's expiry as DDMMMYY (calendar and diagonal spreads); default: the request's expiry_date",
  ),
  ...orderShape(),
})
  .transform((leg) => decodeNames(leg))
  .superRefine(checkOrder);

export const OptionsMultiOrderRequest = body({
  apikey: apiKey(),
  strategy: strategy(),
  underlying: underlyingField(),
  exchange: underlyingExchangeField(),
  expiry_date: expiryDateField(),
  strike_int: strikeIntField(),
  legs: list(OptionLeg, {
    min: 1,
    description: `1 to ${MAX_OPTION_LEGS} legs, each resolved against one underlying LTP; BUY legs are placed before SELL legs`,
  }).max(MAX_OPTION_LEGS, { error: `must hold at most ${MAX_OPTION_LEGS} entries` }),
  client_order_id: clientOrderKey(
    `${CLIENT_ORDER_ID_DOC}; leg n is keyed <id>/n (a split leg's child m: <id>/n/m)`,
  ),
}).superRefine((request, ctx) => {
  const orders = request.legs.reduce((sum, leg) => sum + childCount(leg), 0);
  if (orders > MAX_BASKET_LEGS) {
    ctx.addIssue({
      code: 'custom',
      path: ['legs'],
      message: `the legs and their splits would place ${orders} orders; at most ${MAX_BASKET_LEGS} are allowed in one request`,
    });
  }
});

// ---------------------------------------------------------------------------------------------
// responses (for the OpenAPI document)

const legMode = z.enum(['live', 'analyze']).meta({ description: 'Where the leg was placed' });

/** The resolved option, echoed with every answer. */
const resolvedOption = {
  symbol: z.string().meta({ examples: ['NIFTY28NOV2423500CE'] }),
  exchange: z.string().meta({ examples: ['NFO'] }),
  underlying: z.string(),
  underlying_ltp: z.number(),
  offset: z.string().meta({ description: 'ATM, ITMn or OTMn, upper case' }),
  option_type: z.enum(['CE', 'PE']),
};

const childResults = itemResults({ order_num: z.number(), quantity: z.number() });

export const OptionsOrderResponse = z.union([
  z.object({ status: success, orderid: z.string(), ...resolvedOption, mode }),
  z
    .object({
      status: batchStatus,
      ...resolvedOption,
      total_quantity: z.number(),
      split_size: z.number(),
      results: childResults,
      mode,
    })
    .meta({ description: 'With splitsize > 0: one result per child order' }),
]);

const legBase = {
  leg: z.number().meta({ description: 'Position of the leg in the request, from 1' }),
  symbol: z.string(),
  exchange: z.string(),
  offset: z.string(),
  option_type: z.enum(['CE', 'PE']),
  action: z.enum(['BUY', 'SELL']),
  mode: legMode,
};

const legResult = z.union([
  ...itemResults(legBase).element.options,
  z
    .object({
      ...legBase,
      status: batchStatus,
      total_quantity: z.number(),
      split_size: z.number(),
      split_results: childResults,
    })
    .meta({ description: 'A leg with splitsize > 0' }),
]);

export const OptionsMultiOrderResponse = z.object({
  status: batchStatus,
  underlying: z.string(),
  underlying_ltp: z.number(),
  results: z.array(legResult).meta({ description: 'One entry per leg, in request order' }),
  mode,
});
