/**
 * Replies both recorders give, in Angel's shapes: written from the SDK's own mock responses
 * (`smartapi-javascript/test/api_config.js`) and brokers.md §2.4, with the ids in Angel's formats
 * (§2.10). What is answered does not matter to the comparison, only that each side gets a reply it
 * accepts, so it sends everything it would send against Angel.
 */
import { FEED_TOKEN, JWT, ok, REFRESH_TOKEN, type Reply } from './sdk-side.js';

export const ORDER_ID = '260105000000123';
export const UNIQUE_ORDER_ID = '05ebf91b-bea4-4a1d-b0f2-4259606570e3';

export const TOKENS = ok({ jwtToken: JWT, refreshToken: REFRESH_TOKEN, feedToken: FEED_TOKEN });

export const ORDER_ACK = ok({ script: 'SBIN-EQ', orderid: ORDER_ID, uniqueorderid: UNIQUE_ORDER_ID });

/** An order-book row (strings, as the book sends them, §2.3). */
export function orderRow(partial: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    variety: 'NORMAL',
    ordertype: 'LIMIT',
    producttype: 'DELIVERY',
    duration: 'DAY',
    price: '420.50',
    triggerprice: '0',
    quantity: '10',
    disclosedquantity: '0',
    squareoff: '0',
    stoploss: '0',
    trailingstoploss: '0',
    tradingsymbol: 'SBIN-EQ',
    transactiontype: 'BUY',
    exchange: 'NSE',
    symboltoken: '3045',
    ordertag: 'oa1234',
    instrumenttype: '',
    strikeprice: '-1',
    optiontype: '',
    expirydate: '',
    lotsize: '1',
    cancelsize: '0',
    averageprice: '0',
    filledshares: '0',
    unfilledshares: '10',
    orderid: ORDER_ID,
    text: '',
    status: 'open',
    orderstatus: 'open',
    updatetime: '05-Jan-2026 10:15:00',
    exchtime: '05-Jan-2026 10:15:00',
    exchorderupdatetime: '05-Jan-2026 10:15:00',
    fillid: '',
    filltime: '',
    parentorderid: '',
    uniqueorderid: UNIQUE_ORDER_ID,
    exchangeorderid: '1100000000012345',
    ...partial,
  };
}

export const ORDER_BOOK = ok([orderRow()]);
export const ORDER_DETAILS = ok(
  orderRow({ price: 420.5, triggerprice: 0, averageprice: 0, strikeprice: -1 }),
);

export const TRADE_BOOK = ok([
  {
    exchange: 'NSE',
    producttype: 'DELIVERY',
    tradingsymbol: 'SBIN-EQ',
    instrumenttype: '',
    symbolgroup: 'EQ',
    strikeprice: '-1',
    optiontype: '',
    expirydate: '',
    marketlot: '1',
    precision: '2',
    multiplier: '-1',
    tradevalue: '4205.00',
    transactiontype: 'BUY',
    fillprice: '420.50',
    fillsize: '10',
    orderid: ORDER_ID,
    fillid: '50005750',
    filltime: '10:15:03',
  },
]);

export const POSITIONS = ok([
  {
    exchange: 'NSE',
    symboltoken: '3045',
    producttype: 'INTRADAY',
    tradingsymbol: 'SBIN-EQ',
    symbolname: 'SBIN',
    instrumenttype: '',
    buyqty: '10',
    sellqty: '0',
    buyamount: '4205.00',
    sellamount: '0',
    buyavgprice: '420.50',
    sellavgprice: '0',
    avgnetprice: '420.50',
    netvalue: '- 4205.00',
    netqty: '10',
    totalbuyvalue: '4205.00',
    totalsellvalue: '0',
    netprice: '420.50',
    lotsize: '1',
    ltp: '421.00',
    pnl: '5.00',
  },
]);

const HOLDING = {
  tradingsymbol: 'SBIN-EQ',
  exchange: 'NSE',
  isin: 'INE062A01020',
  t1quantity: 0,
  realisedquantity: 8,
  quantity: 8,
  authorisedquantity: 0,
  product: 'DELIVERY',
  collateralquantity: null,
  collateraltype: null,
  haircut: 0,
  averageprice: 573.1,
  ltp: 579.05,
  symboltoken: '3045',
  close: 570.5,
  profitandloss: 48,
  pnlpercentage: 1.04,
};

export const HOLDINGS = ok([HOLDING]);

export const RMS = ok({
  net: '100000.0000',
  availablecash: '100000.0000',
  availableintradaypayin: '0.0000',
  availablelimitmargin: '0.0000',
  collateral: '0.0000',
  m2munrealized: '0.0000',
  m2mrealized: '0.0000',
  utiliseddebits: '0.0000',
  utilisedspan: null,
  utilisedoptionpremium: null,
  utilisedholdingsales: null,
  utilisedexposure: null,
  utilisedturnover: null,
  utilisedpayout: '0.0000',
});

/** A full quote row for every token asked (the SDK's FULL mock, re-keyed). */
export function quoteReply(
  tokens: ReadonlyArray<readonly [exchange: string, token: string, symbol: string]>,
): Reply {
  const fetched = tokens.map(([exchange, symbolToken, tradingSymbol]) => ({
    exchange,
    tradingSymbol,
    symbolToken,
    ltp: 568.2,
    open: 567.4,
    high: 569.35,
    low: 566.1,
    close: 567.4,
    lastTradeQty: 1,
    exchFeedTime: '05-Jan-2026 10:15:00',
    exchTradeTime: '05-Jan-2026 10:14:59',
    netChange: 0.8,
    percentChange: 0.14,
    avgPrice: 567.83,
    tradeVolume: 3556150,
    opnInterest: 0,
    lowerCircuit: 510.7,
    upperCircuit: 624.1,
    totBuyQuan: 839549,
    totSellQuan: 1284767,
    '52WeekLow': 430.7,
    '52WeekHigh': 629.55,
    depth: {
      buy: [0, 1, 2, 3, 4].map((i) => ({ price: 568.2 - i * 0.05, quantity: 100 + i, orders: 1 + i })),
      sell: [0, 1, 2, 3, 4].map((i) => ({ price: 568.25 + i * 0.05, quantity: 200 + i, orders: 2 + i })),
    },
  }));
  return ok({ fetched, unfetched: [] });
}

/** The SDK's margin mock (`test/api_config.js`). */
export const MARGIN = ok({
  totalMarginRequired: 29612.35,
  marginComponents: {
    netPremium: 5060,
    spanMargin: 0,
    marginBenefit: 79876.5,
    deliveryMargin: 0,
    nonNFOMargin: 0,
    totOptionsPremium: 10100,
  },
  marginBreakup: [{ exchange: 'NFO', productType: 'INTRADAY', totalMarginRequired: 19512.35 }],
});

export const CANDLES = ok([['2026-01-05T09:15:00+05:30', 19571.2, 19573.35, 19534.4, 19552.05, 1200]]);
