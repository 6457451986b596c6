import type { MarketStream, OrderStream, StreamStatus, Unsubscribe } from '../contract/adapter.js';
import { SymbolNotFoundError } from '../errors/openalgo-error.js';
import type { StreamMode, Tick } from '../model/market.js';
import type { InstrumentRef, Order } from '../model/order.js';

export type StreamCall =
  | { op: 'subscribe'; refs: string[]; mode: StreamMode }
  | { op: 'unsubscribe'; refs: string[] }
  | { op: 'close' };

/** `EXCHANGE:SYMBOL`, the key streams and their calls are recorded under. */
export const refKey = (ref: InstrumentRef): string => `${ref.exchange}:${ref.symbol}`;

/**
 * Listeners called over a snapshot. Unlike core's `Listeners`, a throw propagates to the test that
 * emitted: an `expect` failing inside a listener must fail the test, not land in a log.
 */
class ListenerSet<T> {
  private readonly listeners = new Set<(value: T) => void>();
  add(listener: (value: T) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
  emit(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }
  clear(): void {
    this.listeners.clear();
  }
  get size(): number {
    return this.listeners.size;
  }
}

/**
 * A MarketStream the test drives: it records every call, keeps what is subscribed and emits whatever
 * ticks and statuses the test pushes. Knobs make the broker refuse instruments, fail the next
 * (un)subscribe, or hold subscribes on a gate.
 */
export class FakeMarketStream implements MarketStream {
  readonly calls: StreamCall[] = [];
  /** What is subscribed now, by `EXCHANGE:SYMBOL`, with its mode. */
  readonly subscribed = new Map<string, StreamMode>();
  closed = false;
  /** Instruments (`EXCHANGE:SYMBOL`) the broker refuses: a batch holding one fails as a whole. */
  readonly rejects = new Set<string>();
  /** Set to make the next subscribe call fail with this error. */
  failNextSubscribe: unknown;
  /** Set to make the next unsubscribe call fail with this error. */
  failNextUnsubscribe: unknown;
  /** Set to hold subscribe calls until the test settles it. */
  gate: PromiseLike<unknown> | undefined;
  private readonly ticks = new ListenerSet<Tick>();
  private readonly statuses = new ListenerSet<StreamStatus>();

  async subscribe(instruments: readonly InstrumentRef[], mode: StreamMode): Promise<void> {
    const refs = instruments.map(refKey);
    this.calls.push({ op: 'subscribe', refs, mode });
    if (this.gate) await this.gate;
    const refused = refs.find((key) => this.rejects.has(key));
    if (refused) throw new SymbolNotFoundError(`Broker does not know ${refused}`);
    const failure = this.failNextSubscribe;
    if (failure !== undefined) {
      this.failNextSubscribe = undefined;
      throw failure;
    }
    for (const key of refs) this.subscribed.set(key, mode);
  }

  async unsubscribe(instruments: readonly InstrumentRef[]): Promise<void> {
    const refs = instruments.map(refKey);
    this.calls.push({ op: 'unsubscribe', refs });
    const failure = this.failNextUnsubscribe;
    if (failure !== undefined) {
      this.failNextUnsubscribe = undefined;
      throw failure;
    }
    for (const key of refs) this.subscribed.delete(key);
  }

  onTick(listener: (tick: Tick) => void): Unsubscribe {
    return this.ticks.add(listener);
  }

  onStatus(listener: (status: StreamStatus) => void): Unsubscribe {
    return this.statuses.add(listener);
  }

  async close(): Promise<void> {
    this.calls.push({ op: 'close' });
    this.closed = true;
  }

  /** Calls of one kind, in order. */
  callsOf<Op extends StreamCall['op']>(op: Op): Extract<StreamCall, { op: Op }>[] {
    return this.calls.filter((c): c is Extract<StreamCall, { op: Op }> => c.op === op);
  }

  emit(tick: Tick): void {
    this.ticks.emit(tick);
  }

  emitStatus(status: StreamStatus): void {
    this.statuses.emit(status);
  }

  /** Tick listeners still attached: 0 once every consumer let go. */
  get listenerCount(): number {
    return this.ticks.size;
  }

  /** Status listeners still attached. */
  get statusListenerCount(): number {
    return this.statuses.size;
  }
}

/** An OrderStream that delivers what the fake account's book does, plus whatever the test pushes. */
export class FakeOrderStream implements OrderStream {
  closed = false;
  private readonly orders = new ListenerSet<Order>();
  private readonly statuses = new ListenerSet<StreamStatus>();

  onOrder(listener: (order: Order) => void): Unsubscribe {
    return this.orders.add(listener);
  }

  onStatus(listener: (status: StreamStatus) => void): Unsubscribe {
    return this.statuses.add(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.orders.clear();
    this.statuses.clear();
  }

  emit(order: Order): void {
    if (!this.closed) this.orders.emit(order);
  }

  emitStatus(status: StreamStatus): void {
    this.statuses.emit(status);
  }

  get listenerCount(): number {
    return this.orders.size;
  }
}
