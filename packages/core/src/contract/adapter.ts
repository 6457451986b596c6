import { z } from 'zod';
import { ActionSchema, ExchangeSchema, PriceTypeSchema, ProductSchema } from '../model/enums.js';
import type { Gtt, GttAck, GttModifyRequest, GttRequest } from '../model/gtt.js';
import type { Instrument } from '../model/instrument.js';
import type { Candle, Depth, HistoryRequest, Quote, StreamMode, Tick } from '../model/market.js';
import { PositiveIntSchema, PriceSchema } from '../model/numbers.js';
import {
  type InstrumentRef,
  type ModifyRequest,
  type Order,
  type OrderAck,
  SymbolSchema,
  type TaggedOrderRequest,
  type Trade,
} from '../model/order.js';
import type { Funds, Holding, Position } from '../model/portfolio.js';
import type { BrokerManifest } from './manifest.js';

export interface CallOptions {
  /** Cancels the call; an aborted write is still treated as possibly delivered. */
  signal?: AbortSignal;
}

/** Margin for a hypothetical basket (optional capability): one leg. */
export const MarginLegSchema = z.object({
  symbol: SymbolSchema,
  exchange: ExchangeSchema,
  action: ActionSchema,
  quantity: PositiveIntSchema,
  product: ProductSchema,
  priceType: PriceTypeSchema,
  price: PriceSchema.default(0),
  triggerPrice: PriceSchema.default(0),
});
export type MarginLeg = z.infer<typeof MarginLegSchema>;
export interface MarginResult {
  totalMarginRequired: number;
  spanMargin: number;
  exposureMargin: number;
  raw: unknown;
}

export type Unsubscribe = () => void;

export interface StreamStatus {
  state: 'connecting' | 'open' | 'reconnecting' | 'closed';
  reason?: string;
}

/** A live market feed. Subscriptions survive reconnects; the adapter resubscribes. */
export interface MarketStream {
  subscribe(instruments: readonly InstrumentRef[], mode: StreamMode): Promise<void>;
  unsubscribe(instruments: readonly InstrumentRef[]): Promise<void>;
  onTick(listener: (tick: Tick) => void): Unsubscribe;
  onStatus(listener: (status: StreamStatus) => void): Unsubscribe;
  close(): Promise<void>;
}

/** Account-wide order updates as they happen. */
export interface OrderStream {
  onOrder(listener: (order: Order) => void): Unsubscribe;
  onStatus(listener: (status: StreamStatus) => void): Unsubscribe;
  close(): Promise<void>;
}

/**
 * One logged-in broker account, as consumers see it. Primitives only (docs/architecture.md §2): composite operations
 * live once in core's `trading/` services. Every method speaks the unified model; every failure is an
 * `OpenAlgoError`. Symbols are OpenAlgo symbols; an unknown one fails with SYMBOL_NOT_FOUND before
 * any request leaves the process. What `plugin.create` returns is already behind the contract
 * boundary (`guardAdapter`): inputs parsed, undeclared methods refused with NOT_SUPPORTED, an expired
 * session refused, and every error names the broker. Ask `supports(manifest, name)` before calling a
 * method the broker may not offer.
 */
export interface BrokerAdapter {
  readonly manifest: BrokerManifest;

  /** Places one order tagged with `clientOrderId`. Never retried internally. */
  placeOrder(request: TaggedOrderRequest, options?: CallOptions): Promise<OrderAck>;
  modifyOrder(request: ModifyRequest, options?: CallOptions): Promise<OrderAck>;
  cancelOrder(orderId: string, options?: CallOptions): Promise<OrderAck>;

  getOrders(options?: CallOptions): Promise<Order[]>;
  /** Latest state of one order; ORDER_NOT_FOUND when the broker does not know it. */
  getOrder(orderId: string, options?: CallOptions): Promise<Order>;
  getTrades(options?: CallOptions): Promise<Trade[]>;
  getPositions(options?: CallOptions): Promise<Position[]>;
  getHoldings(options?: CallOptions): Promise<Holding[]>;
  getFunds(options?: CallOptions): Promise<Funds>;

  /** Quotes in the order asked; the adapter batches to the broker's limit. */
  getQuotes(instruments: readonly InstrumentRef[], options?: CallOptions): Promise<Quote[]>;
  getDepth(instrument: InstrumentRef, options?: CallOptions): Promise<Depth>;
  getHistory(request: HistoryRequest, options?: CallOptions): Promise<Candle[]>;
  /** Streams the broker master as unified rows; callers feed it to an `InstrumentIndex`. */
  downloadInstruments(options?: CallOptions): AsyncIterable<Instrument>;

  marketStream(): MarketStream;
  orderStream(): OrderStream;
  getMargin(legs: readonly MarginLeg[], options?: CallOptions): Promise<MarginResult>;

  /**
   * The gtt capability (optional): standing triggers the broker keeps. Writes are never retried; the
   * request's shape (trigger and leg counts, stop-loss below target) is checked at the boundary, the
   * broker's own side rules (triggers vs the last price) by the broker.
   */
  placeGtt(request: GttRequest, options?: CallOptions): Promise<GttAck>;
  /** Replaces the GTT's triggers, last price and legs as a whole. */
  modifyGtt(request: GttModifyRequest, options?: CallOptions): Promise<GttAck>;
  /** An unknown trigger id fails with ORDER_NOT_FOUND naming it. */
  cancelGtt(triggerId: string, options?: CallOptions): Promise<GttAck>;
  /** Every GTT the broker still lists, whatever its status. */
  getGtts(options?: CallOptions): Promise<Gtt[]>;

  /** Releases sockets and timers. */
  close(): Promise<void>;
}

type AdapterMethods = Omit<BrokerAdapter, 'manifest' | 'close'>;

/**
 * What a broker's `create` returns: the methods its manifest declares (a method whose capability is
 * `false` may be left out), already trusting their inputs — the boundary parsed them.
 */
export type AdapterImplementation = Partial<AdapterMethods> & {
  readonly manifest?: BrokerManifest;
  close?(): Promise<void>;
};
