import {
  type Candle,
  type Clock,
  type Exchange,
  type HistoryRequest,
  HistoryRequestSchema,
  type Instrument,
  type InstrumentRef,
  InvalidRequestError,
  type Logger,
  noopLogger,
  parseOrThrow,
  SymbolNotFoundError,
} from '@openalgo/core';
import { sessionLengthMs } from './calendar.js';
import { rootProfile } from './catalogue.js';
import {
  createPricing,
  fallbackSessionOf,
  pricingKind,
  rootNameOf,
  roundToTick,
} from './instrument-pricing.js';
import { InstrumentState } from './instrument-state.js';
import type { MarketSnapshot, PriceListener, PriceSource } from './price-source.js';
import { seedHash } from './random.js';
import { RootSeries } from './root-series.js';
import { StepLoop } from './step-loop.js';
import { Subscriptions } from './subscriptions.js';
import { syntheticCandles } from './synthetic-history.js';
import { generateUniverse } from './universe.js';

export interface SyntheticMarketOptions {
  clock: Clock;
  /** Same seed, same prices. Default 42. */
  seed?: number;
  /** Instruments to price; default: generateUniverse({ asOf: clock.now(), seed }). */
  universe?: readonly Instrument[];
  /** Length of one price step. Must divide one minute (1000, 500, 5000…). Default 1000. */
  tickIntervalMs?: number;
  /** Where a throwing watch listener is reported. */
  logger?: Logger;
}

function checkTickInterval(ms: number): number {
  if (!Number.isInteger(ms) || ms < 100 || 60_000 % ms !== 0) {
    throw new InvalidRequestError(
      `Invalid tickIntervalMs ${ms}: must be a whole number of milliseconds, at least 100, that divides one minute (e.g. 250, 1000, 5000)`,
      { field: 'tickIntervalMs' },
    );
  }
  return ms;
}

/**
 * The sandbox's seeded synthetic market (docs/architecture.md §6). Every price is a pure function of (seed,
 * instrument, clock step): a per-underlying random walk in steps of `tickIntervalMs` between
 * day-level closes, with derivatives priced from their underlying. Nothing runs unless someone
 * watches; then one loop on the injected clock emits a snapshot per watched instrument per step
 * (outside trading hours too, repeating the held session close).
 *
 * `snapshotSync` is the engine's hot path: it returns the same snapshot object for every call within
 * one clock step (and hands that object to watchers), so callers must treat it as read-only; repeated
 * lookups cost two map reads and a division. A snapshot's timestamp is the start of its price step.
 *
 * The default universe is generated for the clock's time at construction; a long-running process
 * that should see new expiries passes a fresh `generateUniverse` to a new market.
 *
 * Pins (`setPrice`) are a test back door. Pinning a cash or index instrument pins its underlying, so
 * its other listing, futures and options all reprice from the pinned level; pinning a future or an
 * option pins that contract alone. Pins affect snapshots and watchers, never `history()`.
 */
export class SyntheticMarket implements PriceSource {
  readonly clock: Clock;
  readonly seed: number;
  readonly tickIntervalMs: number;
  private readonly logger: Logger;
  private readonly universe: readonly Instrument[];
  private readonly states = new Map<Exchange, Map<string, InstrumentState>>();
  private readonly rootPins = new Map<RootSeries, number>();
  private pinVersion = 0;
  private readonly subscriptions: Subscriptions<InstrumentState, PriceListener>;
  private readonly loop: StepLoop;

  constructor(options: SyntheticMarketOptions) {
    this.clock = options.clock;
    this.seed = options.seed ?? 42;
    if (!Number.isFinite(this.seed)) {
      throw new InvalidRequestError(`Invalid seed ${this.seed}: must be a finite number`, { field: 'seed' });
    }
    this.tickIntervalMs = checkTickInterval(options.tickIntervalMs ?? 1000);
    this.logger = options.logger ?? noopLogger;
    this.universe = options.universe ?? generateUniverse({ asOf: this.clock.now(), seed: this.seed });
    this.index(this.universe);
    this.loop = new StepLoop(
      this.clock,
      this.tickIntervalMs,
      () => this.emitStep(),
      (error) => this.logger.error({ err: error }, 'synthetic market watch loop failed'),
    );
    this.subscriptions = new Subscriptions((count) => (count > 0 ? this.loop.start() : this.loop.stop()));
  }

  /** The instruments this market prices, in generation order. */
  listInstruments(): readonly Instrument[] {
    return this.universe;
  }

  /** The instrument row for a reference; SYMBOL_NOT_FOUND when the market does not carry it. */
  lookup(ref: InstrumentRef): Instrument {
    return this.stateOf(ref).pricing.instrument;
  }

  snapshotSync(ref: InstrumentRef): MarketSnapshot {
    return this.snapshotOf(this.stateOf(ref));
  }

  async snapshot(ref: InstrumentRef): Promise<MarketSnapshot> {
    return this.snapshotSync(ref);
  }

