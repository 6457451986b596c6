import { OrderSchema, TradeSchema } from '@openalgo/core';
import { RecordingLogger } from '@openalgo/core/testing';
import { describe, expect, it } from 'vitest';
import {
  AngelCandleSchema,
  AngelHoldingSchema,
  AngelOrderSchema,
  AngelPositionSchema,
  AngelQuoteSchema,
  AngelRmsSchema,
  AngelTradeSchema,
} from '../../src/mapping/angel-types.js';
import { mapCandle, mapDepth, mapQuote } from '../../src/mapping/market.js';
import { mapOrder, mapTrade, parseAngelTime } from '../../src/mapping/orders.js';
import { mapFunds, mapHolding, mapPosition, sumM2m } from '../../src/mapping/portfolio.js';
import { SDK_MOCKS, sdkData, sdkRow, testSymbols } from './helpers.js';

const mock = SDK_MOCKS.response;
const first = sdkRow;

describe('orders and trades (the SDK’s mocks)', () => {
  it('the order book row: strings parsed, cancelled → nothing pending, IST time', () => {
    const order = mapOrder(AngelOrderSchema.parse(first('orderBook')), testSymbols());
    expect(OrderSchema.parse(order)).toBeTruthy();
    expect(order).toMatchObject({
      orderId: '201020000000080',
      symbol: 'SBIN',
      exchange: 'NSE',
      action: 'BUY',
      priceType: 'LIMIT',
      product: 'MIS',
      quantity: 1,
      filledQuantity: 0,
      pendingQuantity: 0,
      price: 194,
      triggerPrice: 0,
      averagePrice: 0,
      status: 'cancelled',
      rawStatus: 'cancelled',
      timestamp: '2020-10-20T13:10:59+05:30',
    });
    expect(order.clientOrderId).toBeUndefined();
  });

  it('order details: mixed number types, the reject reason, the unique id', () => {
    const raw = AngelOrderSchema.parse(sdkData('indOrderDetails'));
    const order = mapOrder(raw, testSymbols());
    expect(order).toMatchObject({
      orderId: '231010000000970',
      symbol: 'RELIANCE',
      product: 'CNC',
      price: 2298.25,
      status: 'rejected',
      timestamp: '2023-10-10T09:00:16+05:30',
    });
    expect(order.statusMessage).toMatch(/Insufficient Funds/);
    expect(raw.uniqueorderid).toBe('05ebf91b-bea4-4a1d-b0f2-4259606570e3');
  });

  it('an open stop order: STOPLOSS_LIMIT → SL, pending = unfilled, the ordertag is the client order id', () => {
    const order = mapOrder(
      AngelOrderSchema.parse({
        ...first('orderBook'),
        ordertype: 'STOPLOSS_LIMIT',
        producttype: 'CARRYFORWARD',
        status: 'trigger pending',
        quantity: '75',
        filledshares: '25',
        unfilledshares: '50',
        ordertag: 'oa77',
        exchange: 'NFO',
        tradingsymbol: 'NIFTY26DEC2424000CE',
        symboltoken: '58662',
      }),
      testSymbols(),
    );
    expect(order).toMatchObject({
      priceType: 'SL',
      product: 'NRML',
      status: 'trigger_pending',
      filledQuantity: 25,
      pendingQuantity: 50,
      clientOrderId: 'oa77',
      symbol: 'NIFTY26DEC2424000CE',
      exchange: 'NFO',
    });
  });

  it('the trade book row: today’s date with the fill time, value as sent', () => {
    const trade = mapTrade(AngelTradeSchema.parse(first('tradeBook')), testSymbols(), '2026-01-05');
    expect(TradeSchema.parse(trade)).toBeTruthy();
    expect(trade).toMatchObject({
      tradeId: '50005750',
      orderId: '201020000000095',
      symbol: 'ITC',
      exchange: 'NSE',
      product: 'CNC',
      quantity: 1,
      price: 175,
      tradeValue: 175,
      timestamp: '2026-01-05T13:27:53+05:30',
    });
  });

  it('Angel’s `20-Oct-2020 13:10:59` and the ISO-like forms are IST; garbage is undefined', () => {
    expect(parseAngelTime('05-Jan-2026 09:15:00')).toBe(Date.UTC(2026, 0, 5, 3, 45));
    expect(parseAngelTime('2026-01-05 09:15:00')).toBe(Date.UTC(2026, 0, 5, 3, 45));
    expect(parseAngelTime('05-Foo-2026 09:15:00')).toBeUndefined();
  });

  it('a master that does not know a derivative keeps Angel’s symbol, warning once; an unsupported exchange fails', () => {
    const logger = new RecordingLogger();
    const symbols = testSymbols(logger);
    expect(symbols.fromAngel('MCX', 'GOLD26FEB26FUT', '999')).toEqual({
      symbol: 'GOLD26FEB26FUT',
      exchange: 'MCX',
    });
    symbols.fromAngel('MCX', 'GOLD26FEB26FUT', '999');
    expect(logger.at('warn')).toHaveLength(1);
    expect(symbols.fromAngel('NSE', 'NEWCO-BE', '1')).toEqual({ symbol: 'NEWCO', exchange: 'NSE' });
    expect(() => symbols.fromAngel('nse_cm', 'GUARSEED', '1')).toThrow(/does not support/);
  });
});

