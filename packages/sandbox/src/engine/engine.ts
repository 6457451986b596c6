import { BrokerUnavailableError, type Clock, type Logger, noopLogger } from '@openalgo/core';
import type { MarketSnapshot, PriceSource } from '../market/price-source.js';
import { MemoryStore } from '../store/memory-store.js';
import type { SandboxStore, StoreMutation } from '../store/types.js';
import { AccountBook, CURRENT_DAY, isWorking, openingState } from './book.js';
import { TradingCalendar } from './calendar.js';
import { type DayContext, runTimedEvent } from './day-events.js';
import { notWorking, orderNotFound } from './errors.js';
import { GttBook, type GttHost } from './gtt-book.js';
import { instrumentKind } from './instrument-kind.js';
import { notifyListeners, type OrderListener } from './listeners.js';
import { bookFrom } from './matching.js';
import { applyModify, type ModifyOrderInput, prepareModify } from './modify.js';
import type { SandboxEngineOptions } from './options.js';
import { cancelWorkingOrder, matchOrder } from './order-flow.js';
import { type PlaceOrderInput, placeInTransaction, placeRuleViolation } from './place.js';
import { MarketAccess } from './prices.js';
import type { InstrumentKind, OrderRecord, SandboxState, TradeRecord } from './records.js';
import { instrumentKey } from './records.js';
import { Schedule } from './schedule.js';
import { runScheduler } from './scheduler.js';
import { defaultEngineSettings, type EngineSettings } from './settings.js';
import { Transaction } from './transaction.js';
import type { FundsView, HoldingView, PositionView } from './views.js';
import { fundsView, holdingViews, positionView } from './views.js';
import { WorkingOrderWatch } from './watcher.js';

export type { OrderListener } from './listeners.js';
export type { ModifyOrderInput } from './modify.js';
export type { SandboxEngineOptions } from './options.js';
export type { PlaceOrderInput } from './place.js';

/**
 * One paper-trading account with OpenAlgo's analyzer semantics. Every operation first does any
 * time-based work that fell due (square-off, day start, settlement), then computes its changes in a
 * Transaction, writes them to the store and only then updates memory. Placement never throws for
 * a business rule: the order is recorded as rejected with the reason, as a broker's book shows it.
 */
export class SandboxEngine {
  readonly accountId: string;
  readonly settings: EngineSettings;
  private readonly book: AccountBook;
  private readonly store: SandboxStore;
  private readonly priceSource: PriceSource;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly schedule: Schedule;
  private readonly market: MarketAccess;
  private readonly watch: WorkingOrderWatch;
  private readonly listeners = new Set<OrderListener>();
  private readonly ctx: DayContext;
  /** The account's GTTs, fired on this engine's prices through its order path (gtt-book.ts). */
  readonly gtts: GttBook;
  private nextEvent: number;
  private scheduler: AbortController | undefined;
  private closed = false;

  constructor(options: SandboxEngineOptions) {
    this.accountId = options.accountId;
    this.settings = defaultEngineSettings(options.settings);
    this.store = options.store ?? new MemoryStore();
    this.priceSource = options.priceSource;
    this.clock = options.clock;
    this.logger = (options.logger ?? noopLogger).child({
      component: 'sandbox-engine',
      account: this.accountId,
    });
    this.schedule = new Schedule(this.settings.squareOffTimes, new TradingCalendar(this.settings.holidays));
    this.market = new MarketAccess(this.priceSource, this.logger);
    // Only the current IST day's orders and trades: earlier ones are in the store (order()).
    this.book = new AccountBook(this.store.load(this.accountId, CURRENT_DAY) ?? this.openAccount());
    this.ctx = { book: this.book, leverage: this.settings.leverage, prices: this.market };
    this.nextEvent = this.schedule.nextEventAfter(this.book.account.processedUntil);
    this.watch = new WorkingOrderWatch(this.priceSource, (snapshot) => this.onSnapshot(snapshot));
    for (const order of this.book.orders.values()) if (isWorking(order)) this.watch.update(order, true);
    const { accountId, store, priceSource, clock, logger } = this;
    this.gtts = new GttBook({ accountId, store, priceSource, clock, logger, place: this.placeFired });
  }

