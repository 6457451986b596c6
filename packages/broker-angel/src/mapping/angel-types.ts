import { z } from 'zod';
import { num, optionalNum, orderIdText, requiredNum, text } from './numbers.js';

/**
 * The parts of SmartAPI's JSON we read (brokers.md §2.4 field lists, the SDK's mocks in
 * `test/api_config.js`). Objects are loose — Angel adds fields, the untouched payload is kept as `raw` —
 * and every number accepts a string or a number (§2.3).
 */

/** An order in the order book, `order/v1/details/{id}` and the order socket's `orderData`. */
export const AngelOrderSchema = z
  .object({
    orderid: orderIdText,
    uniqueorderid: text.optional(),
    variety: text,
    ordertype: z.string(),
    producttype: z.string(),
    duration: text,
    price: num,
    triggerprice: num,
    quantity: requiredNum,
    disclosedquantity: num,
    tradingsymbol: z.string(),
    transactiontype: z.string(),
    exchange: z.string(),
    symboltoken: text,
    averageprice: num,
    filledshares: num,
    unfilledshares: optionalNum,
    cancelsize: num,
    lotsize: num,
    text: text,
    status: text,
    orderstatus: text,
    updatetime: text,
    exchtime: text,
    exchorderupdatetime: text,
    ordertag: text.optional(),
  })
  .loose();
export type AngelOrder = z.output<typeof AngelOrderSchema>;

/** The order book is `null` when empty (§2.10). */
export const AngelOrderBookSchema = z.array(AngelOrderSchema).nullable();

export const AngelTradeSchema = z
  .object({
    exchange: z.string(),
    producttype: z.string(),
    tradingsymbol: z.string(),
    transactiontype: z.string(),
    fillprice: requiredNum,
    fillsize: requiredNum,
    tradevalue: optionalNum,
    orderid: orderIdText,
    fillid: orderIdText,
    /** `HH:MM:SS` only: the trade book covers the current day. */
    filltime: text,
    symboltoken: text.optional(),
  })
  .loose();
export type AngelTrade = z.output<typeof AngelTradeSchema>;
export const AngelTradeBookSchema = z.array(AngelTradeSchema).nullable();

export const AngelPositionSchema = z
  .object({
    exchange: z.string(),
    symboltoken: text,
    producttype: z.string(),
    tradingsymbol: z.string(),
    netqty: requiredNum,
    buyqty: num,
    sellqty: num,
    cfbuyqty: num,
    cfsellqty: num,
    buyamount: num,
    sellamount: num,
    cfbuyamount: num,
    cfsellamount: num,
    buyavgprice: num,
    sellavgprice: num,
    avgnetprice: num,
    netprice: num,
    netvalue: num,
    totalbuyvalue: optionalNum,
    totalsellvalue: optionalNum,
    totalbuyavgprice: optionalNum,
    totalsellavgprice: optionalNum,
    ltp: optionalNum,
    pnl: optionalNum,
  })
  .loose();
export type AngelPosition = z.output<typeof AngelPositionSchema>;
export const AngelPositionBookSchema = z.array(AngelPositionSchema).nullable();

export const AngelHoldingSchema = z
  .object({
    tradingsymbol: z.string(),
    exchange: z.string(),
    symboltoken: text,
    product: text,
    quantity: num,
    t1quantity: num,
    realisedquantity: optionalNum,
    averageprice: num,
    ltp: num,
    close: optionalNum,
    profitandloss: optionalNum,
    pnlpercentage: optionalNum,
  })
  .loose();
export type AngelHolding = z.output<typeof AngelHoldingSchema>;
export const AngelHoldingsSchema = z.array(AngelHoldingSchema).nullable();

/** `getRMS`: strings, some `null` (the SDK mock). */
export const AngelRmsSchema = z
  .object({
    net: num,
    availablecash: num,
    collateral: num,
    m2munrealized: num,
    m2mrealized: num,
    utiliseddebits: num,
    utilisedpayout: num,
  })
  .loose();
export type AngelRms = z.output<typeof AngelRmsSchema>;

const AngelDepthLevelSchema = z.object({ price: num, quantity: num, orders: optionalNum }).loose();

/** One `market/v1/quote` entry; LTP mode has only `ltp`, OHLC adds the day's bar, FULL the rest. */
export const AngelQuoteSchema = z
  .object({
    exchange: z.string(),
    tradingSymbol: text,
    symbolToken: z.union([z.string(), z.number()]).transform(String),
    ltp: requiredNum,
    open: num,
    high: num,
    low: num,
    close: num,
    lastTradeQty: num,
    exchFeedTime: text.optional(),
    exchTradeTime: text.optional(),
    avgPrice: optionalNum,
    tradeVolume: num,
    opnInterest: num,
    totBuyQuan: num,
    totSellQuan: num,
    depth: z
      .object({
        buy: z.array(AngelDepthLevelSchema).nullable().optional(),
        sell: z.array(AngelDepthLevelSchema).nullable().optional(),
      })
      .loose()
      .nullable()
      .optional(),
  })
  .loose();
export type AngelQuote = z.output<typeof AngelQuoteSchema>;

export const AngelQuoteResultSchema = z
  .object({
    fetched: z.array(AngelQuoteSchema).nullable().optional(),
    unfetched: z
      .array(
        z
          .object({
            exchange: text,
            symbolToken: text,
            message: text.optional(),
            errorCode: text.optional(),
          })
          .loose(),
      )
      .nullable()
      .optional(),
  })
  .loose();

/** `[time, open, high, low, close, volume]`, time like `2023-09-06T11:15:00+05:30`. */
export const AngelCandleSchema = z.tuple([
  z.string(),
  requiredNum,
  requiredNum,
  requiredNum,
  requiredNum,
  num,
]);
export type AngelCandle = z.output<typeof AngelCandleSchema>;
/** No candles in the range may come back as `null` or `[]`. */
export const AngelCandlesSchema = z.array(AngelCandleSchema).nullable();

/** place / modify / cancel acks: `{script?, orderid, uniqueorderid}`. */
export const AngelOrderAckSchema = z
  .object({ orderid: orderIdText, uniqueorderid: text.optional(), script: text.optional() })
  .loose();

/** `margin/v1/batch` (§2.4; OA reads the first two). */
export const AngelMarginSchema = z
  .object({
    totalMarginRequired: requiredNum,
    marginComponents: z.object({ spanMargin: num }).loose().nullable().optional(),
  })
  .loose();
