import {
  type BrokerAdapter,
  type BrokerManifest,
  type CallOptions,
  type Candle,
  type Depth,
  type Funds,
  type Gtt,
  type GttAck,
  type GttModifyRequest,
  type GttRequest,
  type HistoryRequest,
  type Holding,
  type Instrument,
  type InstrumentLookup,
  type InstrumentRef,
  InvalidOrderError,
  InvalidRequestError,
  type Logger,
  type MarginLeg,
  type MarginResult,
  type MarketStream,
  type ModifyRequest,
  type Order,
  type OrderAck,
  type OrderStream,
  type Position,
  type Quote,
  type TaggedOrderRequest,
  type Trade,
} from '@openalgo/core';
import type { SandboxEngine } from './engine/engine.js';
import type { OrderRecord } from './engine/records.js';
import { toGtt, toGttAck, toGttInput } from './gtt-mapping.js';
import type { SandboxOp } from './harness-hooks.js';
import { SANDBOX_MANIFEST } from './manifest.js';
import { toDepth, toFunds, toHolding, toOrder, toPosition, toQuote, toTrade } from './mapping.js';
import { basketMargin } from './margin-calculator.js';
import type { MarketSnapshot, PriceSource } from './market/price-source.js';
import { SandboxMarketStream } from './market-stream.js';
import { SandboxOrderStream } from './order-stream.js';
import { assertSandboxSession, runSandboxCall, type SandboxCallContext } from './sandbox-call.js';

export interface SandboxAdapterOptions extends SandboxCallContext {
  engine: SandboxEngine;
  priceSource: PriceSource;
  instruments: InstrumentLookup;
  logger: Logger;
  /** Called once by `close`. */
  onClose?: () => Promise<void>;
}

function ack(record: OrderRecord): OrderAck {
  return record.tag === undefined
    ? { orderId: record.orderId, raw: record }
    : { orderId: record.orderId, clientOrderId: record.tag, raw: record };
}

/**
 * The sandbox broker's adapter: the unified contract over the paper-trading engine.
 *
 * placeOrder answers with the order id even when the engine rejected the order (insufficient funds,
 * product rules…): like Kite or Angel, the order is in the book as REJECTED with the reason in
 * `statusMessage`, and `ack.raw` carries the recorded order. Malformed input never arrives: the
 * contract boundary (`guardAdapter`) parsed it; an unknown symbol is SYMBOL_NOT_FOUND before the engine.
 */
export class SandboxAdapter implements BrokerAdapter {
  readonly manifest: BrokerManifest = SANDBOX_MANIFEST;
  readonly engine: SandboxEngine;
  private readonly options: SandboxAdapterOptions;
  private readonly streams = new Set<{ close(): Promise<void> }>();
  private closed = false;

  constructor(options: SandboxAdapterOptions) {
    this.options = options;
    this.engine = options.engine;
  }

  async placeOrder(request: TaggedOrderRequest, options?: CallOptions): Promise<OrderAck> {
    this.assertSession();
    const instrument = this.resolve(request);
    const record = await this.call('placeOrder', request, options, () =>
      this.engine.placeOrder({
        instrument,
        action: request.action,
        quantity: request.quantity,
        priceType: request.priceType,
        product: request.product,
        price: request.price ?? 0,
        triggerPrice: request.triggerPrice ?? 0,
        tag: request.clientOrderId,
      }),
    );
    return ack(record);
  }

  async modifyOrder(request: ModifyRequest, options?: CallOptions): Promise<OrderAck> {
    this.assertSession();
    const instrument = this.resolve(request);
    const record = await this.call('modifyOrder', request, options, async () => {
      const current = await this.engine.order(request.orderId);
      for (const field of ['symbol', 'exchange', 'action', 'product'] as const) {
        if (request[field] !== undefined && request[field] !== current[field]) {
          throw new InvalidOrderError(
            `Can't modify order ${current.orderId}: its ${field} is ${current[field]}, not ${request[field]}; ` +
              'cancel it and place a new order instead',
            { broker: 'sandbox', field },
          );
        }
      }
      return this.engine.modifyOrder({
        orderId: request.orderId,
        quantity: request.quantity,
        priceType: request.priceType,
        price: request.price ?? 0,
        triggerPrice: request.triggerPrice ?? 0,
        tickSize: instrument.tickSize,
      });
    });
    return ack(record);
  }

  async cancelOrder(orderId: string, options?: CallOptions): Promise<OrderAck> {
    this.assertSession();
    return ack(await this.call('cancelOrder', { orderId }, options, () => this.engine.cancelOrder(orderId)));
  }

  async getOrders(options?: CallOptions): Promise<Order[]> {
    this.assertSession();
    return (await this.call('getOrders', {}, options, () => this.engine.orders())).map(toOrder);
  }

  async getOrder(orderId: string, options?: CallOptions): Promise<Order> {
    this.assertSession();
    return toOrder(await this.call('getOrder', { orderId }, options, () => this.engine.order(orderId)));
  }

  async getTrades(options?: CallOptions): Promise<Trade[]> {
    this.assertSession();
    return (await this.call('getTrades', {}, options, () => this.engine.trades())).map(toTrade);
  }

