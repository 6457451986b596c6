import { z } from 'zod';
import { ExchangeSchema, ProductSchema } from './enums.js';
import { AmountSchema, NonNegativeIntSchema, PriceSchema, SignedIntSchema } from './numbers.js';
import { SymbolSchema } from './order.js';

export const PositionSchema = z.object({
  symbol: SymbolSchema,
  exchange: ExchangeSchema,
  product: ProductSchema,
  /** Net signed quantity: positive long, negative short, 0 flat (closed today). */
  quantity: SignedIntSchema,
  averagePrice: PriceSchema,
  ltp: PriceSchema,
  pnl: AmountSchema,
  realisedPnl: AmountSchema.optional(),
  unrealisedPnl: AmountSchema.optional(),
  buyQuantity: NonNegativeIntSchema.optional(),
  sellQuantity: NonNegativeIntSchema.optional(),
  buyAverage: PriceSchema.optional(),
  sellAverage: PriceSchema.optional(),
  raw: z.unknown(),
});
export type Position = z.infer<typeof PositionSchema>;

export const HoldingSchema = z.object({
  symbol: SymbolSchema,
  exchange: ExchangeSchema,
  product: ProductSchema,
  quantity: NonNegativeIntSchema,
  /** Bought but not yet settled (T+1) — part of `quantity`. */
  t1Quantity: NonNegativeIntSchema.optional(),
  averagePrice: PriceSchema,
  ltp: PriceSchema,
  pnl: AmountSchema,
  pnlPercent: AmountSchema,
  raw: z.unknown(),
});
export type Holding = z.infer<typeof HoldingSchema>;

export const FundsSchema = z.object({
  availableCash: AmountSchema,
  collateral: AmountSchema,
  m2mRealised: AmountSchema,
  m2mUnrealised: AmountSchema,
  utilisedDebits: AmountSchema,
  raw: z.unknown(),
});
export type Funds = z.infer<typeof FundsSchema>;
