import {
  type BrokerAdapter,
  type Logger,
  type Order,
  type OrderStream,
  supports,
  type Unsubscribe,
} from '@openalgo/core';
import type { AccountContext } from '../accounts/types.js';
import { openAlgoStatus } from '../api/wire/rows.js';
import { type FeedErrorCode, streamFailureCode } from './messages.js';

/** OpenAlgo's `mode` of an order update: a live broker order, or a simulated (analyzer) one. */
export type OrderVenue = 'live' | 'analyze';

/** One stream of order updates an account's key can see: an adapter, labelled with its venue. */
export interface OrderSource {
  adapter: BrokerAdapter;
  venue: OrderVenue;
  broker: string;
  userId: string;
}

/** Receives the order updates of the sources it joined, each frame rendered once for everyone. */
export interface OrderUpdateListener {
  onOrderUpdate(frame: Buffer): void;
  /** The broker side closed a source's stream; the listener no longer receives its updates. */
  onOrderSourceLost(source: OrderSource, code: FeedErrorCode, message: string): void;
}

/**
 * The sources of an account whose brokers stream orders: its execution venue (the sandbox engine in
 * analyzer mode, labelled `analyze`) and, for a live broker in analyzer mode, the live broker too —
 * orders placed elsewhere (the broker's own app) still change. An adapter never appears twice.
 */
export function orderSources(account: AccountContext): OrderSource[] {
  const sources: OrderSource[] = [];
  const base = { broker: account.broker, userId: account.userId };
  const execution = account.executionAdapter;
  if (supports(execution.manifest, 'orderStream')) {
    sources.push({ ...base, adapter: execution, venue: account.analyzeMode ? 'analyze' : 'live' });
  }
  const live = account.dataAdapter;
  if (live !== execution && supports(live.manifest, 'orderStream')) {
    sources.push({ ...base, adapter: live, venue: 'live' });
  }
  return sources;
}

/**
 * OpenAlgo's `order_update` message (websocket_proxy relays what its order-update service publishes):
 * numbers as numbers, `order_status` in the order book's words, `rejection_reason` empty unless the
 * order was rejected.
 */
export function orderUpdateMessage(source: OrderSource, order: Order): Record<string, unknown> {
  return {
    type: 'order_update',
    user_id: source.userId,
    mode: source.venue,
    broker: source.broker,
    orderid: order.orderId,
    symbol: order.symbol,
    exchange: order.exchange,
    action: order.action,
    quantity: order.quantity,
    price: order.price,
    trigger_price: order.triggerPrice,
    pricetype: order.priceType,
    product: order.product,
    order_status: openAlgoStatus(order.status, order.rawStatus),
    filled_quantity: order.filledQuantity,
    pending_quantity: order.pendingQuantity,
    average_price: order.averagePrice,
    rejection_reason: order.status === 'rejected' ? (order.statusMessage ?? '') : '',
  };
}

interface SharedOrderStream {
  source: OrderSource;
  stream: OrderStream;
  listeners: Set<OrderUpdateListener>;
  detach: Unsubscribe[];
}

/**
 * One broker order stream per (adapter, venue), shared by every feed client that asked for order
 * updates — a Kite login allows three sockets in all, so a stream per client would not do. Opened on
 * the first listener, closed with the last.
 */
export class OrderUpdateHub {
  private readonly streams = new Map<BrokerAdapter, Map<OrderVenue, SharedOrderStream>>();

  constructor(private readonly logger: Logger) {}

  /** Adds `listener` to `source`'s stream, opening it if needed; throws what the adapter threw. */
  join(source: OrderSource, listener: OrderUpdateListener): void {
    const known = this.streams.get(source.adapter)?.get(source.venue);
    if (known) {
      known.listeners.add(listener);
      return;
    }
    const stream = source.adapter.orderStream();
    const shared: SharedOrderStream = { source, stream, listeners: new Set([listener]), detach: [] };
    shared.detach = [
      stream.onOrder((order) => this.publish(shared, order)),
      stream.onStatus((status) => {
        if (status.state === 'closed') this.lost(shared, status.reason);
      }),
    ];
    const byVenue = this.streams.get(source.adapter) ?? new Map<OrderVenue, SharedOrderStream>();
    byVenue.set(source.venue, shared);
    this.streams.set(source.adapter, byVenue);
    this.logger.info({ broker: source.broker, venue: source.venue }, 'order update stream opened');
  }

  leave(source: OrderSource, listener: OrderUpdateListener): void {
    const shared = this.streams.get(source.adapter)?.get(source.venue);
    if (!shared?.listeners.delete(listener) || shared.listeners.size > 0) return;
    this.forget(shared);
    shared.stream.close().catch((err: unknown) => {
      this.logger.warn({ err, broker: source.broker }, 'closing an order update stream failed');
    });
  }

  /** Order streams open (for stats and tests). */
  get size(): number {
    let count = 0;
    for (const byVenue of this.streams.values()) count += byVenue.size;
    return count;
  }

  async close(): Promise<void> {
    const all = [...this.streams.values()].flatMap((byVenue) => [...byVenue.values()]);
    for (const shared of all) this.forget(shared);
    await Promise.allSettled(all.map((shared) => shared.stream.close()));
  }

  private publish(shared: SharedOrderStream, order: Order): void {
    const frame = Buffer.from(JSON.stringify(orderUpdateMessage(shared.source, order)), 'utf8');
    for (const listener of shared.listeners) {
      try {
        listener.onOrderUpdate(frame);
      } catch (err) {
        this.logger.error({ err }, 'order update delivery failed');
      }
    }
  }

  /** The adapter closed the stream (session over, broker hung up): tell everyone, open nothing. */
  private lost(shared: SharedOrderStream, reason: string | undefined): void {
    if (this.streams.get(shared.source.adapter)?.get(shared.source.venue) !== shared) return;
    this.forget(shared);
    const message = `Order updates from ${shared.source.broker} stopped${reason ? ` (${reason})` : ''}: send subscribe_orders again to resume`;
    this.logger.warn(
      { broker: shared.source.broker, reason },
      'order update stream closed by the broker side',
    );
    for (const listener of shared.listeners) {
      listener.onOrderSourceLost(shared.source, 'BROKER_CONNECTION_ERROR', message);
    }
  }

  private forget(shared: SharedOrderStream): void {
    for (const off of shared.detach) off();
    const byVenue = this.streams.get(shared.source.adapter);
    byVenue?.delete(shared.source.venue);
    if (byVenue?.size === 0) this.streams.delete(shared.source.adapter);
  }
}

/** The code and message for a source whose stream could not be opened. */
export function orderStreamFailure(
  source: OrderSource,
  err: unknown,
): { code: FeedErrorCode; message: string } {
  const why = err instanceof Error ? err.message : String(err);
  return {
    code: streamFailureCode(err) ?? 'BROKER_ERROR',
    message: `Could not open order updates from ${source.broker}: ${why}`,
  };
}