  async getPositions(options?: CallOptions): Promise<Position[]> {
    this.assertSession();
    return (await this.call('getPositions', {}, options, () => this.engine.positions())).map(toPosition);
  }

  async getHoldings(options?: CallOptions): Promise<Holding[]> {
    this.assertSession();
    return (await this.call('getHoldings', {}, options, () => this.engine.holdings())).map(toHolding);
  }

  async getFunds(options?: CallOptions): Promise<Funds> {
    this.assertSession();
    return toFunds(await this.call('getFunds', {}, options, () => this.engine.funds()));
  }

  async getQuotes(instruments: readonly InstrumentRef[], options?: CallOptions): Promise<Quote[]> {
    this.assertSession();
    for (const ref of instruments) this.resolve(ref);
    const refs = instruments.map((r) => ({ symbol: r.symbol, exchange: r.exchange }));
    const snapshots = await this.call('getQuotes', refs, options, () =>
      Promise.all(refs.map((ref) => this.options.priceSource.snapshot(ref))),
    );
    return snapshots.map(toQuote);
  }

  async getDepth(instrument: InstrumentRef, options?: CallOptions): Promise<Depth> {
    this.assertSession();
    this.resolve(instrument);
    const ref = { symbol: instrument.symbol, exchange: instrument.exchange };
    return toDepth(await this.call('getDepth', ref, options, () => this.options.priceSource.snapshot(ref)));
  }

  async getMargin(legs: readonly MarginLeg[], options?: CallOptions): Promise<MarginResult> {
    this.assertSession();
    const instruments = legs.map((leg) => this.resolve(leg));
    return this.call('getMargin', legs, options, async () => {
      const snapshots = await Promise.all(legs.map((leg) => this.options.priceSource.snapshot(leg)));
      const priced = legs.map((leg, i) => ({
        leg,
        instrument: instruments[i] as Instrument,
        snapshot: snapshots[i] as MarketSnapshot,
      }));
      return basketMargin(priced, this.engine.settings.leverage);
    });
  }

  /** GTTs rest in the engine and fire on its prices through the order path (engine/gtt-book.ts). */
  async placeGtt(request: GttRequest, options?: CallOptions): Promise<GttAck> {
    this.assertSession();
    const input = toGttInput(this.resolve(request), request);
    return toGttAck(await this.call('placeGtt', request, options, () => this.engine.gtts.place(input)));
  }

  async modifyGtt(request: GttModifyRequest, options?: CallOptions): Promise<GttAck> {
    this.assertSession();
    const input = toGttInput(this.resolve(request), request);
    const modify = () => this.engine.gtts.modify(request.triggerId, input);
    return toGttAck(await this.call('modifyGtt', request, options, modify));
  }

  async cancelGtt(triggerId: string, options?: CallOptions): Promise<GttAck> {
    this.assertSession();
    const cancel = async () => this.engine.gtts.cancel(triggerId);
    return toGttAck(await this.call('cancelGtt', { triggerId }, options, cancel));
  }

  async getGtts(options?: CallOptions): Promise<Gtt[]> {
    this.assertSession();
    const records = await this.call('getGtts', {}, options, async () => this.engine.gtts.list());
    return Promise.all(records.map((record) => toGtt(record, this.engine)));
  }

  async getHistory(request: HistoryRequest, options?: CallOptions): Promise<Candle[]> {
    this.assertSession();
    // Parsed at the contract boundary (`guardAdapter`); only the sandbox's own interval list is checked here.
    const parsed = request;
    if (this.manifest.intervals[parsed.interval] === undefined) {
      throw new InvalidRequestError(
        `Interval ${parsed.interval} is not served by the sandbox: use one of ${Object.keys(this.manifest.intervals).join(', ')}`,
        { broker: 'sandbox', field: 'interval' },
      );
    }
    this.resolve(parsed);
    return this.call('getHistory', parsed, options, () => this.options.priceSource.history(parsed));
  }

  async *downloadInstruments(options?: CallOptions): AsyncIterable<Instrument> {
    this.assertSession();
    await this.call('downloadInstruments', {}, options, async () => undefined);
    yield* this.options.priceSource.instruments();
  }

  marketStream(): MarketStream {
    this.assertSession();
    const stream = new SandboxMarketStream({
      priceSource: this.options.priceSource,
      check: (ref) => {
        this.assertSession();
        this.resolve(ref);
      },
      logger: this.options.logger,
    });
    this.streams.add(stream);
    return stream;
  }

  orderStream(): OrderStream {
    this.assertSession();
    const stream = new SandboxOrderStream(this.engine, this.options.logger);
    this.streams.add(stream);
    return stream;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.streams].map((s) => s.close()));
    this.streams.clear();
    await this.options.onClose?.();
  }

  private resolve(ref: InstrumentRef): Instrument {
    return this.options.instruments.resolve(ref.symbol, ref.exchange);
  }

  private assertSession(): void {
    assertSandboxSession(this.options);
  }

  /** Runs one broker call: back-door faults and request log around it when a harness is attached. */
  private call<T>(op: SandboxOp, args: unknown, options: CallOptions | undefined, run: () => Promise<T>) {
    return runSandboxCall(this.options, op, args, options, run);
  }
}
