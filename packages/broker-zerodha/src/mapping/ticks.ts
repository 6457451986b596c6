import { type DepthLevel, type InstrumentRef, istToEpoch, type Tick } from '@openalgo/core';
import type { KiteDepthEntry, KiteTick } from '../stream/ticker-decode.js';

let cachedIso = '';
let cachedEpochMs = 0;

/** `2021-07-05T10:41:27+05:30` (as the decoder writes it) → epoch ms; the last answer is cached. */
export function epochMsFromIstIso(iso: string): number {
  if (iso === cachedIso) return cachedEpochMs;
  const epoch = istToEpoch(
    Number(iso.slice(0, 4)),
    Number(iso.slice(5, 7)),
    Number(iso.slice(8, 10)),
    Number(iso.slice(11, 13)),
    Number(iso.slice(14, 16)),
    Number(iso.slice(17, 19)),
  );
  cachedIso = iso;
  cachedEpochMs = epoch;
  return epoch;
}

function levels(side: readonly KiteDepthEntry[]): DepthLevel[] {
  return side.map((l) => ({ price: l.price, quantity: l.quantity, orders: l.orders }));
}

/**
 * A decoded Kite tick as a unified Tick. Kite's `full` is OpenAlgo's `depth`. Only full packets
 * carry an exchange timestamp; ltp and quote ticks are stamped with the time they were received.
 */
export function toUnifiedTick(k: KiteTick, ref: InstrumentRef, receivedAtMs: number): Tick {
  const stamp = k.timestamp ?? k.last_trade_time;
  const tick: Tick = {
    symbol: ref.symbol,
    exchange: ref.exchange,
    mode: k.mode === 'full' ? 'depth' : k.mode,
    ltp: k.last_price,
    timestamp: stamp ? epochMsFromIstIso(stamp) : receivedAtMs,
  };
  if (k.ohlc) {
    tick.open = k.ohlc.open;
    tick.high = k.ohlc.high;
    tick.low = k.ohlc.low;
    tick.close = k.ohlc.close;
  }
  if (k.change !== undefined) tick.change = k.change;
  if (k.last_quantity !== undefined) tick.lastQuantity = k.last_quantity;
  if (k.average_price !== undefined) tick.averagePrice = k.average_price;
  if (k.volume !== undefined) tick.volume = k.volume;
  if (k.buy_quantity !== undefined) tick.totalBuyQuantity = k.buy_quantity;
  if (k.sell_quantity !== undefined) tick.totalSellQuantity = k.sell_quantity;
  if (k.oi !== undefined) tick.oi = k.oi;
  if (k.depth) {
    tick.bids = levels(k.depth.buy);
    tick.asks = levels(k.depth.sell);
  }
  return tick;
}
