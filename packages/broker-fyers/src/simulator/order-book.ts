import { isOpenAlgoError } from '@openalgo/core';
import type { OrderRecord, SandboxEngine, SyntheticMarket } from '@openalgo/sandbox';
import { badRequest, FyersApiError } from './envelope.js';
import type { FyersInstrument, FyersMaster } from './master.js';
import type { ModifyParams, PlaceParams } from './order-form.js';
import { DEFAULT_META, type OrderMeta, orderRow, tradeRow } from './order-rows.js';

/** Filler rows are listed so the masters have a real size; only the sandbox universe is priced. */
export const UNPRICED_MESSAGE =
  'This instrument is listed but not priced by the Fyers simulator: trade an instrument of the sandbox universe';

/** An order change as the order socket reports it: the engine's record and Fyers' REST row. */
export interface OrderUpdate {
  record: OrderRecord;
  row: Record<string, unknown>;
}

export type OrderUpdateListener = (update: OrderUpdate) => void;

/**
 * Fyers' view of one account's orders over the sandbox engine. The engine's ids already have Fyers'
 * current form (`YYMMDD` + 8 digits, 14 in all: brokers.md §3.10), so they are used as they are; the
 * book keeps only what Fyers shows and the engine does not model (validity, disclosed qty, AMO flag,
 * exchange order id). Every engine event is passed on as a REST row to the order socket's listeners.
 */
export class FyersOrderBook {
  private readonly meta = new Map<string, OrderMeta>();
  private readonly listeners = new Set<OrderUpdateListener>();
  private exchangeSequence = 0;
  private readonly stopListening: () => void;

  constructor(
    private readonly engine: SandboxEngine,
    private readonly market: SyntheticMarket,
    private readonly master: FyersMaster,
    private readonly clientId: string,
  ) {
    this.stopListening = engine.onOrder((record) => this.observe(record));
  }

  onUpdate(listener: OrderUpdateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.stopListening();
    this.listeners.clear();
  }

  /** Places an order; answers the engine's record (possibly already rejected, filled or working). */
  async place(params: PlaceParams): Promise<OrderRecord> {
    const sandbox = params.instrument.sandbox;
    if (!sandbox) throw badRequest(-99, UNPRICED_MESSAGE);
    const record = await this.engine.placeOrder({
      instrument: sandbox,
      action: params.action,
      quantity: params.quantity,
      priceType: params.priceType,
      product: params.product,
      price: params.priceType === 'LIMIT' || params.priceType === 'SL' ? params.price : 0,
      triggerPrice: params.priceType === 'SL' || params.priceType === 'SL-M' ? params.triggerPrice : 0,
      ...(params.tag === undefined ? {} : { tag: params.tag }),
    });
    const meta = this.metaOf(record);
    meta.validity = params.validity;
    meta.disclosedQty = params.disclosedQty;
    meta.offlineOrder = params.offlineOrder;
    return record;
  }

  async modify(params: ModifyParams): Promise<OrderRecord> {
    const current = await this.working(params.id, 'modify');
    const priceType = params.priceType ?? current.priceType;
    const price = params.price ?? current.price;
    const trigger = params.triggerPrice ?? current.triggerPrice;
    const instrument = this.instrumentOf(current);
    try {
      return await this.engine.modifyOrder({
        orderId: current.orderId,
        quantity: params.quantity ?? current.quantity,
        priceType,
        price: priceType === 'LIMIT' || priceType === 'SL' ? price : 0,
        triggerPrice: priceType === 'SL' || priceType === 'SL-M' ? trigger : 0,
        ...(instrument ? { tickSize: instrument.tickSize } : {}),
      });
    } catch (error) {
      throw engineRefusal(error, -163, current.orderId);
    }
  }

  async cancel(orderId: string): Promise<OrderRecord> {
    const current = await this.working(orderId, 'cancel');
    try {
      return await this.engine.cancelOrder(current.orderId);
    } catch (error) {
      throw engineRefusal(error, -161, orderId);
    }
  }

