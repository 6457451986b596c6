import type { Candle, DepthLevel, Exchange, HistoryRequest, Instrument, InstrumentRef } from '@openalgo/core';

/** A point-in-time view of one instrument's market, everything the matching engine needs. */
export interface MarketSnapshot {
  symbol: string;
  exchange: Exchange;
  ltp: number;
  /** Best bid/ask; 0 when the book is empty on that side. */
  bid: number;
  ask: number;
  /** Five levels each side, best first; quantities bound partial fills. */
  bids: DepthLevel[];
  asks: DepthLevel[];
  open: number;
  high: number;
  low: number;
  prevClose: number;
  volume: number;
  oi: number;
  lastQuantity: number;
  /**
   * The day's circuit band as the source publishes it (the synthetic market does, on the instrument's
   * tick); absent when the source has none, and the engine derives it from the previous close instead.
   * Index feeds have no band.
   */
  lowerCircuit?: number;
  upperCircuit?: number;
  /** Epoch ms of this snapshot (clock time; the synthetic market reports the start of its price step). */
  timestamp: number;
}

export type PriceListener = (snapshot: MarketSnapshot) => void;

/**
 * Where the sandbox gets prices: the seeded synthetic market, or a live adapter's quotes (analyzer
 * mode: real data, simulated execution). The engine only ever reads through this interface.
 */
export interface PriceSource {
  /** Current snapshot; throws SYMBOL_NOT_FOUND for an instrument the source does not carry. */
  snapshot(ref: InstrumentRef): Promise<MarketSnapshot>;
  /** Candles that agree with the snapshots the source has produced or would produce. */
  history(request: HistoryRequest): Promise<Candle[]>;
  /** Instruments this source can price (the sandbox's master). */
  instruments(): AsyncIterable<Instrument>;
  /** Called on every price change of a watched instrument. Returns an unsubscribe function. */
  watch(refs: readonly InstrumentRef[], listener: PriceListener): () => void;
  /**
   * Optional synchronous snapshot for sources that compute prices locally (the synthetic market), so
   * the matching engine's hot path needs no promise per order. Same result and errors as `snapshot`.
   * Sources backed by a network (the live source) do not have it.
   */
  snapshotSync?(ref: InstrumentRef): MarketSnapshot;
  /** Optional: stops every watch loop and stream and releases timers and sockets. */
  close?(): void | Promise<void>;
}
