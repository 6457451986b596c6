import { OrderSchema, TradeSchema } from '@openalgo/core';
import { RecordingLogger } from '@openalgo/core/testing';
import { describe, expect, it } from 'vitest';
import { FyersCandleSchema, FyersOrderSchema, FyersTradeSchema } from '../../src/mapping/fyers-types.js';
import { mapCandle } from '../../src/mapping/market.js';
import {
  clientOrderIdOf,
  FYERS_PRODUCT_OF,
  FYERS_PRODUCTS,
  FYERS_TYPE_OF,
  type MappingContext,
  mapOrder,
  mapTrade,
  parseFyersTime,
} from '../../src/mapping/orders.js';
import { NOW_MS, testSymbols } from './helpers.js';

function context(): MappingContext & { logger: RecordingLogger } {
  const logger = new RecordingLogger();
  return { symbols: testSymbols(logger), nowMs: NOW_MS, logger };
}
/** An order book row with the Go SDK's field set (brokers.md §3.4, `OrderBookItem`). */
const ORDER_ROW = {
  clientId: 'XY01234',
  id: '23030900015105',
  exchOrdId: '1100000012345678',
  qty: 75,
  remainingQuantity: 0,
  filledQty: 75,
  discloseQty: 0,
  limitPrice: 120.05,
  stopPrice: 0,
  tradedPrice: 119.9,
  type: 1,
  fyToken: '101124121935086',
  exchange: 10,
  segment: 11,
  symbol: 'NSE:NIFTY24D1924000CE',
  instrument: 14,
  message: 'TRADE CONFIRMED',
  offlineOrder: false,
  orderDateTime: '09-Mar-2023 09:15:03',
  orderValidity: 'DAY',
  pan: '',
  productType: 'MARGIN',
  side: -1,
  status: 2,
  source: 'API',
  ex_sym: 'NIFTY',
  description: 'NIFTY 19 Dec 24 24000 CE',
  ch: 0,
  chp: 0,
  lp: 119.9,
  slNo: 1,
  dqQtyRem: 0,
  orderNumStatus: '23030900015105:2',
  disclosedQty: 0,
  orderTag: '1:oa1234',
};