  /** A new account is written to the store at once, so a restart finds it even before any order. */
  private openAccount(): SandboxState {
    const state = openingState(this.accountId, this.settings.startingCapital, this.clock.now());
    this.store.apply(this.accountId, [{ type: 'account', record: { ...state.account } }]);
    return state;
  }

  /** Places an order. Resolves with the recorded order — possibly `rejected`, with the reason. */
  async placeOrder(input: PlaceOrderInput): Promise<OrderRecord> {
    const pending = this.beginOperation();
    if (pending) await pending;
    const instrument = input.instrument;
    const kind = instrumentKind(instrument);
    const violation = placeRuleViolation(input, kind);
    let snapshot: MarketSnapshot | undefined;
    if (!violation)
      snapshot = this.market.snapshotNow(instrument) ?? (await this.market.snapshot(instrument));
    return this.placeNow(input, kind, violation, snapshot);
  }

  /** Changes quantity, price, trigger or price type of a working order; throws if it can't. */
  async modifyOrder(input: ModifyOrderInput): Promise<OrderRecord> {
    await this.beginOperation();
    const before = this.findOrder(input.orderId);
    prepareModify(before, input);
    const snapshot = this.market.snapshotNow(before) ?? (await this.market.snapshot(before));
    const now = this.clock.now();
    this.runDueEvents(now);
    const tx = this.transaction();
    const order = applyModify(this.ctx, tx, input, snapshot, now);
    this.commit(tx);
    return { ...order };
  }

  async cancelOrder(orderId: string): Promise<OrderRecord> {
    await this.beginOperation();
    const current = this.findOrder(orderId);
    if (!isWorking(current)) throw notWorking(current, 'cancelled');
    const tx = this.transaction();
    const draft = tx.order(orderId) as OrderRecord;
    cancelWorkingOrder(tx, draft, 'Cancelled by the user', this.clock.now());
    this.commit(tx);
    return { ...draft };
  }

  async orders(): Promise<OrderRecord[]> {
    await this.beginOperation();
    return [...this.book.orders.values()].map((o) => ({ ...o }));
  }

  async order(orderId: string): Promise<OrderRecord> {
    await this.beginOperation();
    return { ...this.findOrder(orderId) };
  }

  /** Today's orders from memory, earlier days' from the store (finished, so read-only). */
  private findOrder(orderId: string): OrderRecord {
    const order = this.book.orders.get(orderId) ?? this.store.order?.(this.accountId, orderId);
    if (!order) throw orderNotFound(orderId);
    return order;
  }

  async trades(): Promise<TradeRecord[]> {
    await this.beginOperation();
    return this.book.trades.map((t) => ({ ...t }));
  }

  async positions(): Promise<PositionView[]> {
    await this.beginOperation();
    await this.market.refresh([...this.book.positions.values()]);
    return [...this.book.positions.values()].map((p) => positionView({ ...p }, this.ltp));
  }

  async holdings(): Promise<HoldingView[]> {
    await this.beginOperation();
    const refs = [...this.book.holdings.values(), ...this.book.positions.values()];
    await this.market.refresh(refs);
    return holdingViews(this.book, this.ltp);
  }

  async funds(): Promise<FundsView> {
    await this.beginOperation();
    await this.market.refresh([...this.book.positions.values()]);
    return fundsView(this.book, this.ltp);
  }

