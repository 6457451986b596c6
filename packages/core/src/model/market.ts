import { z } from 'zod';
import { ExchangeSchema, IntervalSchema } from './enums.js';
import { AmountSchema, NonNegativeIntSchema, PriceSchema } from './numbers.js';
import { SymbolSchema } from './order.js';

export const QuoteSchema = z.object({
  symbol: SymbolSchema,
  exchange: ExchangeSchema,
  ltp: PriceSchema,
  open: PriceSchema,
  high: PriceSchema,
  low: PriceSchema,
  prevClose: PriceSchema,
  volume: NonNegativeIntSchema,
  oi: NonNegativeIntSchema,
  bid: PriceSchema,
  ask: PriceSchema,
  bidQuantity: NonNegativeIntSchema.optional(),
  askQuantity: NonNegativeIntSchema.optional(),
  /** Epoch milliseconds of the last trade, when the broker reports it. */
  lastTradeTime: z.number().int().optional(),
  raw: z.unknown(),
});
export type Quote = z.infer<typeof QuoteSchema>;

export const DepthLevelSchema = z.object({
  price: PriceSchema,
  quantity: NonNegativeIntSchema,
  orders: NonNegativeIntSchema.optional(),
});
export type DepthLevel = z.infer<typeof DepthLevelSchema>;

export const DepthSchema = z.object({
  symbol: SymbolSchema,
  exchange: ExchangeSchema,
  /** Best first. */
  bids: z.array(DepthLevelSchema),
  asks: z.array(DepthLevelSchema),
  ltp: PriceSchema,
  ltq: NonNegativeIntSchema,
  open: PriceSchema,
  high: PriceSchema,
  low: PriceSchema,
  prevClose: PriceSchema,
  volume: NonNegativeIntSchema,
  oi: NonNegativeIntSchema,
  totalBuyQuantity: NonNegativeIntSchema,
  totalSellQuantity: NonNegativeIntSchema,
  raw: z.unknown(),
});
export type Depth = z.infer<typeof DepthSchema>;

const DateSchema = z.iso.date({ error: 'must be a date as YYYY-MM-DD' });

export const HistoryRequestSchema = z
  .object({
    symbol: SymbolSchema,
    exchange: ExchangeSchema,
    interval: IntervalSchema,
    /** Inclusive IST calendar dates. */
    start: DateSchema,
    end: DateSchema,
  })
  .refine((r) => r.start <= r.end, { path: ['end'], message: 'must not be before start' });
export type HistoryRequest = z.infer<typeof HistoryRequestSchema>;

export const CandleSchema = z.object({
  /** Epoch seconds of the candle's open. */
  timestamp: z.number().int(),
  open: PriceSchema,
  high: PriceSchema,
  low: PriceSchema,
  close: PriceSchema,
  volume: NonNegativeIntSchema,
  oi: NonNegativeIntSchema,
});
export type Candle = z.infer<typeof CandleSchema>;

export const STREAM_MODES = ['ltp', 'quote', 'depth'] as const;
export const StreamModeSchema = z.enum(STREAM_MODES);
export type StreamMode = z.infer<typeof StreamModeSchema>;

/** One market-stream update. Lower modes fill fewer fields. */
export const TickSchema = z.object({
  symbol: SymbolSchema,
  exchange: ExchangeSchema,
  mode: StreamModeSchema,
  ltp: PriceSchema,
  /** Epoch milliseconds of the last trade or of the exchange timestamp. */
  timestamp: z.number().int(),
  lastQuantity: NonNegativeIntSchema.optional(),
  averagePrice: PriceSchema.optional(),
  volume: NonNegativeIntSchema.optional(),
  oi: NonNegativeIntSchema.optional(),
  open: PriceSchema.optional(),
  high: PriceSchema.optional(),
  low: PriceSchema.optional(),
  close: PriceSchema.optional(),
  change: AmountSchema.optional(),
  totalBuyQuantity: NonNegativeIntSchema.optional(),
  totalSellQuantity: NonNegativeIntSchema.optional(),
  bids: z.array(DepthLevelSchema).optional(),
  asks: z.array(DepthLevelSchema).optional(),
});
export type Tick = z.infer<typeof TickSchema>;
