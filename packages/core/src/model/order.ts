import { z } from 'zod';
import { ActionSchema, ExchangeSchema, OrderStatusSchema, PriceTypeSchema, ProductSchema } from './enums.js';
import {
  AmountSchema,
  NonEmptyStringSchema,
  NonNegativeIntSchema,
  PositiveIntSchema,
  PriceSchema,
} from './numbers.js';
import { type PriceRuleInput, priceRuleIssues } from './price-rules.js';

/**
 * The client order id travels as the broker's tag (Kite `tag` ≤ 20 alphanumerics, Angel `ordertag`
 * < 20 characters, Fyers `orderTag` alphanumeric), so it must satisfy the strictest of them.
 */
export const ClientOrderIdSchema = z
  .string({ error: 'must be a string' })
  .regex(/^[A-Za-z0-9]{1,19}$/, { error: 'must be 1 to 19 letters or digits' });
export type ClientOrderId = z.infer<typeof ClientOrderIdSchema>;

export const SymbolSchema = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(64, { error: 'must be at most 64 characters' });

/** A reference to one instrument in OpenAlgo terms. */
export const InstrumentRefSchema = z.object({ symbol: SymbolSchema, exchange: ExchangeSchema });
export type InstrumentRef = z.infer<typeof InstrumentRefSchema>;

const orderFields = {
  symbol: SymbolSchema,
  exchange: ExchangeSchema,
  action: ActionSchema,
  quantity: PositiveIntSchema,
  priceType: PriceTypeSchema.default('MARKET'),
  product: ProductSchema.default('MIS'),
  price: PriceSchema.default(0),
  triggerPrice: PriceSchema.default(0),
  disclosedQuantity: NonNegativeIntSchema.default(0),
};

/** The price-rule table (`price-rules.ts`) applied as zod issues, so a bad order never leaves the process. */
function checkPriceRules(order: PriceRuleInput, ctx: z.RefinementCtx): void {
  for (const issue of priceRuleIssues(order)) {
    ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.message });
  }
}

export const OrderRequestSchema = z
  .object({
    ...orderFields,
    /** Assigned by core's order service when absent; sent to the broker as its tag. */
    clientOrderId: ClientOrderIdSchema.optional(),
    /** Free text carried for the caller's books (OpenAlgo `strategy`); never sent to the broker. */
    strategy: z.string().max(100).optional(),
  })
  .superRefine(checkPriceRules);
export type OrderRequest = z.infer<typeof OrderRequestSchema>;
export type OrderRequestInput = z.input<typeof OrderRequestSchema>;
/** What an adapter's placeOrder receives: always tagged (core's order service assigns the id). */
export const TaggedOrderRequestSchema = OrderRequestSchema.safeExtend({ clientOrderId: ClientOrderIdSchema });
export type TaggedOrderRequest = z.infer<typeof TaggedOrderRequestSchema>;

export const ModifyRequestSchema = z
  .object({
    orderId: NonEmptyStringSchema,
    ...orderFields,
  })
  .superRefine(checkPriceRules);
export type ModifyRequest = z.infer<typeof ModifyRequestSchema>;
export type ModifyRequestInput = z.input<typeof ModifyRequestSchema>;

export const OrderAckSchema = z.object({
  orderId: NonEmptyStringSchema,
  clientOrderId: ClientOrderIdSchema.optional(),
  /** True when the ack came from looking the order up after an ambiguous failure. */
  reconciled: z.boolean().optional(),
  raw: z.unknown().optional(),
});
export type OrderAck = z.infer<typeof OrderAckSchema>;

/** ISO-8601 timestamp with an offset (brokers report IST; adapters keep `+05:30`). */
export const TimestampSchema = z.iso.datetime({
  offset: true,
  error: 'must be an ISO-8601 date-time with offset',
});

export const OrderSchema = z.object({
  orderId: NonEmptyStringSchema,
  clientOrderId: z.string().optional(),
  symbol: SymbolSchema,
  exchange: ExchangeSchema,
  action: ActionSchema,
  priceType: PriceTypeSchema,
  product: ProductSchema,
  quantity: NonNegativeIntSchema,
  filledQuantity: NonNegativeIntSchema,
  pendingQuantity: NonNegativeIntSchema,
  price: PriceSchema,
  triggerPrice: PriceSchema,
  averagePrice: PriceSchema,
  status: OrderStatusSchema,
  /** The broker's own status string, untouched. */
  rawStatus: z.string(),
  statusMessage: z.string().optional(),
  timestamp: TimestampSchema,
  raw: z.unknown(),
});
export type Order = z.infer<typeof OrderSchema>;

export const TradeSchema = z.object({
  tradeId: NonEmptyStringSchema,
  orderId: NonEmptyStringSchema,
  symbol: SymbolSchema,
  exchange: ExchangeSchema,
  action: ActionSchema,
  product: ProductSchema,
  quantity: PositiveIntSchema,
  price: PriceSchema,
  tradeValue: AmountSchema,
  timestamp: TimestampSchema,
  raw: z.unknown(),
});
export type Trade = z.infer<typeof TradeSchema>;
