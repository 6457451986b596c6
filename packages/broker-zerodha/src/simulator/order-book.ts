import { type Clock, isOpenAlgoError } from '@openalgo/core';
import type { OrderRecord, SandboxEngine } from '@openalgo/sandbox';
import { inputError, KiteApiError } from './envelope.js';
import { kiteDateTime } from './kite-time.js';
import type { KiteMaster } from './master.js';
import { newEntry, unpricedRecord } from './order-entries.js';
import type { ModifyParams, PlaceParams } from './order-form.js';
import { type KiteOrderRow, type KiteOrderStatus, type OrderEntry, orderRow } from './order-rows.js';
import { checkMarketProtection, type OrderTerms } from './order-rules.js';
import { orderTransitionRows } from './order-transitions.js';
import { priceTerms } from './price-terms.js';

export type OrderRowListener = (row: KiteOrderRow) => void;

/** Kite's text when an order id is unknown. */
const NOT_FOUND = "Couldn't find that order.";

const STATUS_WORDS: Readonly<Record<string, string>> = {
  complete: 'completed',
  cancelled: 'cancelled',
  rejected: 'rejected',
};

/**
 * Kite's view of the orders of one account: ids, history rows per state and postbacks, over the
 * sandbox engine that decides what each order does. Engine events arrive synchronously as the engine
 * commits; each is turned into the rows Kite would have shown on the way to that state. Orders the
 * engine starts itself (the MIS square-off) join the book like the RMS's orders do at Kite.
 */
export class KiteOrderBook {
  private readonly entries = new Map<string, OrderEntry>();
  private readonly byEngineId = new Map<string, OrderEntry>();
  /** Engine events for orders not in the book yet: placed a moment ago, or started by the engine. */
  private readonly unclaimed = new Map<string, OrderRecord[]>();
  private readonly listeners = new Set<OrderRowListener>();
  private placing = 0;
  private sequence = 100_000;
  private exchangeSequence = 0;
  private readonly stopListening: () => void;

  constructor(
    private readonly engine: SandboxEngine,
    private readonly master: KiteMaster,
    private readonly clock: Clock,
    private readonly userId: string,
  ) {
    this.stopListening = engine.onOrder((record) => this.observe(record));
  }

  onRow(listener: OrderRowListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.stopListening();
    this.listeners.clear();
  }

  /** Places an order and answers its id at once; the engine may already have rejected it (see the book). */
  async place(params: PlaceParams): Promise<string> {
    const entry = this.register(params.instrument, this.clock.now(), params);
    const sandbox = params.instrument.sandbox;
    if (!sandbox) {
      const record = unpricedRecord(entry, params, this.clock.now());
      const statuses: KiteOrderStatus[] = ['PUT ORDER REQ RECEIVED', 'VALIDATION PENDING', 'REJECTED'];
      for (const status of statuses)
        this.append(entry, orderRow(entry, record, status, 'request', record.updatedAt));
      entry.last = record;
      return entry.orderId;
    }
    this.placing += 1;
    let record: OrderRecord;
    try {
      record = await this.engine.placeOrder({
        instrument: sandbox,
        action: params.action,
        quantity: params.quantity,
        priceType: params.priceType,
        product: params.product,
        ...priceTerms(params.priceType, params.price, params.triggerPrice),
        ...(params.tag === null ? {} : { tag: params.tag }),
      });
    } catch (error) {
      this.entries.delete(entry.orderId);
      throw error;
    } finally {
      this.placing -= 1;
    }
    this.claim(entry, record.orderId, [record]);
    if (this.placing === 0) this.adoptUnclaimed();
    return entry.orderId;
  }

  /**
   * The terms a modification would leave the order with, for the order rules to check before anything
   * changes. A modification to MARKET or SL-M must carry its own market protection (Kite refuses it
   * otherwise); one that keeps the order's type keeps its protection unless it sends a new one.
   */
  modifiedTerms(orderId: string, params: ModifyParams): OrderTerms {
    const entry = this.working(orderId, 'modified');
    const current = entry.last as OrderRecord;
    const priceType = params.priceType ?? current.priceType;
    const protection =
      params.marketProtection ?? (params.priceType === undefined ? entry.marketProtection : undefined);
    checkMarketProtection(priceType, protection);
    return {
      instrument: entry.instrument,
      action: current.action,
      priceType,
      quantity: params.quantity ?? current.quantity,
      ...priceTerms(priceType, params.price ?? current.price, params.triggerPrice ?? current.triggerPrice),
    };
  }

  async modify(orderId: string, params: ModifyParams): Promise<string> {
    const entry = this.working(orderId, 'modified');
    const current = entry.last as OrderRecord;
    if (params.disclosedQuantity !== undefined) entry.disclosedQuantity = params.disclosedQuantity;
    if (params.marketProtection !== undefined) entry.marketProtection = params.marketProtection;
    const priceType = params.priceType ?? current.priceType;
    try {
      await this.engine.modifyOrder({
        orderId: entry.engineId as string,
        quantity: params.quantity ?? current.quantity,
        priceType,
        ...priceTerms(priceType, params.price ?? current.price, params.triggerPrice ?? current.triggerPrice),
      });
    } catch (error) {
      throw engineRefusal(error, 'modified');
    }
    return entry.orderId;
  }