  /** Listens for every change of every order (placed, triggered, filled, cancelled, rejected). */
  onOrder(listener: OrderListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A deep copy of the whole account state, in store form. */
  state(): SandboxState {
    return this.book.snapshot();
  }

  /** Instruments currently subscribed for matching (those with working orders). */
  watchedInstruments(): string[] {
    return this.watch.watched();
  }

  nextEventAt(): number {
    return this.nextEvent;
  }

  /** Does every time-based task that fell due, pricing square-offs from fresh quotes. */
  async catchUp(): Promise<void> {
    if (this.clock.now() < this.nextEvent) return;
    const open = [...this.book.positions.values()].filter((p) => p.product === 'MIS' && p.netQuantity !== 0);
    await this.market.refresh(open);
    this.runDueEvents(this.clock.now());
  }

  /** Starts the loop that does time-based work on time even when no call arrives. */
  startScheduler(): void {
    if (this.scheduler || this.closed) return;
    this.scheduler = new AbortController();
    void runScheduler(this, this.clock, this.scheduler.signal, this.logger);
  }

  close(): void {
    this.closed = true;
    this.scheduler?.abort();
    this.scheduler = undefined;
    this.watch.close();
    this.gtts.close();
    this.listeners.clear();
  }

  /** Refuses work after close and catches up on due events; a promise only when there is work. */
  private beginOperation(): Promise<void> | undefined {
    if (this.closed) throw new BrokerUnavailableError('The sandbox engine is closed', { broker: 'sandbox' });
    return this.clock.now() >= this.nextEvent ? this.catchUp() : undefined;
  }

  private readonly ltp = (key: string): number => this.market.ltp(key);

  private transaction(): Transaction {
    return new Transaction(this.book, this.listeners.size > 0);
  }

  /** Runs the events due by `now` in one transaction, so a restart never does them twice. */
  private runDueEvents(now: number): void {
    if (now < this.nextEvent) return;
    const events = this.schedule.eventsBetween(this.book.account.processedUntil, now);
    const tx = this.transaction();
    let dayStart: number | undefined;
    for (const event of events) {
      runTimedEvent(this.ctx, tx, event);
      if (event.kind === 'dayStart') dayStart = event.at;
    }
    tx.account.processedUntil = now;
    this.commit(tx);
    this.nextEvent = this.schedule.nextEventAfter(now);
    // A new day: yesterday's orders (all finished now) and trades leave memory for the store.
    if (dayStart !== undefined) this.book.forgetBefore(dayStart);
  }

  /** Matches the instrument's working orders, oldest first, against one snapshot. */
  private onSnapshot(snapshot: MarketSnapshot): void {
    if (this.closed) return;
    const key = instrumentKey(snapshot.exchange, snapshot.symbol);
    this.market.remember(snapshot);
    try {
      const now = this.clock.now();
      this.runDueEvents(now);
      const ids = [...this.book.workingOrders(key)].map((o) => o.orderId);
      if (ids.length === 0) return;
      const tx = this.transaction();
      const liquidity = bookFrom(snapshot);
      for (const id of ids) matchOrder(this.ctx, tx, id, liquidity, false, now);
      if (tx.changed) this.commit(tx);
    } catch (error) {
      this.logger.error(
        { err: error, symbol: snapshot.symbol, exchange: snapshot.exchange },
        'matching failed',
      );
    }
  }

  /**
   * A GTT leg fired on `snapshot`: its order is placed at once (synchronously, so nothing fires it
   * twice) and `write(order)`, the GTT marked triggered, joins the order's store batch.
   */
  private readonly placeFired: GttHost['place'] = (input, snapshot, write) => {
    this.market.remember(snapshot);
    const kind = instrumentKind(input.instrument);
    return this.placeNow(input, kind, placeRuleViolation(input, kind), snapshot, write);
  };

  /** Records one placement (filled, working or rejected) in its own commit; `write` joins the batch. */
  private placeNow(
    input: PlaceOrderInput,
    kind: InstrumentKind,
    violation: string | undefined,
    snapshot: MarketSnapshot | undefined,
    write?: (order: OrderRecord) => StoreMutation,
  ): OrderRecord {
    const now = this.clock.now();
    this.runDueEvents(now);
    const tx = this.transaction();
    const args = { input, kind, violation, snapshot, now, schedule: this.schedule };
    const order = placeInTransaction(this.ctx, tx, args);
    this.commit(tx, write ? [write(order)] : []);
    return { ...order };
  }

  /** Store first, memory second, then subscriptions and listeners. `also`: writes of the same batch. */
  private commit(tx: Transaction, also: readonly StoreMutation[] = []): void {
    this.store.apply(this.accountId, [...tx.mutations(), ...also]);
    tx.applyTo(this.book);
    for (const order of tx.touchedOrders()) {
      this.watch.update(order, this.book.working.has(instrumentKey(order.exchange, order.symbol)));
    }
    notifyListeners(this.listeners, tx.events, this.logger);
  }
}
