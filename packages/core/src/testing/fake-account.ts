import type { Capability, CapabilityName } from '../contract/capabilities.js';
import type { BrokerManifest } from '../contract/manifest.js';
import type { OrderStatus } from '../model/enums.js';
import type { Gtt, GttStatus } from '../model/gtt.js';
import type { Instrument } from '../model/instrument.js';
import type { Candle, Depth, Quote } from '../model/market.js';
import type { InstrumentRef, Order, TaggedOrderRequest, Trade } from '../model/order.js';
import type { Funds, Holding, Position } from '../model/portfolio.js';
import { type Clock, ManualClock } from '../time/clock.js';
import { toIstIso } from '../time/ist.js';
import {
  type FailurePredicate,
  type FakeMethod,
  type FakeWriteMethod,
  FaultPlan,
  type LoseResponseOptions,
  lostResponseError,
  unavailableError,
} from './fake-faults.js';
import { FakeGttBook } from './fake-gtt-book.js';
import { FakeLedger, type PositionSeed } from './fake-ledger.js';
import { FakeMarket, type MarketShape } from './fake-market.js';
import { FakeOrderBook, type FillPart } from './fake-order-book.js';
import type { FakeMarketStream, FakeOrderStream } from './fake-streams.js';
import { type FakeManifestOverrides, fakeManifest } from './manifest.js';

export interface FakeAdapterOptions {
  /** The broker's clock: order and fill timestamps, session expiry behind `guarded()`. */
  clock?: Clock;
  /** Manifest fields to change (id, capabilities, exchanges…); see `fakeManifest`. */
  manifest?: FakeManifestOverrides;
  /** Price of instruments without one set (default 100); `null` makes them SYMBOL_NOT_FOUND. */
  defaultPrice?: number | null;
  /** How quotes and depth derive from a price (default: a flat market, see `FLAT_MARKET`). */
  market?: Partial<MarketShape>;
  /** Some brokers leave the average price off the order book; set false to imitate them. */
  ordersCarryAveragePrice?: boolean;
  /** The broker's id for its n-th order (default 260105000001, 260105000002…). */
  orderId?: (seq: number) => string;
  /** Rows served by downloadInstruments. */
  instruments?: readonly Instrument[];
  funds?: Funds;
  holdings?: readonly Holding[];
  /** Candles getHistory answers, whatever is asked. */
  candles?: readonly Candle[];
}

export interface FakeCall {
  method: FakeMethod;
  /** A copy of the method's inputs as they arrived (call options left out). */
  args: readonly unknown[];
}

const DEFAULT_FUNDS: Funds = {
  availableCash: 1_000_000,
  collateral: 0,
  m2mRealised: 0,
  m2mUnrealised: 0,
  utilisedDebits: 0,
  raw: { fake: true },
};

/** Everything `reset()` starts afresh. */
interface AccountState {
  ledger: FakeLedger;
  book: FakeOrderBook;
  gtts: FakeGttBook;
  market: FakeMarket;
  funds: Funds;
  holdings: Holding[];
}

/**
 * The fake broker account behind `FakeAdapter`: its books, market and fault plan, and everything a
 * test does to program or inspect them. The adapter methods live in `FakeAdapter`.
 */
export class FakeAccount {
  manifest: BrokerManifest;
  /** Every adapter call in the order it arrived, before any fault or gate applies. */
  readonly calls: FakeCall[] = [];
  readonly faults = new FaultPlan();
  /** Every market stream opened, oldest first; `stream` is the last. */
  readonly marketStreams: FakeMarketStream[] = [];
  readonly orderStreams: FakeOrderStream[] = [];
  protected readonly clock: Clock;
  protected state: AccountState;

  constructor(protected readonly options: FakeAdapterOptions = {}) {
    this.clock = options.clock ?? new ManualClock();
    this.manifest = fakeManifest(options.manifest);
    this.state = this.freshState();
  }

  protected get broker(): string {
    return this.manifest.id;
  }

  // ---- programming the fake -------------------------------------------------------------------

  /** Switches capabilities on or off (over the constructor's); an undeclared method answers NOT_SUPPORTED. */
  setCapabilities(capabilities: Partial<Record<CapabilityName, Capability>>): void {
    const base = this.options.manifest ?? {};
    this.manifest = fakeManifest({ ...base, capabilities: { ...base.capabilities, ...capabilities } });
  }

  setPrice(ref: InstrumentRef, price: number): void {
    this.state.market.setPrice(ref, price);
  }

  /** Pins quote fields of one instrument over what the market shape derives. */
  setQuote(ref: InstrumentRef, fields: Partial<Omit<Quote, 'symbol' | 'exchange'>>): void {
    this.state.market.setQuote(ref, fields);
  }

  setDepth(ref: InstrumentRef, fields: Partial<Omit<Depth, 'symbol' | 'exchange'>>): void {
    this.state.market.setDepth(ref, fields);
  }

  /** The next call of `method` throws `error` without any effect. */
  failNext(method: FakeMethod, error: unknown): void {
    this.faults.add(method, { kind: 'fail', error });
  }

  /** The next `n` getOrders calls fail (default: BROKER_UNAVAILABLE). */
  failGetOrders(n: number, error: unknown = unavailableError('getOrders', this.broker)): void {
    for (let i = 0; i < n; i++) this.failNext('getOrders', error);
  }

