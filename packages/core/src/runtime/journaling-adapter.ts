import type { BrokerAdapter, CallOptions } from '../contract/adapter.js';
import type { BrokerManifest } from '../contract/manifest.js';
import { BrokerUnavailableError, isOpenAlgoError, OrderStateUnknownError } from '../errors/openalgo-error.js';
import type { Logger } from '../http/logger.js';
import type { Order, OrderAck, TaggedOrderRequest } from '../model/order.js';
import type { Clock } from '../time/clock.js';
import { isAmbiguousOrderFailure } from '../trading/ambiguity.js';
import { type JournalWatch, journalWatch } from './journal-watch.js';
import type { JournalOutcome, JournalVenue, OrderJournal } from './order-journal.js';

export interface JournalingAdapterOptions {
  inner: BrokerAdapter;
  journal: OrderJournal;
  accountId: string;
  venue: JournalVenue;
  clock: Clock;
  logger: Logger;
  /**
   * Wait for the disk (fsync) before sending: on for real-money brokers. Simulated orders skip it:
   * their pending row still survives a killed process, just not a power cut.
   */
  durable: boolean;
}

function errorOutcome(error: unknown): unknown {
  if (isOpenAlgoError(error)) return error.toJSON();
  return { name: 'Error', message: error instanceof Error ? error.message : String(error) };
}

/**
 * Puts every order on record before it reaches the broker, and settles the record with what came
 * back. A `pending` row is committed first; the broker's ack makes it `acknowledged` (with the
 * broker's order id) before the caller hears of it, so nothing acknowledged is ever lost. A definite
 * rejection makes it `failed`; an ambiguous failure makes it `unknown`, and the next order book
 * that shows the client order id settles it. A client order id already on record is never sent
 * again: an acknowledged one returns the recorded ack, a pending/unknown one is refused.
 */
export class JournalingAdapter implements BrokerAdapter {
  readonly manifest: BrokerManifest;
  readonly inner: BrokerAdapter;
  private readonly options: JournalingAdapterOptions;
  /** What this process knows beyond the rows, shared with the account's other runtimes (re-login). */
  private readonly watch: JournalWatch;
  /**
   * Client order ids of this account and venue whose outcome is unknown, settled from order books.
   * Shared by every runtime of the account: an order that fails ambiguously in a runtime a re-login
   * replaced is settled by the order book reconciliation reads through the new one.
   */
  private readonly unsettled: Set<string>;

  constructor(options: JournalingAdapterOptions) {
    this.options = options;
    const inner = options.inner;
    this.inner = inner;
    this.manifest = inner.manifest;
    const { journal, accountId, venue } = options;
    this.watch = journalWatch(journal);
    this.unsettled = this.watch.unsettled(accountId, venue);
    for (const entry of journal.listByState(['unknown'], accountId)) {
      if (entry.venue === venue) this.unsettled.add(entry.clientOrderId);
    }
  }

  async placeOrder(request: TaggedOrderRequest, callOptions?: CallOptions): Promise<OrderAck> {
    const { clock } = this.options;
    const { clientOrderId } = request;
    const at = clock.now();
    const recorded = this.record(request, at);
    if (!recorded) {
      const replay = this.alreadyRecorded(clientOrderId, at);
      if (replay) return replay;
    }
    // From the committed pending row until it is settled, the row is this call's to settle: startup
    // recovery of a runtime opened meanwhile (a re-login) leaves it alone. No await before this line.
    const sent = this.watch.startSending(this.options.accountId, clientOrderId);
    try {
      let ack: OrderAck;
      try {
        ack = await this.inner.placeOrder(request, callOptions);
      } catch (error) {
        const ambiguous = isAmbiguousOrderFailure(error);
        if (ambiguous) this.unsettled.add(clientOrderId);
        this.settle(clientOrderId, {
          state: ambiguous ? 'unknown' : 'failed',
          outcome: errorOutcome(error),
          at: clock.now(),
        });
        throw error;
      }
      this.settle(clientOrderId, {
        state: 'acknowledged',
        brokerOrderId: ack.orderId,
        outcome: { orderId: ack.orderId, reconciled: ack.reconciled ?? false },
        at: clock.now(),
      });
      return ack;
    } finally {
      sent();
    }
  }

  /** Commits the pending row; if that fails the order is not sent, and the error says so plainly. */
  private record(request: TaggedOrderRequest, at: number): boolean {
    const { journal, accountId, venue, durable } = this.options;
    try {
      return journal.begin(
        { accountId, clientOrderId: request.clientOrderId, venue, request, at },
        { durable },
      );
    } catch (error) {
      this.options.logger.error({ err: error }, 'journal: could not record an order; it was not sent');
      throw new BrokerUnavailableError(
        'The order was not sent: it could not be recorded in the order journal ' +
          `(${error instanceof Error ? error.message : String(error)}).`,
        { broker: this.manifest.id, clientOrderId: request.clientOrderId, mayHaveReachedBroker: false },
      );
    }
  }

