import type { AccountContext } from '../accounts/types.js';
import type { FrameSink } from './client-subscriptions.js';
import { errorReply, type FeedErrorCode, type OutgoingMessage, withRequestId } from './messages.js';
import {
  type OrderSource,
  type OrderUpdateHub,
  type OrderUpdateListener,
  orderSources,
  orderStreamFailure,
} from './order-updates.js';

/** What a client's order-update replies and notices go through. */
export interface OrderUpdateSink extends FrameSink {
  sendMessage(message: OutgoingMessage): void;
}

/**
 * One client's `subscribe_orders`: account-wide `order_update` messages from every source of its
 * account whose broker streams orders (see `orderSources`). Subscribing twice changes nothing; the
 * sources are those of the account as it was when the client subscribed.
 */
export class ClientOrderUpdates implements OrderUpdateListener {
  private joined: OrderSource[] = [];
  private accountId: string | undefined;

  constructor(
    private readonly hub: OrderUpdateHub,
    private readonly sink: OrderUpdateSink,
  ) {}

  get subscribed(): boolean {
    return this.joined.length > 0;
  }

  subscribe(account: AccountContext, body: Record<string, unknown>): OutgoingMessage {
    if (this.accountId !== account.accountId) this.releaseAll();
    const failures: Array<{ code: FeedErrorCode; message: string }> = [];
    const sources = orderSources(account);
    for (const source of sources) {
      if (this.joined.some((s) => s.adapter === source.adapter && s.venue === source.venue)) continue;
      try {
        this.hub.join(source, this);
        this.joined.push(source);
      } catch (err) {
        failures.push(orderStreamFailure(source, err));
      }
    }
    this.accountId = account.accountId;
    const first = failures[0];
    if (sources.length === 0 || (first && !this.subscribed)) {
      const code = first?.code ?? 'BROKER_ERROR';
      const message = first?.message ?? `Broker ${account.broker} does not stream order updates`;
      return withRequestId({ type: 'subscribe_orders', ...errorReply(code, message) }, body);
    }
    const reply: OutgoingMessage = {
      type: 'subscribe_orders',
      status: first ? 'partial' : 'success',
      message: first
        ? `Subscribed to order updates, except: ${first.message}`
        : 'Subscribed to order updates',
    };
    return withRequestId(reply, body);
  }

  unsubscribe(body: Record<string, unknown>): OutgoingMessage {
    this.releaseAll();
    return withRequestId(
      { type: 'unsubscribe_orders', status: 'success', message: 'Unsubscribed from order updates' },
      body,
    );
  }

  /** Another account, or the client is gone: stop every source. */
  releaseAll(): void {
    for (const source of this.joined.splice(0)) this.hub.leave(source, this);
    this.accountId = undefined;
  }

  onOrderUpdate(frame: Buffer): void {
    this.sink.sendFrame(frame);
  }

  onOrderSourceLost(source: OrderSource, code: FeedErrorCode, message: string): void {
    this.joined = this.joined.filter((s) => s.adapter !== source.adapter || s.venue !== source.venue);
    this.sink.sendMessage({ type: 'subscribe_orders', ...errorReply(code, message) });
  }
}
