import { randomBytes } from 'node:crypto';
import {
  type BrokerAdapter,
  type BrokerManifest,
  type Instrument,
  type InstrumentRef,
  type Order,
  type OrderAck,
  type Product,
  supports,
  type TaggedOrderRequest,
} from '@openalgo/core';
import { orderRequest } from '@openalgo/core/testing';
import type { Backdoor, ContractHarness, HarnessFixtures, HarnessInstance } from '../harness.js';
import { ContractCheckError, ensure } from './assertions.js';
import type { ResolvedSuiteOptions } from './options.js';
import type { CheckFn } from './runner.js';
import { TimeDriver } from './time-driver.js';
import { validatingAdapter } from './validating-adapter.js';

export type OrderInput = Pick<TaggedOrderRequest, 'symbol' | 'exchange' | 'action' | 'quantity'> &
  Partial<Omit<TaggedOrderRequest, 'symbol' | 'exchange' | 'action' | 'quantity'>>;

export const describeRef = (ref: InstrumentRef): string => `${ref.symbol} ${ref.exchange}`;

/** One check's view of a fresh harness instance, with the helpers every check shares. */
export class CheckContext {
  /** The adapter under test behind the shared validators. */
  readonly adapter: BrokerAdapter;
  readonly manifest: BrokerManifest;
  readonly backdoor: Backdoor;
  readonly fixtures: HarnessFixtures;
  readonly time: TimeDriver;

  constructor(
    readonly instance: HarnessInstance,
    readonly harness: ContractHarness,
    readonly options: ResolvedSuiteOptions,
  ) {
    this.manifest = harness.manifest;
    this.fixtures = harness.fixtures;
    this.adapter = validatingAdapter(instance.adapter);
    this.backdoor = instance.backdoor;
    this.time = new TimeDriver(instance.clock, instance.backdoor);
  }

  settle<T>(promise: Promise<T>): Promise<T> {
    return this.time.settle(promise);
  }

  instrument(ref: InstrumentRef): Instrument {
    const row = this.instance.instruments.get(ref.symbol, ref.exchange);
    ensure(row !== undefined, () => `fixture ${describeRef(ref)} is not in the harness's instrument lookup`);
    return row;
  }

  /** One order's quantity for `ref`: the configured number of lots. */
  quantity(ref: InstrumentRef): number {
    return Math.max(1, this.instrument(ref).lotSize) * this.options.lots;
  }

  roundToTick(ref: InstrumentRef, price: number, direction: 'up' | 'down'): number {
    const tick = this.instrument(ref).tickSize > 0 ? this.instrument(ref).tickSize : 0.05;
    const ticks = direction === 'up' ? Math.ceil(price / tick - 1e-9) : Math.floor(price / tick + 1e-9);
    return Number((ticks * tick).toFixed(6));
  }

  /**
   * A price the check can rely on: the current last price (or the configured fallback when the
   * broker has no quotes), rounded to a tick and pinned at the broker through the back door.
   */
  async referencePrice(ref: InstrumentRef): Promise<number> {
    let price = this.options.fallbackPrice;
    if (supports(this.manifest, 'getQuotes')) {
      const [quote] = await this.settle(this.adapter.getQuotes([ref]));
      if (quote && quote.ltp > 0) price = quote.ltp;
    }
    const pinned = this.roundToTick(ref, price, 'down');
    await this.backdoor.setPrice(ref, pinned);
    return pinned;
  }

  newTag(): string {
    return `ct${randomBytes(8).toString('hex')}`;
  }

  defaultProduct(): Product {
    return this.manifest.products.includes('MIS') ? 'MIS' : (this.manifest.products[0] as Product);
  }

  /** A tagged request parsed through core's schema, so fields core defaults never need naming here. */
  orderRequest(input: OrderInput): TaggedOrderRequest {
    return orderRequest({ product: this.defaultProduct(), clientOrderId: this.newTag(), ...input });
  }

  async place(input: OrderInput): Promise<{ ack: OrderAck; request: TaggedOrderRequest }> {
    const request = this.orderRequest(input);
    const ack = await this.settle(this.adapter.placeOrder(request));
    return { ack, request };
  }

  /** Polls the order until `done` holds, moving harness time between polls. */
  async waitForOrder(orderId: string, done: (order: Order) => boolean, what: string): Promise<Order> {
    let order = await this.settle(this.adapter.getOrder(orderId));
    for (let attempt = 1; !done(order) && attempt < this.options.pollAttempts; attempt++) {
      await this.time.pause(this.options.pollIntervalMs);
      order = await this.settle(this.adapter.getOrder(orderId));
    }
    if (!done(order)) {
      const note = order.statusMessage ? ` (${order.statusMessage})` : '';
      throw new ContractCheckError(
        `${what}: order ${orderId} is still ${order.status} (${order.rawStatus})${note} after ` +
          `${this.options.pollAttempts} polls ${this.options.pollIntervalMs} ms apart`,
      );
    }
    return order;
  }

  /** Places a MARKET order and demands that it completes. */
  async fill(input: OrderInput): Promise<Order> {
    const { ack } = await this.place(input);
    const what = `${input.action} ${input.quantity} ${describeRef(input)} MARKET`;
    const order = await this.waitForOrder(
      ack.orderId,
      (o) => o.status !== 'pending' && o.status !== 'open',
      what,
    );
    ensure(
      order.status === 'complete',
      () =>
        `${what}: order ${ack.orderId} ended ${order.status} (${order.statusMessage ?? order.rawStatus}), not complete`,
    );
    return order;
  }

  /** Net quantity of the position in `ref` for `product`; 0 when the book has no row for it. */
  async netPosition(ref: InstrumentRef, product: Product): Promise<number> {
    const positions = await this.settle(this.adapter.getPositions());
    const rows = positions.filter(
      (p) => p.symbol === ref.symbol && p.exchange === ref.exchange && p.product === product,
    );
    ensure(
      rows.length <= 1,
      () => `position book has ${rows.length} rows for ${describeRef(ref)} ${product}`,
    );
    return rows[0]?.quantity ?? 0;
  }
}

/** Wraps a check body: a fresh instance before, teardown after, pass or fail. */
export function withInstance(
  harness: ContractHarness,
  options: ResolvedSuiteOptions,
  body: (t: CheckContext) => Promise<void>,
): CheckFn {
  return async () => {
    const instance = await harness.setup();
    let outcome: { failed: false } | { failed: true; error: unknown } = { failed: false };
    try {
      await body(new CheckContext(instance, harness, options));
    } catch (error) {
      outcome = { failed: true, error };
    }
    instance.backdoor.clearFaults();
    try {
      await instance.teardown();
    } catch (teardownError) {
      // A teardown failure must not hide the check's own failure, but on its own it is one.
      if (!outcome.failed) throw teardownError;
    }
    if (outcome.failed) throw outcome.error;
  };
}
