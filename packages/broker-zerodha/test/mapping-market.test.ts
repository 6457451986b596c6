import { CandleSchema, DepthSchema, QuoteSchema } from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import { KiteCandlesSchema, KiteQuoteMapSchema } from '../src/mapping/kite-types.js';
import { mapCandle, mapDepth, mapQuote, parseCandleTime } from '../src/mapping/market.js';
import { fixtureData } from './helpers.js';

const quotes = KiteQuoteMapSchema.parse(fixtureData('quote.json'));
const infy = quotes['NSE:INFY'];
const ref = { symbol: 'INFY', exchange: 'NSE' as const };

describe('quote mapping (quote.json)', () => {
  it('maps the full quote to a valid unified Quote with best bid/ask from the depth', () => {
    if (!infy) throw new Error('fixture has no NSE:INFY');
    const quote = mapQuote(infy, ref);
    expect(QuoteSchema.parse(quote)).toEqual(quote);
    expect(quote).toMatchObject({
      symbol: 'INFY',
      exchange: 'NSE',
      ltp: 1412.95,
      open: 1396,
      high: 1421.75,
      low: 1395.55,
      prevClose: 1389.65,
      volume: 7360198,
      oi: 0,
      bid: 0,
      ask: 1412.95,
      bidQuantity: 0,
      askQuantity: 5191,
      lastTradeTime: Date.UTC(2021, 5, 8, 10, 15, 52),
    });
  });

  it('an index quote (no depth, no volume) reads zeros there', () => {
    const index = KiteQuoteMapSchema.parse({
      'NSE:NIFTY 50': {
        instrument_token: 256265,
        timestamp: '2021-06-08 15:45:56',
        last_price: 15740.1,
        net_change: 0,
        ohlc: { open: 15773.2, high: 15778.8, low: 15692.9, close: 15751.65 },
      },
    })['NSE:NIFTY 50'];
    const quote = mapQuote(index as never, { symbol: 'NIFTY', exchange: 'NSE_INDEX' });
    expect(QuoteSchema.parse(quote)).toMatchObject({ ltp: 15740.1, volume: 0, bid: 0, ask: 0, oi: 0 });
    expect(quote.bidQuantity).toBeUndefined();
  });
});

describe('depth mapping (quote.json)', () => {
  it('passes five levels a side through, best first', () => {
    const depth = mapDepth(infy as never, ref);
    expect(DepthSchema.parse(depth)).toEqual(depth);
    expect(depth.bids).toHaveLength(5);
    expect(depth.asks).toHaveLength(5);
    expect(depth.asks[0]).toEqual({ price: 1412.95, quantity: 5191, orders: 13 });
    expect(depth).toMatchObject({ ltp: 1412.95, ltq: 5, totalBuyQuantity: 0, totalSellQuantity: 5191 });
  });
});

describe('candle mapping (historical_*.json)', () => {
  it('turns Kite timestamps with +0530 into epoch seconds', () => {
    expect(parseCandleTime('2017-12-15T09:15:00+0530')).toBe(Date.UTC(2017, 11, 15, 3, 45) / 1000);
    expect(parseCandleTime('2017-12-15T09:15:00+05:30')).toBe(Date.UTC(2017, 11, 15, 3, 45) / 1000);
    expect(() => parseCandleTime('2017-12-15 09:15:00')).toThrow(/unexpected candle timestamp/);
  });

  it('maps minute candles without OI to oi 0', () => {
    const { candles } = KiteCandlesSchema.parse(fixtureData('historical_minute.json'));
    const mapped = candles.map(mapCandle);
    for (const candle of mapped) expect(CandleSchema.parse(candle)).toEqual(candle);
    expect(mapped[0]).toEqual({
      timestamp: Date.UTC(2017, 11, 15, 3, 45) / 1000,
      open: 1704.5,
      high: 1705,
      low: 1699.25,
      close: 1702.8,
      volume: 2499,
      oi: 0,
    });
    expect(mapped.map((c) => c.timestamp - (mapped[0]?.timestamp ?? 0))).toEqual([0, 60, 120, 180, 240, 300]);
  });

  it('keeps open interest when Kite sends it', () => {
    const { candles } = KiteCandlesSchema.parse(fixtureData('historical_oi.json'));
    const mapped = candles.map(mapCandle);
    expect(mapped.map((c) => c.oi)).toEqual([13667775, 13667775, 13758000, 13758000, 13758000, 13777050]);
    expect(mapped[5]).toMatchObject({ open: 12006.95, close: 11999.6, volume: 65325 });
  });
});
