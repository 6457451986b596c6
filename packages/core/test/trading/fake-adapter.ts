import type { BrokerAdapter } from '../../src/contract/adapter.js';
import { CAPABILITY_NAMES } from '../../src/contract/capabilities.js';
import { type BrokerManifest, BrokerManifestSchema } from '../../src/contract/manifest.js';
import { CONTRACT_VERSION } from '../../src/contract/version.js';
import {
  InvalidOrderError,
  InvalidRequestError,
  NotSupportedError,
} from '../../src/errors/openalgo-error.js';
import { type Exchange, INDEX_EXCHANGES, type OrderStatus } from '../../src/model/enums.js';
import type { Instrument } from '../../src/model/instrument.js';
import type { Candle, Depth, Quote } from '../../src/model/market.js';
import type {
  InstrumentRef,
  ModifyRequest,
  Order,
  OrderAck,
  TaggedOrderRequest,
  Trade,
} from '../../src/model/order.js';
import type { Funds, Holding, Position } from '../../src/model/portfolio.js';
import { type Clock, ManualClock } from '../../src/time/clock.js';
import { toIstIso } from '../../src/time/ist.js';
import {
  type FakeMethod,
  type FakeWriteMethod,
  FaultPlan,
  type LoseResponseOptions,
  lostResponseError,
  unavailableError,
} from './fake-faults.js';
import { FakeLedger, type PositionSeed } from './fake-ledger.js';
import { FakeOrderBook, type FillPart } from './fake-order-book.js';

export interface FakeCall {
  method: FakeMethod;
  args: readonly unknown[];
}

export interface FakeAdapterOptions {
  clock?: Clock;
  brokerId?: string;
  /** Fill price for instruments without a price set. */
  defaultPrice?: number;
  /** Some brokers leave the average price off the order book; set false to imitate them. */
  ordersCarryAveragePrice?: boolean;
  /** Rows served by downloadInstruments. */
  instruments?: readonly Instrument[];
}

/** Not implemented by the fake, so not claimed. */
const STREAMING_AND_MARGIN = new Set(['marketStream', 'orderStream', 'getMargin']);

function fakeManifest(id: string): BrokerManifest {
  return BrokerManifestSchema.parse({
    id,
    name: 'Fake broker',
    contract: CONTRACT_VERSION,
    exchanges: ['NSE', 'BSE', 'NFO', 'BFO', 'CDS', 'MCX', 'NSE_INDEX'],
    auth: 'none',
    capabilities: Object.fromEntries(
      CAPABILITY_NAMES.filter((name) => !STREAMING_AND_MARGIN.has(name)).map((name) => [name, true]),
    ),
    priceTypes: ['MARKET', 'LIMIT', 'SL', 'SL-M'],
    products: ['CNC', 'NRML', 'MIS'],
  });
}

/**
 * An in-memory broker account implementing BrokerAdapter: an order book with statuses, MARKET
 * orders filling at once at a settable price (trades and positions follow), LIMIT orders resting as
 * `open`, SL/SL-M as `trigger_pending`. Every call is logged in `calls`, and a fault plan makes
 * chosen calls fail, fail after taking effect ("lost response"), or wait for a test-held gate.
 */
export class FakeBrokerAdapter implements BrokerAdapter {
  readonly manifest: BrokerManifest;
  /** Every adapter call in the order it arrived, before any fault or gate applies. */
  readonly calls: FakeCall[] = [];
  readonly faults = new FaultPlan();
  private readonly clock: Clock;
  private readonly options: Required<Omit<FakeAdapterOptions, 'clock' | 'brokerId'>>;
  private readonly ledger = new FakeLedger();
  private readonly book: FakeOrderBook;
  private readonly prices = new Map<string, number>();