  /**
   * Settling after the broker answered must not change the answer: the order is placed (or not)
   * whatever the disk says, and the pending row already on disk lets a restart recover the outcome.
   */
  private settle(clientOrderId: string, outcome: JournalOutcome): void {
    try {
      this.options.journal.settle(this.options.accountId, clientOrderId, outcome);
    } catch (error) {
      this.options.logger.error(
        { err: error, clientOrderId, state: outcome.state },
        'journal: could not record an order outcome; it will be reconciled from the order book',
      );
    }
  }

  async getOrders(callOptions?: CallOptions): Promise<Order[]> {
    const orders = await this.inner.getOrders(callOptions);
    if (this.unsettled.size > 0) this.settleFrom(orders);
    return orders;
  }

  modifyOrder(...args: Parameters<BrokerAdapter['modifyOrder']>) {
    return this.inner.modifyOrder(...args);
  }
  cancelOrder(...args: Parameters<BrokerAdapter['cancelOrder']>) {
    return this.inner.cancelOrder(...args);
  }
  getOrder(...args: Parameters<BrokerAdapter['getOrder']>) {
    return this.inner.getOrder(...args);
  }
  getTrades(...args: Parameters<BrokerAdapter['getTrades']>) {
    return this.inner.getTrades(...args);
  }
  getPositions(...args: Parameters<BrokerAdapter['getPositions']>) {
    return this.inner.getPositions(...args);
  }
  getHoldings(...args: Parameters<BrokerAdapter['getHoldings']>) {
    return this.inner.getHoldings(...args);
  }
  getFunds(...args: Parameters<BrokerAdapter['getFunds']>) {
    return this.inner.getFunds(...args);
  }
  getQuotes(...args: Parameters<BrokerAdapter['getQuotes']>) {
    return this.inner.getQuotes(...args);
  }
  getDepth(...args: Parameters<BrokerAdapter['getDepth']>) {
    return this.inner.getDepth(...args);
  }
  getHistory(...args: Parameters<BrokerAdapter['getHistory']>) {
    return this.inner.getHistory(...args);
  }
  downloadInstruments(...args: Parameters<BrokerAdapter['downloadInstruments']>) {
    return this.inner.downloadInstruments(...args);
  }
  // Feature checks read the manifest (`supports`), which is the inner adapter's.
  marketStream() {
    return this.inner.marketStream();
  }
  orderStream() {
    return this.inner.orderStream();
  }
  getMargin(...args: Parameters<BrokerAdapter['getMargin']>) {
    return this.inner.getMargin(...args);
  }
  // GTTs carry no client order id to journal; their writes pass through, never retried.
  placeGtt(...args: Parameters<BrokerAdapter['placeGtt']>) {
    return this.inner.placeGtt(...args);
  }
  modifyGtt(...args: Parameters<BrokerAdapter['modifyGtt']>) {
    return this.inner.modifyGtt(...args);
  }
  cancelGtt(...args: Parameters<BrokerAdapter['cancelGtt']>) {
    return this.inner.cancelGtt(...args);
  }
  getGtts(...args: Parameters<BrokerAdapter['getGtts']>) {
    return this.inner.getGtts(...args);
  }
  close() {
    return this.inner.close();
  }

  /** Settles unknown entries whose client order id shows up in an order book. */
  private settleFrom(orders: readonly Order[]): void {
    const { clock } = this.options;
    for (const order of orders) {
      const tag = order.clientOrderId;
      if (tag === undefined || !this.unsettled.has(tag)) continue;
      this.unsettled.delete(tag);
      this.settle(tag, {
        state: 'acknowledged',
        brokerOrderId: order.orderId,
        outcome: { orderId: order.orderId, reconciled: true },
        at: clock.now(),
      });
      this.options.logger.info(
        { clientOrderId: tag, orderId: order.orderId },
        'journal: order found in the order book',
      );
    }
  }

  /** The answer for a client order id that is already on record (a retry of the same order). */
  private alreadyRecorded(clientOrderId: string, at: number): OrderAck | undefined {
    const { journal, accountId, durable } = this.options;
    const entry = journal.get(accountId, clientOrderId);
    if (entry?.state === 'acknowledged' && entry.brokerOrderId !== undefined) {
      return { orderId: entry.brokerOrderId, clientOrderId, reconciled: true };
    }
    // A definite failure never reached the broker's book, so the same id may be tried again.
    if (entry?.state === 'failed' && journal.retry(accountId, clientOrderId, at, { durable }))
      return undefined;
    throw new OrderStateUnknownError(
      `An order with client order id ${clientOrderId} is already ${entry?.state ?? 'on record'}; it was ` +
        'not sent again. Check the order book for it before placing another.',
      { broker: this.manifest.id, clientOrderId, mayHaveReachedBroker: true },
    );
  }
}
