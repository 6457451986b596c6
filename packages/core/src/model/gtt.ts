import { z } from 'zod';
import { ActionSchema, ExchangeSchema, oneOf } from './enums.js';
import { NonEmptyStringSchema, PositiveIntSchema, PriceSchema } from './numbers.js';
import { SymbolSchema, TimestampSchema } from './order.js';

/**
 * GTT ("good till triggered"): a standing instruction the broker keeps, not an order. When the last
 * price crosses a trigger, the broker places that trigger's leg as an ordinary order. `single` has one
 * trigger and one leg; `oco` (Kite's "two-leg") has a stop-loss trigger below and a target trigger
 * above, and whichever is crossed first places its leg and ends the GTT.
 */
export const GTT_TYPES = ['single', 'oco'] as const;
export const GttTypeSchema = oneOf(GTT_TYPES);
export type GttType = z.infer<typeof GttTypeSchema>;

/**
 * Closed set (Kite's own list): an adapter maps every broker status to one of these and keeps the
 * broker's string in `rawStatus`. Only `active` can still fire, be modified or be cancelled.
 */
export const GTT_STATUSES = [
  'active',
  'triggered',
  'cancelled',
  'expired',
  'rejected',
  'disabled',
  'deleted',
] as const;
export const GttStatusSchema = oneOf(GTT_STATUSES);
export type GttStatus = z.infer<typeof GttStatusSchema>;

/** GTT legs are delivery/carry orders: an intraday product would be squared off before most triggers. */
export const GTT_PRODUCTS = ['CNC', 'NRML'] as const;
export const GttProductSchema = oneOf(GTT_PRODUCTS);
export const GTT_PRICE_TYPES = ['LIMIT', 'MARKET'] as const;
export const GttPriceTypeSchema = oneOf(GTT_PRICE_TYPES);

const TriggerPriceSchema = PriceSchema.positive({ error: 'must be greater than 0' });

/** The order one trigger places. A LIMIT leg needs its price; a MARKET leg's price is ignored. */
export const GttLegSchema = z
  .object({
    action: ActionSchema,
    quantity: PositiveIntSchema,
    price: PriceSchema.default(0),
    priceType: GttPriceTypeSchema.default('LIMIT'),
    product: GttProductSchema,
  })
  .superRefine((leg, ctx) => {
    if (leg.priceType === 'LIMIT' && leg.price <= 0) {
      ctx.addIssue({ code: 'custom', path: ['price'], message: 'must be greater than 0 for a LIMIT leg' });
    }
  });
export type GttLeg = z.infer<typeof GttLegSchema>;
export type GttLegInput = z.input<typeof GttLegSchema>;

const gttFields = {
  symbol: SymbolSchema,
  exchange: ExchangeSchema,
  type: GttTypeSchema,
  /** `single`: one trigger. `oco`: [stop-loss trigger, target trigger], stop-loss strictly below. */
  triggerPrices: z.array(TriggerPriceSchema, { error: 'must be a list of prices' }),
  /** The instrument's last price when the GTT is written; brokers judge the triggers' sides against it. */
  lastPrice: TriggerPriceSchema,
  /** One leg per trigger, in the same order as `triggerPrices`. */
  legs: z.array(GttLegSchema, { error: 'must be a list of legs' }),
  /** When the broker drops the GTT unfired; absent means the broker's default (Kite: one year). */
  expiresAt: TimestampSchema.optional(),
};

interface GttShape {
  type: GttType;
  triggerPrices: readonly number[];
  legs: readonly unknown[];
}

/** The shape rules every broker shares, as field-named issues (brokers add their own side rules). */
function checkGttShape(gtt: GttShape, ctx: z.RefinementCtx): void {
  const count = gtt.type === 'single' ? 1 : 2;
  const label = gtt.type === 'single' ? 'a single GTT' : 'an OCO GTT';
  if (gtt.triggerPrices.length !== count) {
    ctx.addIssue({
      code: 'custom',
      path: ['triggerPrices'],
      message: `${label} needs exactly ${count} trigger price${count > 1 ? 's' : ''}, got ${gtt.triggerPrices.length}`,
    });
  }
  if (gtt.legs.length !== count) {
    ctx.addIssue({
      code: 'custom',
      path: ['legs'],
      message: `${label} needs exactly ${count} leg${count > 1 ? 's (stop-loss, target)' : ''}, got ${gtt.legs.length}`,
    });
  }
  const [stopLoss, target] = gtt.triggerPrices;
  if (gtt.type === 'oco' && stopLoss !== undefined && target !== undefined && !(stopLoss < target)) {
    ctx.addIssue({
      code: 'custom',
      path: ['triggerPrices'],
      message: `the stop-loss trigger (${stopLoss}) must be below the target trigger (${target})`,
    });
  }
}

export const GttRequestSchema = z.object(gttFields).superRefine(checkGttShape);
export type GttRequest = z.infer<typeof GttRequestSchema>;
export type GttRequestInput = z.input<typeof GttRequestSchema>;

/** A modify replaces the whole GTT (triggers, last price and legs); nothing is merged. */
export const GttModifyRequestSchema = z
  .object({ triggerId: NonEmptyStringSchema, ...gttFields })
  .superRefine(checkGttShape);
export type GttModifyRequest = z.infer<typeof GttModifyRequestSchema>;
export type GttModifyRequestInput = z.input<typeof GttModifyRequestSchema>;

export const GttAckSchema = z.object({
  triggerId: NonEmptyStringSchema,
  raw: z.unknown().optional(),
});
export type GttAck = z.infer<typeof GttAckSchema>;

/** One GTT as the broker reports it. */
export const GttSchema = z.object({
  triggerId: NonEmptyStringSchema,
  type: GttTypeSchema,
  status: GttStatusSchema,
  /** The broker's own status string, untouched. */
  rawStatus: z.string(),
  symbol: SymbolSchema,
  exchange: ExchangeSchema,
  triggerPrices: z.array(PriceSchema),
  lastPrice: PriceSchema,
  legs: z.array(
    z.object({
      action: ActionSchema,
      quantity: PositiveIntSchema,
      price: PriceSchema,
      priceType: GttPriceTypeSchema,
      product: GttProductSchema,
    }),
  ),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  expiresAt: TimestampSchema.optional(),
  /** The broker order ids the GTT placed when it fired (empty until then, or when the order failed). */
  orderIds: z.array(NonEmptyStringSchema),
  /** Why a fired GTT's order failed, or why the GTT was rejected, in the broker's words. */
  statusMessage: z.string().optional(),
  raw: z.unknown(),
});
export type Gtt = z.infer<typeof GttSchema>;
