import type { MarketSnapshot } from '@openalgo/sandbox';
import type { SimulatorSocket } from '@openalgo/testkit/simulator';
import type { KiteInstrument } from './master.js';
import { encodeFrame, encodePacket, type TickData, type TickerMode } from './ticker-encode.js';

/** Kite's cap on instruments per connection. */
export const MAX_TOKENS_PER_CONNECTION = 3000;

function sum(levels: MarketSnapshot['bids']): number {
  let total = 0;
  for (const level of levels) total += level.quantity;
  return total;
}

/** A sandbox snapshot in Kite's tick terms. */
export function tickFromSnapshot(instrument: KiteInstrument, s: MarketSnapshot): TickData {
  const tick = instrument.tickSize > 0 ? instrument.tickSize : 0.05;
  const average = s.volume > 0 ? Math.round((s.high + s.low + s.ltp) / 3 / tick) * tick : 0;
  const seconds = Math.floor(s.timestamp / 1000);
  const level = (l: MarketSnapshot['bids'][number]) => ({
    price: l.price,
    quantity: l.quantity,
    orders: l.orders ?? 1,
  });
  return {
    instrumentToken: instrument.instrumentToken,
    lastPrice: s.ltp,
    lastQuantity: s.lastQuantity,
    averagePrice: average,
    volume: s.volume,
    buyQuantity: sum(s.bids),
    sellQuantity: sum(s.asks),
    open: s.open,
    high: s.high,
    low: s.low,
    close: s.prevClose,
    lastTradeTime: seconds,
    oi: s.oi,
    oiDayHigh: s.oi,
    oiDayLow: s.oi,
    exchangeTimestamp: seconds,
    buy: s.bids.map(level),
    sell: s.asks.map(level),
  };
}

/**
 * One ticker connection: its subscriptions and modes, and the packets waiting to go out. Packets
 * produced in the same turn of the event loop leave together, several per frame, as Kite sends them.
 */
export class TickerConnection {
  readonly modes = new Map<number, TickerMode>();
  private pending: Buffer[] = [];
  private scheduled = false;

  constructor(
    readonly socket: SimulatorSocket,
    readonly accessToken: string,
  ) {}

  subscribe(tokens: readonly number[]): number[] {
    const added: number[] = [];
    for (const token of tokens) {
      if (this.modes.has(token)) continue;
      if (this.modes.size >= MAX_TOKENS_PER_CONNECTION) break;
      this.modes.set(token, 'quote');
      added.push(token);
    }
    return added;
  }

  unsubscribe(tokens: readonly number[]): number[] {
    return tokens.filter((token) => this.modes.delete(token));
  }

  /** Changes the mode of subscribed tokens; tokens not subscribed are ignored (subscribe first). */
  setMode(mode: TickerMode, tokens: readonly number[]): number[] {
    const changed: number[] = [];
    for (const token of tokens) {
      if (!this.modes.has(token)) continue;
      this.modes.set(token, mode);
      changed.push(token);
    }
    return changed;
  }

  push(tick: TickData): void {
    const mode = this.modes.get(tick.instrumentToken);
    if (!mode) return;
    this.pending.push(encodePacket(mode, tick));
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => this.flush());
  }

  sendText(message: unknown): void {
    this.socket.send(JSON.stringify(message));
  }

  private flush(): void {
    this.scheduled = false;
    const packets = this.pending;
    this.pending = [];
    if (packets.length > 0) this.socket.send(encodeFrame(packets));
  }
}
