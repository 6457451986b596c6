import {
  BrokerError,
  type Candle,
  type Depth,
  type DepthLevel,
  type InstrumentRef,
  type Quote,
} from '@openalgo/core';
import { BROKER_ID } from '../errors.js';
import type { AngelCandle, AngelQuote } from './angel-types.js';
import { parseAngelTime, wholeQuantity } from './orders.js';

type AngelLevel = NonNullable<NonNullable<AngelQuote['depth']>['buy']>[number];

function level(raw: AngelLevel, context: string): DepthLevel {
  const out: DepthLevel = {
    price: raw.price,
    quantity: wholeQuantity(raw.quantity, 'depth quantity', context),
  };
  if (raw.orders !== undefined) out.orders = wholeQuantity(raw.orders, 'depth orders', context);
  return out;
}

/**
 * Angel sends empty book levels as zeros; they are not price levels and are dropped, so "no bid" is an
 * empty side rather than a bid at 0.
 */
function side(levels: readonly AngelLevel[] | null | undefined, context: string): DepthLevel[] {
  return (levels ?? []).filter((l) => l.price > 0 || l.quantity > 0).map((l) => level(l, context));
}

/** A FULL-mode quote (§2.4); fields a lighter mode leaves out read as 0. Index quotes carry no depth. */
export function mapQuote(raw: AngelQuote, ref: InstrumentRef): Quote {
  const context = `quote ${ref.exchange}:${ref.symbol}`;
  const bids = side(raw.depth?.buy, context);
  const asks = side(raw.depth?.sell, context);
  const quote: Quote = {
    symbol: ref.symbol,
    exchange: ref.exchange,
    ltp: raw.ltp,
    open: raw.open,
    high: raw.high,
    low: raw.low,
    prevClose: raw.close,
    volume: wholeQuantity(raw.tradeVolume, 'volume', context),
    oi: wholeQuantity(raw.opnInterest, 'open interest', context),
    bid: bids[0]?.price ?? 0,
    ask: asks[0]?.price ?? 0,
    raw,
  };
  if (bids[0]) quote.bidQuantity = bids[0].quantity;
  if (asks[0]) quote.askQuantity = asks[0].quantity;
  const lastTrade = raw.exchTradeTime ? parseAngelTime(raw.exchTradeTime) : undefined;
  if (lastTrade !== undefined) quote.lastTradeTime = lastTrade;
  return quote;
}

/** Five levels a side from the FULL quote, best first as Angel sends them. */
export function mapDepth(raw: AngelQuote, ref: InstrumentRef): Depth {
  const context = `depth ${ref.exchange}:${ref.symbol}`;
  return {
    symbol: ref.symbol,
    exchange: ref.exchange,
    bids: side(raw.depth?.buy, context),
    asks: side(raw.depth?.sell, context),
    ltp: raw.ltp,
    ltq: wholeQuantity(raw.lastTradeQty, 'last traded quantity', context),
    open: raw.open,
    high: raw.high,
    low: raw.low,
    prevClose: raw.close,
    volume: wholeQuantity(raw.tradeVolume, 'volume', context),
    oi: wholeQuantity(raw.opnInterest, 'open interest', context),
    totalBuyQuantity: wholeQuantity(raw.totBuyQuan, 'total buy quantity', context),
    totalSellQuantity: wholeQuantity(raw.totSellQuan, 'total sell quantity', context),
    raw,
  };
}

const CANDLE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?([+-])(\d{2}):?(\d{2})$/;

/** `2023-09-06T11:15:00+05:30` → epoch seconds. */
export function parseCandleTime(text: string): number {
  const m = CANDLE_TIME.exec(text.trim());
  if (!m) {
    throw new BrokerError(`${BROKER_ID}: unexpected candle timestamp "${text}"`, {
      details: { timestamp: text },
    });
  }
  const [, y, mo, d, h, mi, s = '0', sign, oh, om] = m;
  const offsetMinutes = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  const utcMs = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  return utcMs / 1000 - offsetMinutes * 60;
}

/** `[time, o, h, l, c, v]` → Candle; Angel's candles carry no OI (index candles have volume 0). */
export function mapCandle(raw: AngelCandle): Candle {
  const [time, open, high, low, close, volume] = raw;
  return {
    timestamp: parseCandleTime(time),
    open,
    high,
    low,
    close,
    volume: wholeQuantity(volume, 'candle volume', `candle ${time}`),
    oi: 0,
  };
}