  async history(input: HistoryRequest): Promise<Candle[]> {
    const request = parseOrThrow(HistoryRequestSchema, input, 'history request');
    const state = this.stateOf(request);
    return syntheticCandles(state, request, this.tickIntervalMs, this.clock.now());
  }

  async *instruments(): AsyncIterable<Instrument> {
    yield* this.universe;
  }

  watch(refs: readonly InstrumentRef[], listener: PriceListener): () => void {
    const targets = refs.map((ref) => this.stateOf(ref));
    if (targets.length === 0) return () => {};
    return this.subscriptions.add(targets, listener);
  }

  /**
   * Pins an instrument's last price (rounded to its tick) until clearPrice; bid and ask sit one tick
   * either side and the depth is rebuilt around it. Watchers of every affected instrument get the new
   * snapshot at once. Returns the pinned instrument's snapshot.
   */
  setPrice(ref: InstrumentRef, price: number): MarketSnapshot {
    const state = this.stateOf(ref);
    if (!Number.isFinite(price) || price <= 0) {
      throw new InvalidRequestError(`Invalid price ${price} for ${ref.symbol}: must be greater than 0`, {
        field: 'price',
      });
    }
    const rounded = roundToTick(price, state.pricing);
    if (this.pinsRoot(state)) this.rootPins.set(state.pricing.root, rounded);
    else state.pinned = rounded;
    this.afterPinChange(state);
    return this.snapshotOf(state);
  }

  /** Releases a pin set by setPrice; the walk's price returns (and is emitted to watchers). */
  clearPrice(ref: InstrumentRef): void {
    const state = this.stateOf(ref);
    const removed = this.pinsRoot(state)
      ? this.rootPins.delete(state.pricing.root)
      : state.pinned !== undefined;
    state.pinned = undefined;
    if (removed) this.afterPinChange(state);
  }

  /** Ends every watch and its loop. Snapshots and history keep working. */
  close(): void {
    this.subscriptions.clear();
    this.loop.stop();
  }

  private pinsRoot(state: InstrumentState): boolean {
    return state.pricing.kind === 'cash' || state.pricing.kind === 'index';
  }

  private afterPinChange(state: InstrumentState): void {
    this.pinVersion++;
    const root = this.pinsRoot(state) ? state.pricing.root : undefined;
    const affected = (target: InstrumentState) =>
      target === state || (root !== undefined && target.pricing.root === root);
    for (const subscription of this.subscriptions.list()) {
      for (const target of subscription.targets) {
        if (affected(target)) this.deliver(subscription.listener, target);
      }
    }
  }

  private snapshotOf(state: InstrumentState): MarketSnapshot {
    const now = this.clock.now();
    const step = Math.floor(now / this.tickIntervalMs);
    const cached = state.cached;
    if (cached !== undefined && state.cachedStep === step && state.cachedVersion === this.pinVersion) {
      return cached;
    }
    const fresh = state.compute(now, this.tickIntervalMs, this.rootPins.get(state.pricing.root));
    state.cached = fresh;
    state.cachedStep = step;
    state.cachedVersion = this.pinVersion;
    return fresh;
  }

  private emitStep(): void {
    for (const subscription of this.subscriptions.list()) {
      for (const target of subscription.targets) this.deliver(subscription.listener, target);
    }
  }

  private deliver(listener: PriceListener, state: InstrumentState): void {
    try {
      listener(this.snapshotOf(state));
    } catch (error) {
      const { symbol, exchange } = state.pricing.instrument;
      this.logger.error(
        { err: error, symbol, exchange },
        'price listener threw; other watchers still notified',
      );
    }
  }

  private stateOf(ref: InstrumentRef): InstrumentState {
    const state = this.states.get(ref.exchange)?.get(ref.symbol);
    if (state) return state;
    throw new SymbolNotFoundError(`Symbol ${ref.symbol} not found on ${ref.exchange} in the sandbox market`, {
      broker: 'sandbox',
      field: 'symbol',
      details: { symbol: ref.symbol, exchange: ref.exchange },
    });
  }

  private index(universe: readonly Instrument[]): void {
    const roots = new Map<string, RootSeries>();
    const marketSeed = seedHash(this.seed);
    for (const instrument of universe) {
      let bySymbol = this.states.get(instrument.exchange);
      if (!bySymbol) {
        bySymbol = new Map();
        this.states.set(instrument.exchange, bySymbol);
      }
      if (bySymbol.has(instrument.symbol)) {
        throw new InvalidRequestError(
          `Duplicate instrument ${instrument.symbol} on ${instrument.exchange} in the sandbox universe`,
          { field: 'universe', details: { symbol: instrument.symbol, exchange: instrument.exchange } },
        );
      }
      const kind = pricingKind(instrument);
      const profile = rootProfile(rootNameOf(instrument, kind), fallbackSessionOf(instrument));
      const key = `${profile.session.name}:${profile.name}`;
      let root = roots.get(key);
      if (!root) {
        root = new RootSeries(profile, marketSeed, sessionLengthMs(profile.session) / this.tickIntervalMs);
        roots.set(key, root);
      }
      bySymbol.set(instrument.symbol, new InstrumentState(createPricing(instrument, kind, root)));
    }
  }
}