  async cancel(orderId: string): Promise<string> {
    const entry = this.working(orderId, 'cancelled');
    entry.cancelRequested = true;
    try {
      await this.engine.cancelOrder(entry.engineId as string);
    } catch (error) {
      entry.cancelRequested = false;
      throw engineRefusal(error, 'cancelled');
    }
    return entry.orderId;
  }

  /** `GET /orders`: the latest row of every order, oldest order first. */
  orders(): KiteOrderRow[] {
    const rows: KiteOrderRow[] = [];
    for (const entry of this.entries.values()) {
      const latest = entry.history[entry.history.length - 1];
      if (latest) rows.push(latest);
    }
    return rows;
  }

  /** `GET /orders/{id}`: every state the order went through. */
  history(orderId: string): KiteOrderRow[] {
    return [...this.entry(orderId).history];
  }

  entry(orderId: string): OrderEntry {
    const entry = this.entries.get(orderId);
    if (!entry) throw new KiteApiError(400, 'InputException', NOT_FOUND);
    return entry;
  }

  /** The Kite order id of an engine order (trades name engine ids). */
  kiteIdOf(engineId: string): string | undefined {
    return this.byEngineId.get(engineId)?.orderId;
  }

  allEntries(): OrderEntry[] {
    return [...this.entries.values()];
  }

  private register(
    instrument: OrderEntry['instrument'],
    at: number,
    params?: Pick<PlaceParams, 'tag' | 'disclosedQuantity' | 'marketProtection'>,
  ): OrderEntry {
    this.sequence += 1;
    const entry = newEntry({
      sequence: this.sequence,
      at,
      placedBy: this.userId,
      instrument,
      tag: params?.tag ?? null,
      disclosedQuantity: params?.disclosedQuantity ?? 0,
      marketProtection: params?.marketProtection ?? 0,
    });
    this.entries.set(entry.orderId, entry);
    return entry;
  }

  /** Binds an entry to its engine order and writes the rows of every event seen so far. */
  private claim(entry: OrderEntry, engineId: string, fallback: OrderRecord[]): void {
    entry.engineId = engineId;
    this.byEngineId.set(engineId, entry);
    const events = this.unclaimed.get(engineId) ?? fallback;
    this.unclaimed.delete(engineId);
    for (const event of events) this.advance(entry, event);
  }

  /** Orders the engine started on its own (no place was waiting for them). */
  private adoptUnclaimed(): void {
    for (const [engineId, events] of [...this.unclaimed]) {
      const first = events[0] as OrderRecord;
      const instrument = this.master.forSandbox(first.exchange, first.symbol);
      this.unclaimed.delete(engineId);
      if (!instrument) continue;
      this.claim(this.register(instrument, first.createdAt), engineId, events);
    }
  }

  private working(orderId: string, verb: 'modified' | 'cancelled'): OrderEntry {
    const entry = this.entry(orderId);
    const status = entry.last?.status;
    if (entry.engineId === undefined || status === undefined) {
      throw inputError(`Order cannot be ${verb} as it is rejected.`);
    }
    if (status !== 'open' && status !== 'trigger_pending') {
      throw inputError(`Order cannot be ${verb} as it is already ${STATUS_WORDS[status] ?? status}.`);
    }
    return entry;
  }

  private observe(record: OrderRecord): void {
    const entry = this.byEngineId.get(record.orderId);
    if (entry) {
      this.advance(entry, record);
      return;
    }
    const pending = this.unclaimed.get(record.orderId);
    if (pending) pending.push(record);
    else this.unclaimed.set(record.orderId, [record]);
    if (this.placing === 0) this.adoptUnclaimed();
  }

  private advance(entry: OrderEntry, next: OrderRecord): void {
    // The engine's own time of the change: a square-off caught up late still shows its scheduled time.
    const at = next.updatedAt;
    for (const step of orderTransitionRows(entry.last, next, entry.cancelRequested)) {
      if (step.modifies) entry.orderTimestamp = kiteDateTime(at);
      if (step.reachesExchange && entry.exchangeOrderId === null) {
        this.exchangeSequence += 1;
        entry.exchangeOrderId = String(1_300_000_000_000_000 + this.exchangeSequence);
        entry.exchangeTimestamp = kiteDateTime(at);
      }
      this.append(entry, orderRow(entry, step.record, step.status, step.phase, at));
    }
    entry.last = { ...next };
  }

  private append(entry: OrderEntry, row: KiteOrderRow): void {
    entry.history.push(row);
    for (const listener of this.listeners) listener(row);
  }
}

/** An engine refusal of a modify/cancel (the order moved on, funds ran short) → Kite's 400. */
function engineRefusal(error: unknown, verb: string): unknown {
  if (!isOpenAlgoError(error)) return error;
  if (error.code === 'INSUFFICIENT_FUNDS') return new KiteApiError(400, 'MarginException', error.message);
  if (error.code === 'ORDER_NOT_FOUND') return new KiteApiError(400, 'InputException', NOT_FOUND);
  return inputError(`Order cannot be ${verb}: ${error.message}`);
}
