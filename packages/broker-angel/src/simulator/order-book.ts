import { randomUUID } from 'node:crypto';
import { type Clock, isOpenAlgoError, PRICE_TYPE_RULES, type PriceType } from '@openalgo/core';
import type { OrderRecord, SandboxEngine } from '@openalgo/sandbox';
import { angelDateTime, angelIdDate } from './angel-time.js';
import { appError, inputError } from './envelope.js';
import type { AngelInstrument, AngelMaster } from './master.js';
import type { ModifyParams, PlaceParams } from './order-form.js';
import { type AngelOrderStatus, type OrderEntry, orderJson } from './order-rows.js';
import { statusSteps } from './order-transitions.js';

/** One status an order passed through, in the order socket's shape (details numbers). */
export type OrderUpdateListener = (update: {
  entry: OrderEntry;
  status: AngelOrderStatus;
  order: Record<string, unknown>;
}) => void;

/** Filler rows are listed so the master has a real size; only the sandbox universe is priced. */
export const UNPRICED_MESSAGE =
  'This instrument is listed but not priced by the Angel simulator: trade an instrument of the sandbox universe.';

/** The price and trigger an order of `priceType` carries: a field the type does not take is 0. */
function terms(priceType: PriceType, price: number, triggerPrice: number) {
  const rule = PRICE_TYPE_RULES[priceType];
  return { price: rule.needsPrice ? price : 0, triggerPrice: rule.needsTrigger ? triggerPrice : 0 };
}

function notFound() {
  // AB1013 "Order not found" (§2.6).
  return appError('AB1013', 'Order not found');
}

/**
 * Angel's view of one account's orders over the sandbox engine, which decides what each order does.
 * Engine events arrive synchronously as the engine commits; each becomes the statuses Angel would show
 * on the way (order-transitions.ts). Orders the engine starts itself (the MIS square-off) join the
 * book as Angel's RMS orders do.
 */
export class AngelOrderBook {
  private readonly entries = new Map<string, OrderEntry>();
  private readonly byUnique = new Map<string, OrderEntry>();
  private readonly byEngineId = new Map<string, OrderEntry>();
  private readonly unclaimed = new Map<string, OrderRecord[]>();
  private readonly listeners = new Set<OrderUpdateListener>();
  private placing = 0;
  private sequence = 1_073_000;
  private exchangeSequence = 0;
  private readonly stopListening: () => void;

  constructor(
    private readonly engine: SandboxEngine,
    private readonly master: AngelMaster,
    private readonly clock: Clock,
  ) {
    this.stopListening = engine.onOrder((record) => this.observe(record));
  }

  /** Every status change of every order, as the order socket sends them. */
  onUpdate(listener: OrderUpdateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.stopListening();
    this.listeners.clear();
  }