  constructor(options: FakeAdapterOptions = {}) {
    this.clock = options.clock ?? new ManualClock();
    this.manifest = fakeManifest(options.brokerId ?? 'fake');
    this.options = {
      defaultPrice: options.defaultPrice ?? 100,
      ordersCarryAveragePrice: options.ordersCarryAveragePrice ?? true,
      instruments: options.instruments ?? [],
    };
    this.book = new FakeOrderBook({
      brokerId: this.manifest.id,
      ledger: this.ledger,
      priceOf: (ref) => this.priceOf(ref),
      now: () => toIstIso(this.clock.now()),
    });
  }

  // ---- programming the fake -------------------------------------------------------------------

  setPrice(symbol: string, exchange: Exchange, price: number): void {
    this.prices.set(`${exchange}:${symbol}`, price);
  }

  /** The next call of `method` throws `error` without any effect. */
  failNext(method: FakeMethod, error: unknown): void {
    this.faults.add(method, { kind: 'fail', error });
  }

  /** The next `n` getOrders calls fail (default: BROKER_UNAVAILABLE). */
  failGetOrders(n: number, error: unknown = unavailableError('getOrders')): void {
    for (let i = 0; i < n; i++) this.failNext('getOrders', error);
  }

  /** The next write takes effect at the "broker", then the caller gets an ambiguous error. */
  acceptThenLoseResponse(method: FakeWriteMethod, options: LoseResponseOptions = {}): void {
    this.faults.add(method, {
      kind: 'applyThenFail',
      error: options.error ?? lostResponseError(method),
      hiddenForLookups: options.hiddenForLookups ?? 0,
    });
  }

  /** The next order is booked as rejected by the broker's RMS, then the response is lost. */
  rejectThenLoseResponse(reason = 'RMS: margin exceeds', options: LoseResponseOptions = {}): void {
    this.faults.add('placeOrder', {
      kind: 'applyThenFail',
      error: options.error ?? lostResponseError('placeOrder'),
      hiddenForLookups: options.hiddenForLookups ?? 0,
      rejectReason: reason,
    });
  }

  /** The next call of `method` waits for `gate` to settle before doing anything. */
  delayNext(method: FakeMethod, gate: PromiseLike<unknown>): void {
    this.faults.addGate(method, gate);
  }

  seedPosition(seed: PositionSeed): void {
    this.ledger.seed(seed);
  }

  /** Puts an order straight on the book (any status), as if placed earlier elsewhere. */
  seedOrder(request: TaggedOrderRequest, status: OrderStatus = 'open'): Order {
    return this.book.seed(request, status);
  }

  /** Fills a working order, all of it at the current price by default, or in the given parts. */
  fill(orderId: string, parts?: readonly FillPart[]): void {
    this.book.fill(orderId, parts);
  }

  // ---- inspecting the fake -------------------------------------------------------------------

  callsTo(method: FakeMethod): FakeCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Every order on the book, hidden ones included (the "broker's" truth, not what getOrders shows). */
  orders(): Order[] {
    return this.book.all();
  }

  ordersWithClientOrderId(clientOrderId: string): Order[] {
    return this.orders().filter((o) => o.clientOrderId === clientOrderId);
  }

  // ---- BrokerAdapter ------------------------------------------------------------------------

  async placeOrder(request: TaggedOrderRequest): Promise<OrderAck> {
    const fault = await this.enter('placeOrder', [request]);
    if (!request.clientOrderId) throw new InvalidRequestError('fake: placeOrder needs a clientOrderId');
    if (INDEX_EXCHANGES.has(request.exchange)) {
      throw new InvalidOrderError(`fake: ${request.exchange} instruments cannot be traded`);
    }
    const order = this.book.accept(request, fault ?? {});
    if (fault) throw fault.error;
    return { orderId: order.orderId, clientOrderId: request.clientOrderId, raw: { fake: true } };
  }

  async modifyOrder(request: ModifyRequest): Promise<OrderAck> {
    const fault = await this.enter('modifyOrder', [request]);
    this.book.modify(request);
    if (fault) throw fault.error;
    return { orderId: request.orderId, raw: { fake: true } };
  }

