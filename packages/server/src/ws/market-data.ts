import { type DepthLevel, instrumentKey, rankOf, type Tick } from '@openalgo/core';
import type { ModeNumber } from './modes.js';

export const DEFAULT_DEPTH_LEVELS = 5;
/** The deepest book any supported broker streams (some give 20/30/50 levels). */
export const MAX_DEPTH_LEVELS = 50;

interface WireLevel {
  price: number;
  quantity: number;
  orders: number;
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** Best first, cut or padded with zero levels to exactly `levels`, as OpenAlgo's adapters do. */
function levelsOf(source: readonly DepthLevel[] | undefined, levels: number): WireLevel[] {
  const out: WireLevel[] = [];
  for (let i = 0; i < levels; i++) {
    const level = source?.[i];
    out.push(
      level
        ? { price: level.price, quantity: level.quantity, orders: level.orders ?? 0 }
        : { price: 0, quantity: 0, orders: 0 },
    );
  }
  return out;
}

/**
 * The `data` object of a `market_data` message for one mode (docs/reference/openalgo-api.md §6): LTP carries the price
 * and times; Quote adds the day's numbers; Depth adds the book. `ltt` and `timestamp` are both the
 * tick's exchange time (a unified tick has one). Quote also carries `oi`, `change`, `change_percent`
 * and the Python SDK's names `last_trade_quantity` / `avg_trade_price` — the SDK reads those and would
 * otherwise show zeros.
 */
export function marketDataPayload(
  tick: Readonly<Tick>,
  mode: ModeNumber,
  depthLevels: number,
): Record<string, unknown> {
  const data: Record<string, unknown> = {
    symbol: tick.symbol,
    exchange: tick.exchange,
    mode,
    ltp: tick.ltp,
    ltt: tick.timestamp,
    timestamp: tick.timestamp,
  };
  if (mode === 1) return data;
  const close = tick.close ?? 0;
  const change = tick.change ?? (close > 0 ? round(tick.ltp - close, 4) : 0);
  const lastQuantity = tick.lastQuantity ?? 0;
  const averagePrice = tick.averagePrice ?? 0;
  Object.assign(data, {
    volume: tick.volume ?? 0,
    last_quantity: lastQuantity,
    average_price: averagePrice,
    total_buy_quantity: tick.totalBuyQuantity ?? 0,
    total_sell_quantity: tick.totalSellQuantity ?? 0,
    open: tick.open ?? 0,
    high: tick.high ?? 0,
    low: tick.low ?? 0,
    close,
    oi: tick.oi ?? 0,
    change,
    change_percent: close > 0 ? round((change / close) * 100, 2) : 0,
    last_trade_quantity: lastQuantity,
    avg_trade_price: averagePrice,
  });
  if (mode === 2) return data;
  data.depth = { buy: levelsOf(tick.bids, depthLevels), sell: levelsOf(tick.asks, depthLevels) };
  return data;
}

/**
 * The modes a subscriber receives one tick in: each mode it holds, trimmed from the tick (a Depth
 * tick also serves the LTP and Quote it holds: OpenAlgo delivers a higher-mode tick to lower-mode
 * subscribers, mode rewritten), so a client holding LTP, Quote and Depth of one symbol gets all three
 * — the Python client keeps LTP, quotes and depth in separate tables fed by mode. A mode richer than
 * the tick (a broker that sends only quotes for an index, say) gets the tick in its own mode,
 * labelled honestly rather than padded to look like a book; duplicates collapse, poorest first.
 * `wanted` is a `ModeSet`'s bits (bit m for mode m).
 */
export function deliveryModes(tickMode: ModeNumber, wanted: number): readonly ModeNumber[] {
  return DELIVERY[tickMode][(wanted >> 1) & 7] as readonly ModeNumber[];
}

/** `DELIVERY[tickMode][wanted bits]`: computed once, as every tick of every client asks. */
const DELIVERY: Readonly<Record<ModeNumber, readonly (readonly ModeNumber[])[]>> = {
  1: deliveryTable(1),
  2: deliveryTable(2),
  3: deliveryTable(3),
};

function deliveryTable(tickMode: ModeNumber): ModeNumber[][] {
  const table: ModeNumber[][] = [];
  for (let bits = 0; bits < 8; bits++) {
    const out = new Set<ModeNumber>();
    for (const mode of [1, 2, 3] as const) {
      if (bits & (1 << (mode - 1))) out.add(mode <= tickMode ? mode : tickMode);
    }
    table.push([...out].sort());
  }
  return table;
}

/**
 * The frames of the tick being fanned out. The shared stream hands one tick to all its subscribers
 * in one synchronous loop, so one slot serves every client but the first; a WeakMap would make every
 * tick an ephemeron for the garbage collector to trace.
 */
let lastFrames: TickFrames | undefined;

/**
 * Serialises each (mode, depth) rendering of one tick once, however many sockets receive it: the
 * fan-out cost per extra subscriber is then a map lookup and a socket write.
 */
export class TickFrames {
  readonly mode: ModeNumber;
  /** UTF-8 once per rendering: a string would be encoded again by every socket it is written to. */
  private readonly cache = new Map<number, Buffer>();

  /**
   * The frames of `tick`, shared by every client it reaches: the shared market stream hands one
   * object to all of a tick's subscribers, so identity says "same tick".
   */
  static of(tick: Readonly<Tick>, broker: string): TickFrames {
    const last = lastFrames;
    if (last !== undefined && last.tick === tick && last.broker === broker) return last;
    lastFrames = new TickFrames(tick, broker);
    return lastFrames;
  }

  /** The tick's `instrumentKey`, built once rather than by every client it reaches. */
  readonly key: string;

  constructor(
    readonly tick: Readonly<Tick>,
    readonly broker: string,
  ) {
    this.mode = rankOf(tick.mode);
    this.key = instrumentKey(tick);
  }

  /** The `market_data` frame in `mode`, as UTF-8 text to send as a text frame. */
  frame(mode: ModeNumber, depthLevels: number): Buffer {
    const cacheKey = mode === 3 ? 3 * 1000 + depthLevels : mode;
    let text = this.cache.get(cacheKey);
    if (text === undefined) {
      const json = JSON.stringify({
        type: 'market_data',
        symbol: this.tick.symbol,
        exchange: this.tick.exchange,
        mode,
        broker: this.broker,
        data: marketDataPayload(this.tick, mode, depthLevels),
      });
      text = Buffer.from(json, 'utf8');
      this.cache.set(cacheKey, text);
    }
    return text;
  }
}