  /** Places an order and answers its entry at once; the engine may already have rejected it. */
  async place(params: PlaceParams): Promise<OrderEntry> {
    const now = this.clock.now();
    const entry = this.register(params.instrument, params.variety, now, params);
    const sandbox = params.instrument.sandbox;
    if (!sandbox) {
      const record = this.unpriced(entry, params, now);
      this.advance(entry, record);
      return entry;
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
        ...terms(params.priceType, params.price, params.triggerPrice),
        ...(params.tag === '' ? {} : { tag: params.tag }),
      });
    } catch (error) {
      this.forget(entry);
      throw error;
    } finally {
      this.placing -= 1;
    }
    this.claim(entry, record.orderId, [record]);
    if (this.placing === 0) this.adoptUnclaimed();
    return entry;
  }

  async modify(params: ModifyParams): Promise<OrderEntry> {
    const entry = this.working(params.orderId, 'modified');
    const current = entry.last as OrderRecord;
    if (params.instrument !== entry.instrument) {
      throw inputError('Invalid symboltoken: it does not match the order being modified');
    }
    if (params.product !== current.product) {
      throw inputError('Invalid producttype: convert the position instead of modifying the product');
    }
    entry.variety = params.variety;
    try {
      await this.engine.modifyOrder({
        orderId: entry.engineId as string,
        quantity: params.quantity,
        priceType: params.priceType,
        ...terms(params.priceType, params.price, params.triggerPrice),
        tickSize: entry.instrument.tickSize,
      });
    } catch (error) {
      throw engineRefusal(error, 'modified');
    }
    return entry;
  }

  async cancel(orderId: string): Promise<OrderEntry> {
    const entry = this.working(orderId, 'cancelled');
    entry.cancelRequested = true;
    try {
      await this.engine.cancelOrder(entry.engineId as string);
    } catch (error) {
      entry.cancelRequested = false;
      throw engineRefusal(error, 'cancelled');
    }
    return entry;
  }

  /** `getOrderBook`: every order in its latest state, oldest first (numbers as strings). */
  book(): Record<string, unknown>[] {
    return this.allEntries().map((entry) =>
      orderJson(entry, entry.last as OrderRecord, entry.status, 'book'),
    );
  }

  /** `order/v1/details/{uniqueorderid}` (prices as numbers). */
  details(uniqueOrderId: string): Record<string, unknown> {
    const entry = this.byUnique.get(uniqueOrderId);
    if (!entry?.last) throw notFound();
    return orderJson(entry, entry.last, entry.status, 'details');
  }

  entry(orderId: string): OrderEntry {
    const entry = this.entries.get(orderId);
    if (!entry?.last) throw notFound();
    return entry;
  }

  /** The Angel order id of an engine order (trades name engine ids). */
  angelIdOf(engineId: string): string | undefined {
    return this.byEngineId.get(engineId)?.orderId;
  }

  allEntries(): OrderEntry[] {
    return [...this.entries.values()].filter((entry) => entry.last !== undefined);
  }

  private register(
    instrument: AngelInstrument,
    variety: string,
    at: number,
    params?: Pick<PlaceParams, 'tag' | 'disclosedQuantity'>,
  ): OrderEntry {
    this.sequence += 1;
    const entry: OrderEntry = {
      orderId: `${angelIdDate(at)}${String(this.sequence).padStart(9, '0')}`,
      uniqueOrderId: randomUUID(),
      engineId: undefined,
      instrument,
      variety,
      tag: params?.tag ?? '',
      disclosedQuantity: params?.disclosedQuantity ?? 0,
      exchangeOrderId: '',
      exchangeTime: '',
      status: 'open pending',
      updateTime: angelDateTime(at),
      cancelRequested: false,
      last: undefined,
      history: [],
    };
    this.entries.set(entry.orderId, entry);
    this.byUnique.set(entry.uniqueOrderId, entry);
    return entry;
  }

  private forget(entry: OrderEntry): void {
    this.entries.delete(entry.orderId);
    this.byUnique.delete(entry.uniqueOrderId);
  }

  private unpriced(entry: OrderEntry, params: PlaceParams, at: number): OrderRecord {
    return {
      orderId: entry.orderId,
      sequence: 0,
      tag: params.tag || undefined,
      symbol: params.instrument.scrip.symbol,
      exchange: 'NSE',
      kind: 'equity',
      lotSize: params.instrument.lotSize,
      action: params.action,
      priceType: params.priceType,
      product: params.product,
      quantity: params.quantity,
      filledQuantity: 0,
      ...terms(params.priceType, params.price, params.triggerPrice),
      averagePrice: 0,
      status: 'rejected',
      statusMessage: UNPRICED_MESSAGE,
      blockedMargin: 0,
      createdAt: at,
      updatedAt: at,
    };
  }

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
      this.claim(this.register(instrument, 'NORMAL', first.createdAt), engineId, events);
    }
  }

  private working(orderId: string, verb: 'modified' | 'cancelled'): OrderEntry {
    const entry = this.entry(orderId);
    const status = entry.last?.status;
    if (entry.engineId === undefined || (status !== 'open' && status !== 'trigger_pending')) {
      throw inputError(`Order cannot be ${verb} as it is already ${entry.status}`);
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
    const at = next.updatedAt;
    for (const step of statusSteps(entry.last, next)) {
      entry.status = step.status;
      entry.updateTime = angelDateTime(at);
      const reachesExchange = step.status !== 'open pending' && step.status !== 'rejected';
      if (reachesExchange && entry.exchangeOrderId === '') {
        this.exchangeSequence += 1;
        entry.exchangeOrderId = String(1_100_000_000_000_000 + this.exchangeSequence);
        entry.exchangeTime = angelDateTime(at);
      }
      entry.history.push({ status: step.status, at });
      const order = orderJson(entry, step.record, step.status, 'details');
      for (const listener of this.listeners) listener({ entry, status: step.status, order });
    }
    entry.last = { ...next };
  }
}

/** An engine refusal of a modify/cancel (the order moved on, funds ran short) → Angel's AB1007. */
function engineRefusal(error: unknown, verb: string): unknown {
  if (!isOpenAlgoError(error)) return error;
  if (error.code === 'ORDER_NOT_FOUND') return notFound();
  return inputError(`Order cannot be ${verb}: ${error.message}`);
}
