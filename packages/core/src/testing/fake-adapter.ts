import type { BrokerAdapter, MarginLeg, MarginResult } from '../contract/adapter.js';
import { guardAdapter } from '../contract/boundary.js';
import { supports } from '../contract/capabilities.js';
import { InvalidRequestError, NotSupportedError } from '../errors/openalgo-error.js';
import type { Gtt, GttAck, GttModifyRequest, GttRequest } from '../model/gtt.js';
import type { Instrument } from '../model/instrument.js';
import type { Candle, Depth, HistoryRequest, Quote } from '../model/market.js';
import type {
  InstrumentRef,
  ModifyRequest,
  Order,
  OrderAck,
  TaggedOrderRequest,
  Trade,
} from '../model/order.js';
import type { Funds, Holding, Position } from '../model/portfolio.js';
import { assertTradable } from '../model/price-rules.js';
import type { Session } from '../model/session.js';
import { FakeAccount, type FakeAdapterOptions } from './fake-account.js';
import type { FakeMethod, Fault } from './fake-faults.js';

type LostResponse = Extract<Fault, { kind: 'applyThenFail' }>;

import { FakeMarketStream, FakeOrderStream } from './fake-streams.js';

/**
 * An in-memory broker account implementing every `BrokerAdapter` method: an order book with statuses,
 * MARKET orders filling at once at a settable price (trades and positions follow), LIMIT orders
 * resting as `open`, SL/SL-M as `trigger_pending`; quotes and depth derived from prices; market and
 * order streams the test drives (the order stream also carries every book change); margin at full
 * notional value. Every call is logged in `calls`, and the fault plan makes chosen calls fail, fail
 * after taking effect ("lost response"), or wait for a test-held gate.
 *
 * Handed to a consumer as it is, the fake answers an undeclared method with NOT_SUPPORTED the way the
 * contract boundary does, and trusts its inputs; `guarded()` puts it behind the real boundary.
 */
export class FakeAdapter extends FakeAccount implements BrokerAdapter {
  constructor(options: FakeAdapterOptions = {}) {
    super(options);
  }

  /**
   * This fake behind core's contract boundary (`guardAdapter`): inputs parsed, session expiry checked
   * on the fake's clock, the broker stamped on errors. Built from the manifest as it is now.
   */
  guarded(options: { session?: Session } = {}): BrokerAdapter {
    return guardAdapter(this, {
      manifest: this.manifest,
      clock: this.clock,
      ...(options.session ? { session: options.session } : {}),
    });
  }

  async placeOrder(request: TaggedOrderRequest): Promise<OrderAck> {
    const fault = await this.enter('placeOrder', [request]);
    if (!request.clientOrderId) {
      throw new InvalidRequestError(`${this.broker}: placeOrder needs a clientOrderId`);
    }
    assertTradable(request.exchange, 'exchange', request.symbol);
    const order = this.state.book.accept(request, fault ?? {});
    if (fault) throw fault.error;
    return { orderId: order.orderId, clientOrderId: request.clientOrderId, raw: { fake: true } };
  }

  async modifyOrder(request: ModifyRequest): Promise<OrderAck> {
    const fault = await this.enter('modifyOrder', [request]);
    this.state.book.modify(request);
    if (fault) throw fault.error;
    return { orderId: request.orderId, raw: { fake: true } };
  }

  async cancelOrder(orderId: string): Promise<OrderAck> {
    const fault = await this.enter('cancelOrder', [orderId]);
    this.state.book.cancel(orderId);
    if (fault) throw fault.error;
    return { orderId, raw: { fake: true } };
  }

  async getOrders(): Promise<Order[]> {
    await this.enter('getOrders', []);
    return this.state.book.lookup().map((o) => this.reported(o));
  }

  async getOrder(orderId: string): Promise<Order> {
    await this.enter('getOrder', [orderId]);
    return this.reported(this.state.book.get(orderId));
  }

  async getTrades(): Promise<Trade[]> {
    await this.enter('getTrades', []);
    return this.state.ledger.trades();
  }

  async getPositions(): Promise<Position[]> {
    await this.enter('getPositions', []);
    const { ledger, market } = this.state;
    return ledger.positions((symbol, exchange) => market.priceOf({ symbol, exchange }));
  }

  async getHoldings(): Promise<Holding[]> {
    await this.enter('getHoldings', []);
    return structuredClone(this.state.holdings);
  }

  async getFunds(): Promise<Funds> {
    await this.enter('getFunds', []);
    return structuredClone(this.state.funds);
  }

