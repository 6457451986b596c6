import type { StoreMutation } from '../store/types.js';
import type { AccountBook } from './book.js';
import { orderId, tradeId } from './ids.js';
import type { AccountRecord, HoldingRecord, OrderRecord, PositionRecord, TradeRecord } from './records.js';

/**
 * The changes of one engine operation, computed on copies ("drafts") of the records it touches.
 * Nothing in the book changes until `commit`: the batch goes to the store first and only when the
 * store accepted it are the drafts swapped into memory. A failing store therefore leaves the
 * engine exactly as it was.
 */
export class Transaction {
  readonly account: AccountRecord;
  private readonly orders = new Map<string, OrderRecord>();
  private readonly trades: TradeRecord[] = [];
  private readonly positions = new Map<string, PositionRecord | null>();
  private readonly holdings = new Map<string, HoldingRecord | null>();
  /** Copies of orders at each change, in order, for the order stream. */
  readonly events: OrderRecord[] = [];

  constructor(
    private readonly book: AccountBook,
    /** Whether anyone listens for order updates (copies are only made when so). */
    private readonly captureEvents: boolean,
  ) {
    this.account = { ...book.account };
  }

  nextOrderId(at: number): { orderId: string; sequence: number } {
    const sequence = ++this.account.orderSequence;
    return { orderId: orderId(at, sequence), sequence };
  }

  nextTradeId(at: number): { tradeId: string; sequence: number } {
    const sequence = ++this.account.tradeSequence;
    return { tradeId: tradeId(at, sequence), sequence };
  }

  /** The draft of an order (copied from the book on first touch). */
  order(id: string): OrderRecord | undefined {
    const draft = this.orders.get(id);
    if (draft) return draft;
    const current = this.book.orders.get(id);
    if (!current) return undefined;
    const copy = { ...current };
    this.orders.set(id, copy);
    return copy;
  }

  /** The order as this transaction sees it, without taking a draft (read-only). */
  peekOrder(id: string): OrderRecord | undefined {
    return this.orders.get(id) ?? this.book.orders.get(id);
  }

  addOrder(order: OrderRecord): void {
    this.orders.set(order.orderId, order);
  }

  /** Records the order's current state for the order stream. */
  emit(order: OrderRecord): void {
    if (this.captureEvents) this.events.push({ ...order });
  }

  addTrade(trade: TradeRecord): void {
    this.trades.push(trade);
  }

  position(key: string): PositionRecord | undefined {
    const draft = this.positions.get(key);
    if (draft !== undefined) return draft ?? undefined;
    const current = this.book.positions.get(key);
    if (!current) return undefined;
    const copy = { ...current };
    this.positions.set(key, copy);
    return copy;
  }

  /** The position as this transaction sees it, without taking a draft (read-only). */
  peekPosition(key: string): PositionRecord | undefined {
    const draft = this.positions.get(key);
    return draft === undefined ? this.book.positions.get(key) : (draft ?? undefined);
  }

  putPosition(position: PositionRecord): void {
    this.positions.set(position.key, position);
  }

  deletePosition(key: string): void {
    this.positions.set(key, null);
  }

  holding(key: string): HoldingRecord | undefined {
    const draft = this.holdings.get(key);
    if (draft !== undefined) return draft ?? undefined;
    const current = this.book.holdings.get(key);
    if (!current) return undefined;
    const copy = { ...current };
    this.holdings.set(key, copy);
    return copy;
  }

  peekHolding(key: string): HoldingRecord | undefined {
    const draft = this.holdings.get(key);
    return draft === undefined ? this.book.holdings.get(key) : (draft ?? undefined);
  }

  putHolding(holding: HoldingRecord): void {
    this.holdings.set(holding.key, holding);
  }

  deleteHolding(key: string): void {
    this.holdings.set(key, null);
  }

  /** The store batch: the account first, then orders, trades, positions and holdings. */
  mutations(): StoreMutation[] {
    const out: StoreMutation[] = [{ type: 'account', record: this.account }];
    for (const record of this.orders.values()) out.push({ type: 'order', record });
    for (const record of this.trades) out.push({ type: 'trade', record });
    for (const [key, record] of this.positions) {
      out.push(record ? { type: 'position', record } : { type: 'deletePosition', key });
    }
    for (const [key, record] of this.holdings) {
      out.push(record ? { type: 'holding', record } : { type: 'deleteHolding', key });
    }
    return out;
  }

  /** Swaps the drafts into the book. Call only after the store accepted `mutations()`. */
  applyTo(book: AccountBook): void {
    book.account = this.account;
    for (const order of this.orders.values()) book.putOrder(order);
    for (const trade of this.trades) book.trades.push(trade);
    for (const [key, position] of this.positions) {
      if (position) book.positions.set(key, position);
      else book.positions.delete(key);
    }
    for (const [key, holding] of this.holdings) {
      if (holding) book.holdings.set(key, holding);
      else book.holdings.delete(key);
    }
  }

  /** True when the operation changed anything besides the account copy it always takes. */
  get changed(): boolean {
    return (
      this.orders.size > 0 || this.trades.length > 0 || this.positions.size > 0 || this.holdings.size > 0
    );
  }

  /** Orders this transaction touched (drafts), for watch bookkeeping after commit. */
  touchedOrders(): Iterable<OrderRecord> {
    return this.orders.values();
  }
}