describe('orders', () => {
  it('a filled option SELL maps field by field (weekly ticker → OpenAlgo symbol via fyToken)', () => {
    const order = mapOrder(FyersOrderSchema.parse(ORDER_ROW), context());
    expect(order).toMatchObject({
      orderId: '23030900015105',
      clientOrderId: 'oa1234',
      symbol: 'NIFTY19DEC2424000CE',
      exchange: 'NFO',
      action: 'SELL',
      priceType: 'LIMIT',
      product: 'NRML',
      quantity: 75,
      filledQuantity: 75,
      pendingQuantity: 0,
      price: 120.05,
      triggerPrice: 0,
      averagePrice: 119.9,
      status: 'complete',
      rawStatus: '2',
      statusMessage: 'TRADE CONFIRMED',
      timestamp: '2023-03-09T09:15:03+05:30',
    });
    expect(OrderSchema.safeParse(order).success).toBe(true);
  });

  it('products, types and sides both ways', () => {
    expect(FYERS_PRODUCT_OF).toEqual({ CNC: 'CNC', NRML: 'MARGIN', MIS: 'INTRADAY' });
    expect(FYERS_TYPE_OF).toEqual({ LIMIT: 1, MARKET: 2, 'SL-M': 3, SL: 4 });
    expect(FYERS_PRODUCTS.CO).toBe('MIS');
    for (const [type, priceType] of [
      [1, 'LIMIT'],
      [2, 'MARKET'],
      [3, 'SL-M'],
      [4, 'SL'],
    ] as const) {
      expect(mapOrder(FyersOrderSchema.parse({ ...ORDER_ROW, type }), context()).priceType).toBe(priceType);
    }
  });

  it('an unknown product or side is a clear BROKER_ERROR naming it, not a crash', () => {
    expect(() => mapOrder(FyersOrderSchema.parse({ ...ORDER_ROW, productType: 'XYZ' }), context())).toThrow(
      /productType "XYZ"/,
    );
    expect(() => mapOrder(FyersOrderSchema.parse({ ...ORDER_ROW, side: 0 }), context())).toThrow(/side "0"/);
  });

  it('an unknown status int is unknown with rawStatus kept', () => {
    const order = mapOrder(FyersOrderSchema.parse({ ...ORDER_ROW, status: 3 }), context());
    expect(order.status).toBe('unknown');
    expect(order.rawStatus).toBe('3');
  });

  it('a numeric id within 2^53 is kept as text; one beyond is refused (digits already lost)', () => {
    expect(FyersOrderSchema.parse({ ...ORDER_ROW, id: 23030900015105 }).id).toBe('23030900015105');
    expect(FyersOrderSchema.safeParse({ ...ORDER_ROW, id: 2 ** 60 }).success).toBe(false);
  });

  it('order tags: `1:tag` and a bare tag are the client order id; `2:Untagged` and empty are none', () => {
    expect(clientOrderIdOf('1:oa1234')).toBe('oa1234');
    expect(clientOrderIdOf('oa1234')).toBe('oa1234');
    expect(clientOrderIdOf('2:Untagged')).toBeUndefined();
    expect(clientOrderIdOf('')).toBeUndefined();
    expect(clientOrderIdOf(null)).toBeUndefined();
  });

  it('times: DD-Mon-YYYY, DD-MM-YYYY, ISO, epoch seconds; unreadable falls back to now with a warning', () => {
    const at = Date.UTC(2023, 2, 9, 3, 45, 3);
    expect(parseFyersTime('09-Mar-2023 09:15:03')).toBe(at);
    expect(parseFyersTime('09-03-2023 09:15:03')).toBe(at);
    expect(parseFyersTime('2023-03-09 09:15:03')).toBe(at);
    expect(parseFyersTime(at / 1000)).toBe(at);
    expect(parseFyersTime('1678333503')).toBe(at);
    expect(parseFyersTime('soon')).toBeUndefined();
    const ctx = context();
    const order = mapOrder(FyersOrderSchema.parse({ ...ORDER_ROW, orderDateTime: undefined }), ctx);
    expect(order.timestamp).toBe('2026-01-05T15:00:00+05:30');
    mapOrder(FyersOrderSchema.parse({ ...ORDER_ROW, orderDateTime: 'later' }), ctx);
    // One warning per book, not one per row.
    expect(ctx.logger.messages('warn')).toHaveLength(1);
  });

  it('an instrument the master does not know: cash keeps its name, a derivative the Fyers symbol (with a warning)', () => {
    const ctx = context();
    const cash = mapOrder(
      FyersOrderSchema.parse({ ...ORDER_ROW, symbol: 'NSE:IDEA-EQ', fyToken: '10100000014366', segment: 10 }),
      ctx,
    );
    expect([cash.symbol, cash.exchange]).toEqual(['IDEA', 'NSE']);
    const fo = mapOrder(
      FyersOrderSchema.parse({ ...ORDER_ROW, symbol: 'NSE:BANKNIFTY24DECFUT', fyToken: '101124122635999' }),
      ctx,
    );
    expect([fo.symbol, fo.exchange]).toEqual(['BANKNIFTY24DECFUT', 'NFO']);
    expect(ctx.logger.messages('warn')).toHaveLength(1);
  });
});

describe('trades', () => {
  it('a trade book row (Go SDK `TradeBookItem`)', () => {
    const trade = mapTrade(
      FyersTradeSchema.parse({
        clientId: 'XY01234',
        orderDateTime: '13-Nov-2025 09:20:05',
        orderNumber: '25111300002007',
        exchangeOrderNo: '1100000012345678',
        exchange: 10,
        side: 1,
        segment: 10,
        orderType: 2,
        fyToken: '10100000003045',
        productType: 'CNC',
        tradedQty: 3,
        tradePrice: 600.5,
        tradeValue: 1801.5,
        tradeNumber: '52605023',
        row: 1,
        symbol: 'NSE:SBIN-EQ',
        orderTag: '1:oa1',
      }),
      context(),
    );
    expect(trade).toMatchObject({
      tradeId: '52605023',
      orderId: '25111300002007',
      symbol: 'SBIN',
      exchange: 'NSE',
      action: 'BUY',
      product: 'CNC',
      quantity: 3,
      price: 600.5,
      tradeValue: 1801.5,
      timestamp: '2025-11-13T09:20:05+05:30',
    });
    expect(TradeSchema.safeParse(trade).success).toBe(true);
  });
});

describe('candles', () => {
  it('[epoch_s, o, h, l, c, v(, oi)] → Candle', () => {
    expect(mapCandle(FyersCandleSchema.parse([1609472700, 274.4, 275.2, 273.9, 274.95, 512345]))).toEqual({
      timestamp: 1609472700,
      open: 274.4,
      high: 275.2,
      low: 273.9,
      close: 274.95,
      volume: 512345,
      oi: 0,
    });
    expect(mapCandle(FyersCandleSchema.parse([1609472700, 1, 1, 1, 1, 10, 4500])).oi).toBe(4500);
    expect(FyersCandleSchema.safeParse([1609472700, 1, 1]).success).toBe(false);
  });
});