  async getQuotes(instruments: readonly InstrumentRef[]): Promise<Quote[]> {
    await this.enter('getQuotes', [instruments]);
    return instruments.map((ref) => this.state.market.quote(ref));
  }

  async getDepth(instrument: InstrumentRef): Promise<Depth> {
    await this.enter('getDepth', [instrument]);
    return this.state.market.depth(instrument);
  }

  async getHistory(request: HistoryRequest): Promise<Candle[]> {
    await this.enter('getHistory', [request]);
    return structuredClone(this.state.market.candles);
  }

  async *downloadInstruments(): AsyncIterable<Instrument> {
    await this.enter('downloadInstruments', []);
    yield* (this.options.instruments ?? []).map((row) => structuredClone(row));
  }

  /** The fake requires the full notional value of each leg (its price, or the market's). */
  async getMargin(legs: readonly MarginLeg[]): Promise<MarginResult> {
    await this.enter('getMargin', [legs]);
    const total = legs.reduce(
      (sum, leg) => sum + leg.quantity * (leg.price > 0 ? leg.price : this.state.market.priceOf(leg)),
      0,
    );
    return { totalMarginRequired: total, spanMargin: total, exposureMargin: 0, raw: { fake: true } };
  }

  async placeGtt(request: GttRequest): Promise<GttAck> {
    const fault = await this.enter('placeGtt', [request]);
    const gtt = this.state.gtts.place(request);
    if (fault) throw fault.error;
    return { triggerId: gtt.triggerId, raw: { fake: true } };
  }

  async modifyGtt(request: GttModifyRequest): Promise<GttAck> {
    const fault = await this.enter('modifyGtt', [request]);
    this.state.gtts.modify(request);
    if (fault) throw fault.error;
    return { triggerId: request.triggerId, raw: { fake: true } };
  }

  async cancelGtt(triggerId: string): Promise<GttAck> {
    const fault = await this.enter('cancelGtt', [triggerId]);
    this.state.gtts.cancel(triggerId);
    if (fault) throw fault.error;
    return { triggerId, raw: { fake: true } };
  }

  async getGtts(): Promise<Gtt[]> {
    await this.enter('getGtts', []);
    return this.state.gtts.list();
  }

  marketStream(): FakeMarketStream {
    this.enterStream('marketStream');
    const stream = new FakeMarketStream();
    this.marketStreams.push(stream);
    return stream;
  }

  orderStream(): FakeOrderStream {
    this.enterStream('orderStream');
    const stream = new FakeOrderStream();
    this.orderStreams.push(stream);
    return stream;
  }

  async close(): Promise<void> {
    await Promise.all([...this.marketStreams, ...this.orderStreams].map((s) => s.close()));
  }

  // ---- internals ----------------------------------------------------------------------------

  /**
   * Refuses an undeclared method, logs the call, waits for its gate, then applies standing failures
   * and the queued fault: `fail` throws, `applyThenFail` is returned for the method to apply first.
   */
  private async enter(method: FakeMethod, args: readonly unknown[]): Promise<LostResponse | undefined> {
    this.refuseUndeclared(method);
    this.calls.push({ method, args: structuredClone(args) });
    const gate = this.faults.takeGate(method);
    if (gate) await gate;
    return this.takeFault(method, args);
  }

  /** Streams open synchronously: no gate, and a lost response makes no sense for them. */
  private enterStream(method: 'marketStream' | 'orderStream'): void {
    this.refuseUndeclared(method);
    this.calls.push({ method, args: [] });
    const fault = this.takeFault(method, []);
    if (fault) throw fault.error;
  }

  private takeFault(method: FakeMethod, args: readonly unknown[]): LostResponse | undefined {
    const standing = this.faults.standingFailure(method, args);
    if (standing) throw standing.error;
    const fault = this.faults.takeFault(method);
    if (fault?.kind === 'fail') throw fault.error;
    return fault;
  }

  private refuseUndeclared(method: FakeMethod): void {
    if (supports(this.manifest, method)) return;
    throw new NotSupportedError(`${this.broker} does not support ${method}`, {
      broker: this.broker,
      details: { capability: method },
    });
  }

  private reported(order: Order): Order {
    return this.options.ordersCarryAveragePrice === false ? { ...order, averagePrice: 0 } : order;
  }
}

/** A fresh fake account; see `FakeAdapter`. */
export function fakeAdapter(options: FakeAdapterOptions = {}): FakeAdapter {
  return new FakeAdapter(options);
}
