import {
  type Candle,
  type DepthLevel,
  type HistoryRequest,
  type Instrument,
  type InstrumentRef,
  SymbolNotFoundError,
} from '@openalgo/core';
import type { MarketSnapshot, PriceListener, PriceSource } from '../../src/market/price-source.js';

export interface Quote {
  ltp: number;
  bid?: number;
  ask?: number;
  bids?: DepthLevel[];
  asks?: DepthLevel[];
}

const key = (ref: InstrumentRef) => `${ref.exchange}:${ref.symbol}`;

/**
 * A price source whose prices tests set by hand. Without depth the engine treats the best price
 * as unlimited; pass `bids`/`asks` to test partial fills. `set` notifies watchers synchronously.
 */
export class FakePriceSource implements PriceSource {
  private readonly quotes = new Map<string, MarketSnapshot>();
  private readonly watchers = new Map<string, Set<PriceListener>>();
  snapshotCalls = 0;

  constructor(
    private readonly now: () => number,
    private readonly universe: Instrument[] = [],
  ) {}

  set(ref: InstrumentRef, quote: Quote): MarketSnapshot {
    const snapshot: MarketSnapshot = {
      symbol: ref.symbol,
      exchange: ref.exchange,
      ltp: quote.ltp,
      bid: quote.bid ?? quote.bids?.[0]?.price ?? quote.ltp,
      ask: quote.ask ?? quote.asks?.[0]?.price ?? quote.ltp,
      bids: quote.bids ?? [],
      asks: quote.asks ?? [],
      open: quote.ltp,
      high: quote.ltp,
      low: quote.ltp,
      prevClose: quote.ltp,
      volume: 1000,
      oi: 0,
      lastQuantity: 1,
      timestamp: this.now(),
    };
    this.quotes.set(key(ref), snapshot);
    for (const listener of [...(this.watchers.get(key(ref)) ?? [])]) listener(snapshot);
    return snapshot;
  }

  /** The market back door's shape: ltp with a one-tick spread. */
  setPrice(ref: InstrumentRef, price: number): void {
    this.set(ref, { ltp: price, bid: price, ask: price });
  }

  async snapshot(ref: InstrumentRef): Promise<MarketSnapshot> {
    this.snapshotCalls++;
    const snapshot = this.quotes.get(key(ref));
    if (!snapshot) throw new SymbolNotFoundError(`No price for ${ref.symbol} on ${ref.exchange}`);
    return {
      ...snapshot,
      bids: snapshot.bids.map((l) => ({ ...l })),
      asks: snapshot.asks.map((l) => ({ ...l })),
    };
  }

  async history(_request: HistoryRequest): Promise<Candle[]> {
    return [];
  }

  async *instruments(): AsyncIterable<Instrument> {
    yield* this.universe;
  }

  watch(refs: readonly InstrumentRef[], listener: PriceListener): () => void {
    for (const ref of refs) {
      const set = this.watchers.get(key(ref)) ?? new Set();
      set.add(listener);
      this.watchers.set(key(ref), set);
    }
    return () => {
      for (const ref of refs) this.watchers.get(key(ref))?.delete(listener);
    };
  }

  watcherCount(ref: InstrumentRef): number {
    return this.watchers.get(key(ref))?.size ?? 0;
  }
}
