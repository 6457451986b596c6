import { instrumentRow } from '@openalgo/core/testing';
import { ok, type Reply } from './sides.js';

/**
 * Fyers' reply shapes (brokers.md §3.4 and its Go SDK models), one per call, so both sides read an
 * answer Fyers could have sent. The requests, not these, are what the suite compares.
 */

/** The master both sides name instruments from: Fyers tickers as `brsymbol` (§3.5, §3.8). */
export const ROWS = [
  instrumentRow({ symbol: 'SBIN', exchange: 'NSE', brsymbol: 'NSE:SBIN-EQ', token: '10100000003045' }),
  // `&` survives the JSON body and the query encoding.
  instrumentRow({ symbol: 'M&M', exchange: 'NSE', brsymbol: 'NSE:M&M-EQ', token: '10100000002031' }),
  instrumentRow({ symbol: 'RELIANCE', exchange: 'BSE', brsymbol: 'BSE:RELIANCE-A', token: '12100000500325' }),
  instrumentRow({
    symbol: 'NIFTY',
    exchange: 'NSE_INDEX',
    brsymbol: 'NSE:NIFTY50-INDEX',
    brexchange: 'NSE',
    token: '101000000026000',
  }),
  instrumentRow({
    symbol: 'NIFTY19DEC2424000CE',
    exchange: 'NFO',
    brsymbol: 'NSE:NIFTY24D1924000CE',
    token: '101124121935086',
    name: 'NIFTY',
    expiry: '19-DEC-24',
    strike: 24000,
    lotSize: 75,
    instrumentType: 'CE',
  }),
  instrumentRow({
    symbol: 'CRUDEOIL19DEC24FUT',
    exchange: 'MCX',
    brsymbol: 'MCX:CRUDEOIL24DECFUT',
    token: '1120241219432410',
    name: 'CRUDEOIL',
    expiry: '19-DEC-24',
    lotSize: 100,
    tickSize: 1,
    instrumentType: 'FUT',
  }),
];

export const ORDER_ID = '25111300002007';

export const PLACED = ok({
  message: `Order submitted successfully. Your Order Ref. No.${ORDER_ID}`,
  id: ORDER_ID,
});

function order(status: number) {
  return {
    clientId: 'XE00042',
    id: ORDER_ID,
    exchOrdId: '1100000012345678',
    qty: 10,
    remainingQuantity: 10,
    filledQty: 0,
    discloseQty: 0,
    disclosedQty: 0,
    dqQtyRem: 0,
    limitPrice: 600.5,
    stopPrice: 0,
    tradedPrice: 0,
    type: 1,
    fyToken: '10100000003045',
    exchange: 10,
    segment: 10,
    symbol: 'NSE:SBIN-EQ',
    instrument: 0,
    message: '',
    offlineOrder: false,
    orderDateTime: '13-Nov-2025 09:15:02',
    orderValidity: 'DAY',
    pan: '',
    productType: 'INTRADAY',
    side: 1,
    status,
    source: 'API',
    ex_sym: 'SBIN',
    description: 'STATE BANK OF INDIA',
    ch: 0,
    chp: 0,
    lp: 601,
    slNo: 1,
    orderNumStatus: `${ORDER_ID}:${status}`,
    orderTag: 'oa1234',
  };
}

export const ORDER_BOOK = ok({ orderBook: [order(6)] });

export const TRADE_BOOK = ok({
  tradeBook: [
    {
      clientId: 'XE00042',
      orderDateTime: '13-Nov-2025 09:15:03',
      orderNumber: ORDER_ID,
      exchangeOrderNo: '1100000012345678',
      exchange: 10,
      side: 1,
      segment: 10,
      orderType: 2,
      fyToken: '10100000003045',
      productType: 'INTRADAY',
      tradedQty: 10,
      tradePrice: 601,
      tradeValue: 6010,
      tradeNumber: '52605023',
      row: 1,
      symbol: 'NSE:SBIN-EQ',
      orderTag: 'oa1234',
    },
  ],
});