  /** `GET /api/v3/orders`: every order of the day, oldest first, as Fyers rows. */
  async orderRows(filter: { id?: string; tag?: string } = {}): Promise<Record<string, unknown>[]> {
    const rows: Record<string, unknown>[] = [];
    for (const record of await this.engine.orders()) {
      if (filter.id !== undefined && record.orderId !== filter.id) continue;
      if (filter.tag !== undefined && record.tag !== filter.tag) continue;
      const row = this.rowOf(record, rows.length + 1);
      if (row) rows.push(row);
    }
    return rows;
  }

  /** `GET /api/v3/tradebook`. */
  async tradeRows(filter: { tag?: string } = {}): Promise<Record<string, unknown>[]> {
    const orders = new Map((await this.engine.orders()).map((o) => [o.orderId, o]));
    const rows: Record<string, unknown>[] = [];
    for (const trade of await this.engine.trades()) {
      const order = orders.get(trade.orderId);
      if (filter.tag !== undefined && order?.tag !== filter.tag) continue;
      const instrument = this.master.forSandbox(trade.exchange, trade.symbol);
      if (!instrument) continue;
      const meta = this.meta.get(trade.orderId) ?? DEFAULT_META;
      rows.push(tradeRow(trade, order, meta, instrument, this.clientId, rows.length + 1));
    }
    return rows;
  }

  /** The engine record of an order id; −159 "invalid order number" when the account has none. */
  async record(orderId: string): Promise<OrderRecord> {
    try {
      return await this.engine.order(orderId);
    } catch (error) {
      if (isOpenAlgoError(error) && error.code === 'ORDER_NOT_FOUND')
        throw badRequest(-159, 'Invalid order number');
      throw error;
    }
  }

  instrumentOf(record: Pick<OrderRecord, 'exchange' | 'symbol'>): FyersInstrument | undefined {
    return this.master.forSandbox(record.exchange, record.symbol);
  }

  /** The Fyers row of an engine record; undefined for an instrument the master does not list. */
  rowOf(record: OrderRecord, slNo: number): Record<string, unknown> | undefined {
    const instrument = this.instrumentOf(record);
    if (!instrument?.sandbox) return undefined;
    const snapshot = this.market.snapshotSync(instrument.sandbox);
    return orderRow(
      record,
      this.meta.get(record.orderId) ?? DEFAULT_META,
      instrument,
      this.clientId,
      snapshot,
      slNo,
    );
  }

  /** A working order, or Fyers' code for why it cannot be touched (§3.6: −161, −162, −164). */
  private async working(orderId: string, verb: 'modify' | 'cancel'): Promise<OrderRecord> {
    const record = await this.record(orderId);
    switch (record.status) {
      case 'open':
      case 'trigger_pending':
        return record;
      case 'cancelled':
        throw badRequest(-161, `Order already cancelled, cannot ${verb}`, { id: orderId });
      case 'complete':
        throw badRequest(-162, `Order already traded, cannot ${verb}`, { id: orderId });
      default:
        throw badRequest(-164, `Order already rejected, cannot ${verb}`, { id: orderId });
    }
  }

  private metaOf(record: OrderRecord): OrderMeta {
    let meta = this.meta.get(record.orderId);
    if (!meta) {
      meta = { ...DEFAULT_META };
      this.meta.set(record.orderId, meta);
    }
    // An order reaches the exchange unless the RMS rejected it on arrival.
    if (meta.exchOrdId === '' && record.status !== 'rejected') {
      this.exchangeSequence += 1;
      meta.exchOrdId = String(1_100_000_000_000_000 + this.exchangeSequence);
    }
    return meta;
  }

  private observe(record: OrderRecord): void {
    this.metaOf(record);
    if (this.listeners.size === 0) return;
    const row = this.rowOf(record, 0);
    if (!row) return;
    for (const listener of this.listeners) listener({ record, row });
  }
}

/** An engine refusal of a modify/cancel (the order moved on, funds ran short) → Fyers' code. */
function engineRefusal(error: unknown, code: number, orderId: string): unknown {
  if (!isOpenAlgoError(error)) return error;
  if (error.code === 'ORDER_NOT_FOUND') return badRequest(-159, 'Invalid order number');
  return new FyersApiError(400, code, error.message, { id: orderId });
}