describe('portfolio (the SDK’s mocks)', () => {
  it('a position: netvalue "- 2235.80" parsed; P&L from its own numbers when `pnl` is absent', () => {
    const raw = AngelPositionSchema.parse({ ...first('getPosition'), ltp: '2240.80' });
    expect(raw.netvalue).toBe(-2235.8);
    const position = mapPosition(raw, testSymbols());
    expect(position).toMatchObject({
      symbol: 'RELIANCE',
      product: 'CNC',
      quantity: 1,
      averagePrice: 2235.8,
      ltp: 2240.8,
      pnl: 5,
      realisedPnl: 0,
      unrealisedPnl: 5,
      buyQuantity: 1,
      sellQuantity: 0,
      buyAverage: 2235.8,
    });
  });

  it('a short, partly closed position with Angel’s `pnl`: realised from the closed part, the rest unrealised', () => {
    const raw = AngelPositionSchema.parse({
      ...first('getPosition'),
      buyqty: '10',
      sellqty: '30',
      buyavgprice: '100',
      sellavgprice: '110',
      totalbuyavgprice: '100',
      totalsellavgprice: '110',
      netqty: '-20',
      avgnetprice: '110',
      ltp: '105',
      pnl: '200',
    });
    const position = mapPosition(raw, testSymbols());
    expect(position).toMatchObject({ quantity: -20, pnl: 200, realisedPnl: 100, unrealisedPnl: 100 });
    expect(sumM2m([position, position])).toEqual({ realised: 200, unrealised: 200 });
  });

  it('holdings: JSON numbers; `quantity` already counts the T+1 shares (= realised + t1)', () => {
    const rows = sdkData<{ holdings: unknown[] }>('getAllHolding').holdings;
    const holding = mapHolding(
      AngelHoldingSchema.parse({ ...(rows[2] as object), quantity: 10, realisedquantity: 8, t1quantity: 2 }),
      testSymbols(),
    );
    expect(holding).toMatchObject({
      symbol: 'SBIN',
      exchange: 'NSE',
      product: 'CNC',
      quantity: 10,
      t1Quantity: 2,
      averagePrice: 573.1,
      ltp: 579.05,
      pnl: 48,
    });
    expect(holding.pnlPercent).toBeCloseTo(1.04, 2);
    const apart = AngelHoldingSchema.parse({
      ...(rows[2] as object),
      quantity: 8,
      realisedquantity: 8,
      t1quantity: 2,
    });
    expect(mapHolding(apart, testSymbols()).quantity).toBe(10);
  });

  it('funds (§2.8): cash after margin is utilisedpayout; collateral = availablecash − utilisedpayout; m2m from positions', () => {
    const rms = AngelRmsSchema.parse({
      ...sdkData<object>('getRMS'),
      net: '150000.00',
      availablecash: '127500.50',
      collateral: '0',
      utiliseddebits: '25000.00',
      utilisedpayout: '125000.50',
      m2mrealized: '0.0000',
      m2munrealized: '0.0000',
    });
    expect(mapFunds(rms, { realised: -40, unrealised: 120.5 })).toEqual({
      availableCash: 125000.5,
      collateral: 2500,
      m2mRealised: -40,
      m2mUnrealised: 120.5,
      utilisedDebits: 25000,
      raw: rms,
    });
  });

  it('the SDK’s RMS mock (strings and nulls) reads as zeros, not a crash', () => {
    const funds = mapFunds(AngelRmsSchema.parse(sdkData('getRMS')), { realised: 0, unrealised: 0 });
    expect(funds).toMatchObject({ availableCash: 0, collateral: 0, utilisedDebits: 0 });
  });
});