export const POSITIONS = ok({
  netPositions: [
    {
      netQty: 10,
      qty: 10,
      avgPrice: 601,
      netAvg: 601,
      side: 1,
      productType: 'INTRADAY',
      realized_profit: 0,
      unrealized_profit: 5,
      pl: 5,
      ltp: 601.5,
      buyQty: 10,
      buyAvg: 601,
      buyVal: 6010,
      sellQty: 0,
      sellAvg: 0,
      sellVal: 0,
      slNo: 0,
      fyToken: '10100000003045',
      crossCurrency: 'N',
      rbiRefRate: 1,
      qtyMulti_com: 1,
      segment: 10,
      symbol: 'NSE:SBIN-EQ',
      id: 'NSE:SBIN-EQ-INTRADAY',
      cfBuyQty: 0,
      cfSellQty: 0,
      dayBuyQty: 10,
      daySellQty: 0,
      exchange: 10,
    },
  ],
  overall: { count_total: 1, count_open: 1, pl_total: 5, pl_realized: 0, pl_unrealized: 5 },
});

export const HOLDINGS = ok({
  holdings: [
    {
      holdingType: 'HLD',
      quantity: 5,
      costPrice: 550,
      marketVal: 3007.5,
      remainingQuantity: 5,
      pl: 257.5,
      ltp: 601.5,
      id: 1,
      fyToken: '10100000003045',
      exchange: 10,
      symbol: 'NSE:SBIN-EQ',
      segment: 10,
      isin: 'INE062A01020',
      qty_t1: 0,
      remainingPledgeQuantity: 0,
      collateralQuantity: 0,
    },
  ],
  overall: {
    count_total: 1,
    total_investment: 2750,
    total_current_value: 3007.5,
    total_pl: 257.5,
    pnl_perc: 9.36,
  },
});

const FUND_TITLES = [
  'Total Balance',
  'Utilized Amount',
  'Clear Balance',
  'Realized Profit and Loss',
  'Collaterals',
  'Fund Transfer',
  'Receivables',
  'Adhoc Limit',
  'Limit at start of the day',
  'Available Balance',
];

export const FUNDS = ok({
  fund_limit: FUND_TITLES.map((title, i) => ({
    id: i + 1,
    title,
    equityAmount: 1000 * (i + 1),
    commodityAmount: 0,
  })),
});

function quoteValue(ticker: string, n: number) {
  return {
    ch: 1.5,
    chp: 0.25,
    lp: 601.5 + n,
    spread: 0.05,
    ask: 601.55,
    bid: 601.5,
    open_price: 600,
    high_price: 603,
    low_price: 598,
    prev_close_price: 600,
    atp: 600.8,
    volume: 123456,
    short_name: ticker.split(':')[1],
    exchange: ticker.split(':')[0],
    description: ticker,
    original_name: ticker,
    symbol: ticker,
    fyToken: '10100000003045',
    tt: 1763005502,
  };
}

/** A quote for every ticker asked, in order. */
export function quotesReply(tickers: readonly string[]): Reply {
  return ok({ d: tickers.map((n, i) => ({ n, s: 'ok', v: quoteValue(n, i) })) });
}

function level(price: number, volume: number) {
  return { price, volume, ord: 3 };
}

export function depthReply(ticker: string): Reply {
  return ok({
    d: {
      [ticker]: {
        totalbuyqty: 1000,
        totalsellqty: 1200,
        bids: [0, 1, 2, 3, 4].map((i) => level(601.5 - i * 0.05, 100 + i)),
        ask: [0, 1, 2, 3, 4].map((i) => level(601.55 + i * 0.05, 200 + i)),
        o: 600,
        h: 603,
        l: 598,
        c: 600,
        ch: 1.5,
        chp: 0.25,
        tick_Size: 0.05,
        ltq: 10,
        ltt: 1763005502,
        ltp: 601.5,
        v: 123456,
        atp: 600.8,
        lower_ckt: 540,
        upper_ckt: 660,
        expiry: '',
        oi: 0,
        oiflag: false,
        pdoi: 0,
        oipercent: 0,
      },
    },
  });
}

/** No candles: every chunk of a history request is answered, so both sides send all of theirs. */
export const NO_CANDLES = ok({ candles: [] });