  async cancelOrder(orderId: string): Promise<OrderAck> {
    const fault = await this.enter('cancelOrder', [orderId]);
    this.book.cancel(orderId);
    if (fault) throw fault.error;
    return { orderId, raw: { fake: true } };
  }

  async getOrders(): Promise<Order[]> {
    await this.enter('getOrders', []);
    return this.book.lookup().map((o) => this.reported(o));
  }

  async getOrder(orderId: string): Promise<Order> {
    await this.enter('getOrder', [orderId]);
    return this.reported(this.book.get(orderId));
  }

  async getTrades(): Promise<Trade[]> {
    await this.enter('getTrades', []);
    return this.ledger.trades();
  }

  async getPositions(): Promise<Position[]> {
    await this.enter('getPositions', []);
    return this.ledger.positions((symbol, exchange) => this.priceOf({ symbol, exchange }));
  }

  async getHoldings(): Promise<Holding[]> {
    await this.enter('getHoldings', []);
    return [];
  }

  async getFunds(): Promise<Funds> {
    await this.enter('getFunds', []);
    const zero = { collateral: 0, m2mRealised: 0, m2mUnrealised: 0, utilisedDebits: 0 };
    return { availableCash: 1_000_000, ...zero, raw: { fake: true } };
  }

  async getQuotes(instruments: readonly InstrumentRef[]): Promise<Quote[]> {
    await this.enter('getQuotes', [instruments]);
    return instruments.map((ref) => ({
      ...ref,
      ...this.flatMarket(ref),
      bid: this.priceOf(ref),
      ask: this.priceOf(ref),
    }));
  }

  async getDepth(instrument: InstrumentRef): Promise<Depth> {
    await this.enter('getDepth', [instrument]);
    const level = [{ price: this.priceOf(instrument), quantity: 0 }];
    const totals = { ltq: 0, totalBuyQuantity: 0, totalSellQuantity: 0 };
    return { ...instrument, ...this.flatMarket(instrument), ...totals, bids: level, asks: level };
  }

  async getHistory(): Promise<Candle[]> {
    await this.enter('getHistory', []);
    return [];
  }

  async *downloadInstruments(): AsyncIterable<Instrument> {
    await this.enter('downloadInstruments', []);
    yield* this.options.instruments.map((row) => structuredClone(row));
  }

  // ---- internals ----------------------------------------------------------------------------

  /** Logs the call, waits for its gate, then applies its fault: `fail` throws, the rest is returned. */
  private async enter(method: FakeMethod, args: readonly unknown[]) {
    this.calls.push({ method, args: structuredClone(args) });
    const gate = this.faults.takeGate(method);
    if (gate) await gate;
    const fault = this.faults.takeFault(method);
    if (fault?.kind === 'fail') throw fault.error;
    return fault;
  }

  private reported(order: Order): Order {
    return this.options.ordersCarryAveragePrice ? order : { ...order, averagePrice: 0 };
  }

  /** A market that has not moved all day: every price field is the set price. */
  private flatMarket(ref: InstrumentRef) {
    const ltp = this.priceOf(ref);
    return { ltp, open: ltp, high: ltp, low: ltp, prevClose: ltp, volume: 0, oi: 0, raw: { fake: true } };
  }

  private priceOf(ref: { symbol: string; exchange: Exchange }): number {
    return this.prices.get(`${ref.exchange}:${ref.symbol}`) ?? this.options.defaultPrice;
  }

  // Streams and margin are declared false in this fake's manifest: behind the boundary they answer
  // NOT_SUPPORTED, and so do they here when a test calls the fake directly.
  marketStream(): never {
    throw new NotSupportedError('fake: marketStream');
  }

  orderStream(): never {
    throw new NotSupportedError('fake: orderStream');
  }

  async getMargin(): Promise<never> {
    throw new NotSupportedError('fake: getMargin');
  }

  async close(): Promise<void> {}
}
