import { z } from 'zod';

/**
 * The parts of Kite's JSON we read (field names from Kite Connect's docs and the official
 * mocks). Objects are loose: Kite adds fields over time and the untouched payload is kept as `raw`.
 */

const num = z.number();
const optionalText = z.string().nullable().optional();

export const KiteOrderSchema = z
  .object({
    order_id: z.string().min(1),
    status: z.string(),
    status_message: optionalText,
    order_timestamp: optionalText,
    exchange_timestamp: optionalText,
    exchange_update_timestamp: optionalText,
    exchange: z.string(),
    tradingsymbol: z.string(),
    instrument_token: num.optional(),
    order_type: z.string(),
    transaction_type: z.string(),
    product: z.string(),
    quantity: num,
    price: num,
    trigger_price: num,
    average_price: num,
    filled_quantity: num,
    pending_quantity: num,
    tag: optionalText,
  })
  .loose();
export type KiteOrder = z.infer<typeof KiteOrderSchema>;

export const KiteTradeSchema = z
  .object({
    trade_id: z.union([z.string().min(1), num]),
    order_id: z.string().min(1),
    exchange: z.string(),
    tradingsymbol: z.string(),
    instrument_token: num.optional(),
    product: z.string(),
    average_price: num,
    quantity: num,
    transaction_type: z.string(),
    fill_timestamp: optionalText,
    exchange_timestamp: optionalText,
  })
  .loose();
export type KiteTrade = z.infer<typeof KiteTradeSchema>;

export const KitePositionSchema = z
  .object({
    tradingsymbol: z.string(),
    exchange: z.string(),
    instrument_token: num.optional(),
    product: z.string(),
    quantity: num,
    average_price: num,
    last_price: num,
    pnl: num,
    realised: num.optional(),
    unrealised: num.optional(),
    buy_quantity: num.optional(),
    sell_quantity: num.optional(),
    buy_price: num.optional(),
    sell_price: num.optional(),
  })
  .loose();
export type KitePosition = z.infer<typeof KitePositionSchema>;

export const KitePositionsSchema = z.object({ net: z.array(KitePositionSchema) }).loose();

export const KiteHoldingSchema = z
  .object({
    tradingsymbol: z.string(),
    exchange: z.string(),
    instrument_token: num.optional(),
    product: z.string(),
    quantity: num,
    t1_quantity: num.optional(),
    average_price: num,
    last_price: num,
    pnl: num,
  })
  .loose();
export type KiteHolding = z.infer<typeof KiteHoldingSchema>;

const KiteSegmentMarginSchema = z
  .object({
    net: num,
    available: z.object({ collateral: num }).loose(),
    utilised: z.object({ debits: num, m2m_realised: num, m2m_unrealised: num }).loose(),
  })
  .loose();
export type KiteSegmentMargin = z.infer<typeof KiteSegmentMarginSchema>;

export const KiteMarginsSchema = z
  .object({ equity: KiteSegmentMarginSchema.optional(), commodity: KiteSegmentMarginSchema.optional() })
  .loose();
export type KiteMargins = z.infer<typeof KiteMarginsSchema>;

const KiteDepthLevelSchema = z.object({ price: num, quantity: num, orders: num.optional() }).loose();

export const KiteQuoteSchema = z
  .object({
    instrument_token: num,
    timestamp: optionalText,
    last_trade_time: optionalText,
    last_price: num,
    last_quantity: num.optional(),
    buy_quantity: num.optional(),
    sell_quantity: num.optional(),
    volume: num.optional(),
    average_price: num.optional(),
    oi: num.optional(),
    ohlc: z.object({ open: num, high: num, low: num, close: num }).loose(),
    depth: z
      .object({ buy: z.array(KiteDepthLevelSchema), sell: z.array(KiteDepthLevelSchema) })
      .loose()
      .optional(),
  })
  .loose();
export type KiteQuote = z.infer<typeof KiteQuoteSchema>;

/** `GET /quote` answers a map keyed by exactly the `i` strings asked for; unknown ones are absent. */
export const KiteQuoteMapSchema = z.record(z.string(), KiteQuoteSchema);

/** `[timestamp, open, high, low, close, volume, oi?]`, timestamp like `2019-12-04T09:15:00+0530`. */
export const KiteCandleSchema = z.tuple([z.string(), num, num, num, num, num], num);
export const KiteCandlesSchema = z.object({ candles: z.array(KiteCandleSchema) }).loose();
export type KiteCandle = z.infer<typeof KiteCandleSchema>;

/**
 * An order id in an ack. Kite sends ids as strings, 15 or 19 digits; the 19-digit ones are above 2^53,
 * so one that arrived as a bare JSON number has already lost its last digits in JSON.parse and would
 * name another order. A string is kept exactly as sent; a number only while it is a safe integer
 * (exact), and refused beyond that rather than carried on as a wrong id. (Order and trade rows take
 * strings only.)
 */
export const KiteOrderIdTextSchema = z.union([
  z.string().min(1),
  num
    .refine(Number.isSafeInteger, {
      error: 'an order id sent as a JSON number above 2^53 has lost digits; Kite sends ids as strings',
    })
    .transform(String),
]);

export const KiteOrderIdSchema = z.object({ order_id: KiteOrderIdTextSchema }).loose();

export const KiteSessionSchema = z
  .object({
    user_id: z.string().min(1),
    access_token: z.string().min(1),
    refresh_token: z.string().nullable().optional(),
    user_name: z.string().optional(),
    login_time: z.string().optional(),
  })
  .loose();

const KiteMarginResultSchema = z.object({ total: num, span: num, exposure: num }).loose();
export const KiteOrderMarginsSchema = z.array(KiteMarginResultSchema);
export const KiteBasketMarginsSchema = z.object({ final: KiteMarginResultSchema }).loose();
