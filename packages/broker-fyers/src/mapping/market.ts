import type { Candle, Depth, DepthLevel, InstrumentRef, Quote } from '@openalgo/core';
import type { FyersCandle, FyersDepth, FyersDepthLevel, FyersQuoteValues } from './fyers-types.js';

/**
 * REST prices are rupees for every segment, currency included (OpenAlgo's paise trouble was on the HSM
 * socket, whose raw integers need the frame's precision and multiplier); they are passed through as sent.
 */

/** Volumes and quantities are whole numbers; a stray fraction is truncated toward zero, never negative. */
function whole(value: number): number {
  return value > 0 ? Math.trunc(value) : 0;
}

/** `v` of one `GET /data/quotes` entry. Fyers' quote carries no OI and no bid/ask sizes. */
export function mapQuote(v: FyersQuoteValues, ref: InstrumentRef): Quote {
  return {
    symbol: ref.symbol,
    exchange: ref.exchange,
    ltp: v.lp,
    open: v.open_price,
    high: v.high_price,
    low: v.low_price,
    prevClose: v.prev_close_price,
    volume: whole(v.volume),
    oi: 0,
    bid: v.bid,
    ask: v.ask,
    raw: v,
  };
}

function level(raw: FyersDepthLevel): DepthLevel {
  const out: DepthLevel = { price: raw.price, quantity: whole(raw.volume) };
  if (raw.ord !== null && raw.ord !== undefined) out.orders = whole(raw.ord);
  return out;
}

/** Five levels a side, best first, as Fyers sends them (`bids`, and `ask` singular). */
export function mapDepth(raw: FyersDepth, ref: InstrumentRef): Depth {
  return {
    symbol: ref.symbol,
    exchange: ref.exchange,
    bids: raw.bids.map(level),
    asks: raw.ask.map(level),
    ltp: raw.ltp,
    ltq: whole(raw.ltq),
    open: raw.o,
    high: raw.h,
    low: raw.l,
    prevClose: raw.c,
    volume: whole(raw.v),
    oi: whole(raw.oi),
    totalBuyQuantity: whole(raw.totalbuyqty),
    totalSellQuantity: whole(raw.totalsellqty),
    raw,
  };
}

/** `[epoch_s, o, h, l, c, v, oi?]` → Candle; OI is 0 when Fyers did not send it (cash, indices). */
export function mapCandle(raw: FyersCandle): Candle {
  const [ts, open, high, low, close, volume, oi] = raw;
  return {
    timestamp: Math.trunc(ts),
    open,
    high,
    low,
    close,
    volume: whole(volume),
    oi: oi === undefined ? 0 : whole(oi),
  };
}
