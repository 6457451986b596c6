import { InvalidOrderError, OrderNotFoundError } from '../errors/openalgo-error.js';
import { type Exchange, type OrderStatus, WORKING_ORDER_STATUSES } from '../model/enums.js';
import type { ModifyRequest, Order, TaggedOrderRequest } from '../model/order.js';
import type { FakeLedger } from './fake-ledger.js';

export interface FillPart {
  quantity: number;
  price: number;
}

export interface OrderBookEnvironment {
  brokerId: string;
  ledger: FakeLedger;
  priceOf(ref: { symbol: string; exchange: Exchange }): number;
  /** Timestamp for new orders and fills (ISO with +05:30). */
  now(): string;
  /** The broker's id for the n-th order of the account (1-based). */
  orderId(seq: number): string;
  /** Every change to an order, as the broker's order feed would push it. */
  changed(order: Order): void;
}

interface BookEntry {
  order: Order;
  /** Left out of this many more lookups (a broker whose order book lags its acks). */
  hiddenForLookups: number;
}

/**
 * The fake account's order book: order lifecycle (open / trigger_pending → complete | cancelled,
 * or rejected), partial fills feeding the ledger, and the lag knob reconciliation tests need.
 * Internally mutable; everything handed out is a copy.
 */
export class FakeOrderBook {
  private readonly entries = new Map<string, BookEntry>();
  private seq = 0;

  constructor(private readonly env: OrderBookEnvironment) {}

  /** Accepts an order: MARKET fills at once at the current price, others rest. */
  accept(
    request: TaggedOrderRequest,
    options: { hiddenForLookups?: number; rejectReason?: string } = {},
  ): Order {
    const order = this.newOrder(request);
    this.entries.set(order.orderId, { order, hiddenForLookups: options.hiddenForLookups ?? 0 });
    this.env.changed(structuredClone(order));
    if (options.rejectReason !== undefined) {
      this.setStatus(order, 'rejected');
      order.statusMessage = options.rejectReason;
      this.env.changed(structuredClone(order));
    } else if (order.priceType === 'MARKET') {
      this.fill(order.orderId);
    }
    return structuredClone(order);
  }

  /** Puts an order on the book in any status, without fills. */
  seed(request: TaggedOrderRequest, status: OrderStatus): Order {
    const order = this.newOrder(request);
    this.setStatus(order, status);
    this.entries.set(order.orderId, { order, hiddenForLookups: 0 });
    return structuredClone(order);
  }

  /** Replaces the book with exactly these orders, as the broker reports them. */
  set(orders: readonly Order[]): void {
    this.entries.clear();
    for (const order of orders) {
      this.entries.set(order.orderId, { order: structuredClone(order), hiddenForLookups: 0 });
    }
  }

  /** Fills a working order, all of it at the current price by default, or in the given parts. */
  fill(orderId: string, parts?: readonly FillPart[]): void {
    const order = this.working(orderId, 'filled');
    const fills = parts ?? [{ quantity: order.pendingQuantity, price: this.env.priceOf(order) }];
    for (const part of fills) {
      if (part.quantity <= 0 || part.quantity > order.pendingQuantity) {
        throw new Error(
          `fake: cannot fill ${part.quantity} of order ${orderId} (${order.pendingQuantity} pending)`,
        );
      }
      this.env.ledger.recordFill({
        ...order,
        quantity: part.quantity,
        price: part.price,
        timestamp: this.env.now(),
      });
      const filledValue = order.averagePrice * order.filledQuantity + part.price * part.quantity;
      order.filledQuantity += part.quantity;
      order.pendingQuantity -= part.quantity;
      order.averagePrice = filledValue / order.filledQuantity;
    }
    if (order.pendingQuantity === 0) this.setStatus(order, 'complete');
    this.env.changed(structuredClone(order));
  }

  cancel(orderId: string): void {
    const order = this.working(orderId, 'cancelled');
    this.setStatus(order, 'cancelled');
    this.env.changed(structuredClone(order));
  }

  modify(request: ModifyRequest): void {
    const order = this.working(request.orderId, 'modified');
    if (request.quantity < order.filledQuantity) {
      throw new InvalidOrderError(`fake: quantity below the ${order.filledQuantity} already filled`);
    }
    Object.assign(order, {
      quantity: request.quantity,
      pendingQuantity: request.quantity - order.filledQuantity,
      price: request.price,
      triggerPrice: request.triggerPrice,
      priceType: request.priceType,
    });
    if (order.priceType === 'MARKET') this.fill(order.orderId);
    else this.env.changed(structuredClone(order));
  }

  get(orderId: string): Order {
    return structuredClone(this.entry(orderId).order);
  }

  /** What the broker's order-book endpoint shows now; each call counts down hidden orders. */
  lookup(): Order[] {
    const visible: Order[] = [];
    for (const entry of this.entries.values()) {
      if (entry.hiddenForLookups > 0) {
        entry.hiddenForLookups--;
        continue;
      }
      visible.push(structuredClone(entry.order));
    }
    return visible;
  }

  /** Every order, hidden ones included: the broker's truth. */
  all(): Order[] {
    return [...this.entries.values()].map((e) => structuredClone(e.order));
  }

  private newOrder(request: TaggedOrderRequest): Order {
    const resting = request.priceType === 'SL' || request.priceType === 'SL-M' ? 'trigger_pending' : 'open';
    return {
      orderId: this.env.orderId(++this.seq),
      clientOrderId: request.clientOrderId,
      symbol: request.symbol,
      exchange: request.exchange,
      action: request.action,
      priceType: request.priceType,
      product: request.product,
      quantity: request.quantity,
      filledQuantity: 0,
      pendingQuantity: request.quantity,
      price: request.price,
      triggerPrice: request.triggerPrice,
      averagePrice: 0,
      status: resting,
      rawStatus: resting.toUpperCase(),
      timestamp: this.env.now(),
      raw: { fake: true },
    };
  }

  private setStatus(order: Order, status: OrderStatus): void {
    order.status = status;
    order.rawStatus = status.toUpperCase();
    if (!WORKING_ORDER_STATUSES.has(status)) order.pendingQuantity = 0;
  }

  private entry(orderId: string): BookEntry {
    const entry = this.entries.get(orderId);
    if (!entry) throw new OrderNotFoundError(`Order ${orderId} not found`, { broker: this.env.brokerId });
    return entry;
  }

  private working(orderId: string, verb: string): Order {
    const order = this.entry(orderId).order;
    if (!WORKING_ORDER_STATUSES.has(order.status)) {
      throw new InvalidOrderError(`Order ${orderId} is ${order.status} and cannot be ${verb}`, {
        broker: this.env.brokerId,
      });
    }
    return order;
  }
}
