import {
  BrokerError,
  type Candle,
  type Depth,
  type DepthLevel,
  type InstrumentRef,
  parseIstDateTime,
  type Quote,
} from '@openalgo/core';
import { BROKER_ID } from '../errors.js';
import type { KiteCandle, KiteQuote } from './kite-types.js';

type KiteLevel = NonNullable<KiteQuote['depth']>['buy'][number];

function level(raw: KiteLevel): DepthLevel {
  const out: DepthLevel = { price: raw.price, quantity: raw.quantity };
  if (raw.orders !== undefined) out.orders = raw.orders;
  return out;
}

/** Index quotes carry no volume, depth or OI; those read as 0. */
export function mapQuote(raw: KiteQuote, ref: InstrumentRef): Quote {
  const bestBid = raw.depth?.buy[0];
  const bestAsk = raw.depth?.sell[0];
  const quote: Quote = {
    symbol: ref.symbol,
    exchange: ref.exchange,
    ltp: raw.last_price,
    open: raw.ohlc.open,
    high: raw.ohlc.high,
    low: raw.ohlc.low,
    prevClose: raw.ohlc.close,
    volume: raw.volume ?? 0,
    oi: raw.oi ?? 0,
    bid: bestBid?.price ?? 0,
    ask: bestAsk?.price ?? 0,
    raw,
  };
  if (bestBid) quote.bidQuantity = bestBid.quantity;
  if (bestAsk) quote.askQuantity = bestAsk.quantity;
  const lastTrade = raw.last_trade_time ? parseIstDateTime(raw.last_trade_time) : undefined;
  if (lastTrade !== undefined) quote.lastTradeTime = lastTrade;
  return quote;
}

/** Kite's full quote carries five levels a side, best first; they are passed through as given. */
export function mapDepth(raw: KiteQuote, ref: InstrumentRef): Depth {
  return {
    symbol: ref.symbol,
    exchange: ref.exchange,
    bids: (raw.depth?.buy ?? []).map(level),
    asks: (raw.depth?.sell ?? []).map(level),
    ltp: raw.last_price,
    ltq: raw.last_quantity ?? 0,
    open: raw.ohlc.open,
    high: raw.ohlc.high,
    low: raw.ohlc.low,
    prevClose: raw.ohlc.close,
    volume: raw.volume ?? 0,
    oi: raw.oi ?? 0,
    totalBuyQuantity: raw.buy_quantity ?? 0,
    totalSellQuantity: raw.sell_quantity ?? 0,
    raw,
  };
}

const CANDLE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})([+-])(\d{2}):?(\d{2})$/;

/** `2019-12-04T09:15:00+0530` (Kite writes the offset without a colon) → epoch seconds. */
export function parseCandleTime(text: string): number {
  const m = CANDLE_TIME.exec(text);
  if (!m) {
    throw new BrokerError(`${BROKER_ID}: unexpected candle timestamp "${text}"`, {
      details: { timestamp: text },
    });
  }
  const [, y, mo, d, h, mi, s, sign, oh, om] = m;
  const offsetMinutes = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  const utcMs = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  return utcMs / 1000 - offsetMinutes * 60;
}

/** `[ts, o, h, l, c, v, oi?]` → Candle; OI is 0 when Kite did not send it (cash, indices). */
export function mapCandle(raw: KiteCandle): Candle {
  const [ts, open, high, low, close, volume, oi] = raw;
  return { timestamp: parseCandleTime(ts), open, high, low, close, volume, oi: oi ?? 0 };
}