describe('market data (the SDK’s mocks)', () => {
  const full = (mock.marketData as unknown as Record<string, { data: { fetched: unknown[] } }>).full;
  const ltpOnly = (mock.marketData as unknown as Record<string, { data: { fetched: unknown[] } }>).LTP;

  it('a FULL quote: best bid/ask from the depth, last trade time in IST', () => {
    const quote = mapQuote(AngelQuoteSchema.parse(full?.data.fetched[0]), {
      symbol: 'SBIN',
      exchange: 'NSE',
    });
    expect(quote).toMatchObject({
      ltp: 568.2,
      open: 567.4,
      high: 569.35,
      low: 566.1,
      prevClose: 567.4,
      volume: 3556150,
      oi: 0,
      bid: 568.2,
      ask: 568.25,
      bidQuantity: 511,
      askQuantity: 3348,
      lastTradeTime: Date.UTC(2023, 5, 21, 5, 16, 9),
    });
  });

  it('an LTP-mode quote leaves the rest at 0', () => {
    const quote = mapQuote(AngelQuoteSchema.parse(ltpOnly?.data.fetched[0]), {
      symbol: 'SBIN',
      exchange: 'NSE',
    });
    expect(quote).toMatchObject({ ltp: 571.75, open: 0, volume: 0, bid: 0, ask: 0 });
    expect(quote.bidQuantity).toBeUndefined();
  });

  it('depth: five levels a side, totals; empty levels (zeros) are dropped', () => {
    const raw = AngelQuoteSchema.parse(full?.data.fetched[0]);
    const depth = mapDepth(raw, { symbol: 'SBIN', exchange: 'NSE' });
    expect(depth.bids).toHaveLength(5);
    expect(depth.asks[4]).toEqual({ price: 568.45, quantity: 4814, orders: 17 });
    expect(depth).toMatchObject({ ltq: 1, totalBuyQuantity: 839549, totalSellQuantity: 1284767 });
    const thin = { ...raw, depth: { buy: [{ price: 0, quantity: 0, orders: 0 }], sell: [] } };
    expect(mapDepth(thin, { symbol: 'SBIN', exchange: 'NSE' }).bids).toEqual([]);
  });

  it('a candle: `+05:30` timestamps to epoch seconds, no OI', () => {
    const raw = AngelCandleSchema.parse(sdkData<unknown[]>('getCandleData')[0]);
    expect(mapCandle(raw)).toEqual({
      timestamp: Date.UTC(2023, 8, 6, 5, 45) / 1000,
      open: 19571.2,
      high: 19573.35,
      low: 19534.4,
      close: 19552.05,
      volume: 0,
      oi: 0,
    });
  });
});