  /** Every call of `method` throws `error` until `clearFaults`. */
  failAlways(method: FakeMethod, error: unknown): void {
    this.faults.always(method, error);
  }

  /** Every call of every method throws `error` until `clearFaults`. */
  failAll(error: unknown): void {
    this.faults.all(error);
  }

  /** Decides per call (method and its arguments) whether it fails, until `clearFaults`. */
  failWhen(predicate: FailurePredicate): void {
    this.faults.when(predicate);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** The next write takes effect at the "broker", then the caller gets an ambiguous error. */
  acceptThenLoseResponse(method: FakeWriteMethod, options: LoseResponseOptions = {}): void {
    this.faults.add(method, {
      kind: 'applyThenFail',
      error: options.error ?? lostResponseError(method, this.broker),
      hiddenForLookups: options.hiddenForLookups ?? 0,
    });
  }

  /** The next order is booked as rejected by the broker's RMS, then the response is lost. */
  rejectThenLoseResponse(reason = 'RMS: margin exceeds', options: LoseResponseOptions = {}): void {
    this.faults.add('placeOrder', {
      kind: 'applyThenFail',
      error: options.error ?? lostResponseError('placeOrder', this.broker),
      hiddenForLookups: options.hiddenForLookups ?? 0,
      rejectReason: reason,
    });
  }

  /** The next call of `method` waits for `gate` to settle before doing anything. */
  delayNext(method: FakeMethod, gate: PromiseLike<unknown>): void {
    this.faults.addGate(method, gate);
  }

  seedPosition(seed: PositionSeed): void {
    this.state.ledger.seed(seed);
  }

  /** Puts an order straight on the book (any status), as if placed earlier elsewhere. */
  seedOrder(request: TaggedOrderRequest, status: OrderStatus = 'open'): Order {
    return this.state.book.seed(request, status);
  }

  /** Replaces the order book with exactly these orders; cancel, modify and fill work on them. */
  setOrders(orders: readonly Order[]): void {
    this.state.book.set(orders);
  }

  /** Replaces the trade book with exactly these rows. */
  setTrades(trades: readonly Trade[]): void {
    this.state.ledger.setTrades(trades);
  }

  /** Replaces the position book with exactly these rows. */
  setPositions(positions: readonly Position[]): void {
    this.state.ledger.setPositions(positions);
  }

  setHoldings(holdings: readonly Holding[]): void {
    this.state.holdings = structuredClone([...holdings]);
  }

  setFunds(funds: Funds): void {
    this.state.funds = structuredClone(funds);
  }

  setCandles(candles: readonly Candle[]): void {
    this.state.market.candles = structuredClone([...candles]);
  }

  /** Fills a working order, all of it at the current price by default, or in the given parts. */
  fill(orderId: string, parts?: readonly FillPart[]): void {
    this.state.book.fill(orderId, parts);
  }

  /** Moves a GTT on as the broker would (e.g. `triggered` with the order it placed). */
  settleGtt(triggerId: string, status: GttStatus, orderIds: readonly string[] = []): Gtt {
    return this.state.gtts.settle(triggerId, status, orderIds);
  }

  /** Back to a new fake: empty books, no calls, faults, streams or prices, the constructor's manifest. */
  reset(): void {
    this.state = this.freshState();
    this.calls.length = 0;
    this.faults.clear();
    this.marketStreams.length = 0;
    this.orderStreams.length = 0;
    this.manifest = fakeManifest(this.options.manifest);
  }

  // ---- inspecting the fake -------------------------------------------------------------------

  callsTo(method: FakeMethod): FakeCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Every order on the book, hidden ones included (the "broker's" truth, not what getOrders shows). */
  orders(): Order[] {
    return this.state.book.all();
  }

  /** Every GTT the fake holds, whatever its status. */
  gtts(): Gtt[] {
    return this.state.gtts.list();
  }

  ordersWithClientOrderId(clientOrderId: string): Order[] {
    return this.orders().filter((o) => o.clientOrderId === clientOrderId);
  }

  /** The market stream opened last. */
  get stream(): FakeMarketStream {
    const stream = this.marketStreams.at(-1);
    if (!stream) throw new Error('no market stream was opened');
    return stream;
  }

  private freshState(): AccountState {
    const ledger = new FakeLedger();
    const market = new FakeMarket({
      broker: this.manifest.id,
      defaultPrice: this.options.defaultPrice === undefined ? 100 : this.options.defaultPrice,
      ...(this.options.market ? { shape: this.options.market } : {}),
      ...(this.options.candles ? { candles: this.options.candles } : {}),
    });
    const book = new FakeOrderBook({
      brokerId: this.manifest.id,
      ledger,
      priceOf: (ref) => market.priceOf(ref),
      now: () => toIstIso(this.clock.now()),
      orderId: this.options.orderId ?? ((seq) => String(260105000000 + seq)),
      changed: (order) => {
        for (const stream of this.orderStreams) stream.emit(order);
      },
    });
    const gtts = new FakeGttBook({ brokerId: this.manifest.id, now: () => toIstIso(this.clock.now()) });
    return {
      ledger,
      book,
      gtts,
      market,
      funds: structuredClone(this.options.funds ?? DEFAULT_FUNDS),
      holdings: structuredClone([...(this.options.holdings ?? [])]),
    };
  }
}
