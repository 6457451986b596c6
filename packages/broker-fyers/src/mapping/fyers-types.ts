import { z } from 'zod';

/**
 * The parts of Fyers' JSON we read (brokers.md §3.4; field names and types from the Go SDK's models,
 * OpenAlgo and the order-socket mapper of the JS SDK). Objects are loose: Fyers adds fields over time and
 * the untouched row is kept as `raw`. Numbers are JSON numbers at Fyers; a numeric string is accepted as
 * well, so a proxy or a future change of type does not break the books.
 */

/** A JSON number, or a string holding one. */
export const num = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/, { error: 'must be a number' })
    .transform(Number),
]);

/** An optional number that reads as 0 when absent or null (Fyers leaves zero fields out on some rows). */
const num0 = num.nullish().transform((v) => v ?? 0);

/** An optional int (exchange / segment codes). */
const optionalInt = num.nullish().transform((v) => (v === null || v === undefined ? undefined : v));

const optionalText = z.string().nullish();

/**
 * An id as text. Fyers sends order ids as 14-digit strings; one that arrived as a JSON number is kept only
 * while exact (a safe integer) — above 2^53 it has already lost digits in JSON.parse and would name
 * another order, so it is refused rather than carried on.
 */
export const IdTextSchema = z.union([
  z.string().trim().min(1),
  z
    .number()
    .refine(Number.isSafeInteger, {
      error: 'an id sent as a JSON number above 2^53 has lost digits; Fyers sends ids as strings',
    })
    .transform(String),
]);

/** fyToken, kept whole (14–16 digits vary, brokers.md §3.5); a number is kept only while exact. */
const FyTokenSchema = IdTextSchema.nullish().transform((v) => v ?? undefined);

export const FyersOrderSchema = z
  .object({
    id: IdTextSchema,
    symbol: z.string().min(1),
    fyToken: FyTokenSchema,
    exchange: optionalInt,
    segment: optionalInt,
    qty: num,
    filledQty: num0,
    remainingQuantity: num0,
    limitPrice: num0,
    stopPrice: num0,
    tradedPrice: num0,
    type: num,
    side: num,
    productType: z.string(),
    status: num,
    message: optionalText,
    orderDateTime: optionalText,
    orderTag: optionalText,
  })
  .loose();
export type FyersOrder = z.infer<typeof FyersOrderSchema>;

export const FyersOrderBookSchema = z
  .object({
    orderBook: z
      .array(FyersOrderSchema)
      .nullish()
      .transform((v) => v ?? []),
  })
  .loose();

export const FyersTradeSchema = z
  .object({
    tradeNumber: IdTextSchema,
    orderNumber: IdTextSchema,
    symbol: z.string().min(1),
    fyToken: FyTokenSchema,
    exchange: optionalInt,
    segment: optionalInt,
    side: num,
    productType: z.string(),
    tradedQty: num,
    tradePrice: num,
    tradeValue: num.nullish(),
    orderDateTime: optionalText,
    orderTag: optionalText,
  })
  .loose();
export type FyersTrade = z.infer<typeof FyersTradeSchema>;

export const FyersTradeBookSchema = z
  .object({
    tradeBook: z
      .array(FyersTradeSchema)
      .nullish()
      .transform((v) => v ?? []),
  })
  .loose();

export const FyersPositionSchema = z
  .object({
    symbol: z.string().min(1),
    fyToken: FyTokenSchema,
    exchange: optionalInt,
    segment: optionalInt,
    productType: z.string(),
    netQty: num,
    netAvg: num.nullish(),
    avgPrice: num.nullish(),
    ltp: num0,
    pl: num0,
    realized_profit: num.nullish(),
    unrealized_profit: num.nullish(),
    buyQty: num.nullish(),
    buyAvg: num.nullish(),
    sellQty: num.nullish(),
    sellAvg: num.nullish(),
  })
  .loose();
export type FyersPosition = z.infer<typeof FyersPositionSchema>;

export const FyersPositionsSchema = z
  .object({
    netPositions: z
      .array(FyersPositionSchema)
      .nullish()
      .transform((v) => v ?? []),
  })
  .loose();

export const FyersHoldingSchema = z
  .object({
    symbol: z.string().min(1),
    fyToken: FyTokenSchema,
    exchange: optionalInt,
    segment: optionalInt,
    holdingType: optionalText,
    quantity: num,
    costPrice: num0,
    ltp: num0,
    pl: num0,
  })
  .loose();
export type FyersHolding = z.infer<typeof FyersHoldingSchema>;

export const FyersHoldingsSchema = z
  .object({
    holdings: z
      .array(FyersHoldingSchema)
      .nullish()
      .transform((v) => v ?? []),
  })
  .loose();

const FyersFundLimitSchema = z
  .object({
    id: num.nullish(),
    title: z.string(),
    equityAmount: num0,
    commodityAmount: num0,
  })
  .loose();
export type FyersFundLimit = z.infer<typeof FyersFundLimitSchema>;

export const FyersFundsSchema = z.object({ fund_limit: z.array(FyersFundLimitSchema) }).loose();

/** One entry of `GET /data/quotes`: `{n, s, v}`; `v` holds the quote, or an error text when `s` is not ok. */
export const FyersQuoteValuesSchema = z
  .object({
    lp: num,
    open_price: num0,
    high_price: num0,
    low_price: num0,
    prev_close_price: num0,
    volume: num0,
    bid: num0,
    ask: num0,
    ch: num.nullish(),
    chp: num.nullish(),
    atp: num.nullish(),
    fyToken: FyTokenSchema,
  })
  .loose();
export type FyersQuoteValues = z.infer<typeof FyersQuoteValuesSchema>;

export const FyersQuoteEntrySchema = z
  .object({ n: z.string(), s: z.string().nullish(), v: z.unknown() })
  .loose();

export const FyersQuotesSchema = z.object({ d: z.array(FyersQuoteEntrySchema) }).loose();

const FyersDepthLevelSchema = z.object({ price: num, volume: num0, ord: num.nullish() }).loose();

export const FyersDepthSchema = z
  .object({
    totalbuyqty: num0,
    totalsellqty: num0,
    bids: z
      .array(FyersDepthLevelSchema)
      .nullish()
      .transform((v) => v ?? []),
    // Fyers spells the sell side `ask`, singular (brokers.md §3.4).
    ask: z
      .array(FyersDepthLevelSchema)
      .nullish()
      .transform((v) => v ?? []),
    o: num0,
    h: num0,
    l: num0,
    c: num0,
    ltp: num0,
    ltq: num0,
    v: num0,
    oi: num0,
  })
  .loose();
export type FyersDepth = z.infer<typeof FyersDepthSchema>;
export type FyersDepthLevel = z.infer<typeof FyersDepthLevelSchema>;

export const FyersDepthMapSchema = z.object({ d: z.record(z.string(), z.unknown()) }).loose();

/** `[epoch_s, open, high, low, close, volume, oi?]`. */
export const FyersCandleSchema = z.tuple([num, num, num, num, num, num], num);
export type FyersCandle = z.infer<typeof FyersCandleSchema>;

export const FyersCandlesSchema = z
  .object({
    candles: z
      .array(FyersCandleSchema)
      .nullish()
      .transform((v) => v ?? []),
  })
  .loose();

/** Place / modify / cancel acknowledgement: `{s, code, message, id}`. */
export const FyersOrderAckSchema = z.object({ id: IdTextSchema, message: optionalText }).loose();

export const FyersMarginSchema = z
  .object({
    data: z.object({ margin_avail: num0, margin_total: num0, margin_new_order: num }).loose(),
  })
  .loose();
