import {
  type BrokerAdapter,
  BrokerError,
  type Candle,
  type Clock,
  DEFAULT_REOPEN_DELAY_MS,
  type HistoryRequest,
  type Instrument,
  type InstrumentRef,
  InvalidRequestError,
  instrumentKey,
  type Logger,
  type MarketSubscriber,
  noopLogger,
  SharedMarketStream,
  type StreamMode,
  supports,
  systemClock,
  type Tick,
} from '@openalgo/core';
import { snapshotFromDepth, snapshotFromQuote, snapshotFromTick } from './live-mapping.js';
import type { MarketSnapshot, PriceListener, PriceSource } from './price-source.js';
import { StepLoop } from './step-loop.js';
import { Subscriptions } from './subscriptions.js';

export interface LivePriceSourceOptions {
  adapter: BrokerAdapter;
  /**
   * The login's shared market stream (the server's feed uses the same one), so watching adds no
   * upstream socket. Without it the source keeps a stream of its own on `adapter`.
   */
  stream?: SharedMarketStream;
  clock?: Clock;
  /** Polling period for watched instruments without a (healthy) stream. Default 5000, as OpenAlgo. */
  pollIntervalMs?: number;
  /** A streamed instrument with no tick for this long is polled instead. Default 30000, as OpenAlgo. */
  staleAfterMs?: number;
  /** snapshot() reuses a price (fetched, polled or streamed) younger than this instead of asking the broker. Default 1000. */
  quoteTtlMs?: number;
  /** Stream mode; default 'depth' when the broker serves depth, else 'quote'. */
  streamMode?: Extract<StreamMode, 'quote' | 'depth'>;
  logger?: Logger;
}

interface Watched {
  ref: InstrumentRef;
  watchers: number;
  /** Clock time of the last price received for it (stream or poll). */
  updatedAt: number;
}

function positiveMs(value: number, field: string): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new InvalidRequestError(`Invalid ${field} ${value}: must be a positive number of milliseconds`, {
      field,
    });
  }
  return value;
}

/**
 * Analyzer mode's price source: real market data from a logged-in broker adapter, execution
 * simulated by the sandbox. Snapshots come from getDepth (or getQuotes with a one-level book when
 * the broker has no depth); watching subscribes on the login's shared market stream when the broker
 * streams, and polls getQuotes in one batch every pollIntervalMs otherwise. Stale-feed guard: while
 * streaming, any watched instrument that has had no tick for staleAfterMs, and every instrument while
 * the stream reports it is not open, is polled until ticks flow again.
 */
export class LivePriceSource implements PriceSource, MarketSubscriber {
  private readonly adapter: BrokerAdapter;
  private readonly clock: Clock;
  private readonly staleAfterMs: number;
  private readonly quoteTtlMs: number;
  private readonly streamMode: 'quote' | 'depth';
  private readonly logger: Logger;
  private readonly useDepth: boolean;
  private readonly latest = new Map<string, MarketSnapshot>();
  private readonly inflight = new Map<string, Promise<MarketSnapshot>>();
  private readonly watched = new Map<string, Watched>();
  private readonly subscriptions: Subscriptions<string, PriceListener>;
  private readonly loop: StepLoop;
  /** Undefined when the broker does not stream: every watched instrument is polled. */
  private readonly stream: SharedMarketStream | undefined;
  /** The stream was made here (no shared one was given), so closing this source closes it. */
  private readonly ownsStream: boolean;

  constructor(options: LivePriceSourceOptions) {
    this.adapter = options.adapter;
    this.clock = options.clock ?? systemClock;
    this.staleAfterMs = positiveMs(options.staleAfterMs ?? 30_000, 'staleAfterMs');
    this.quoteTtlMs = Math.max(0, options.quoteTtlMs ?? 1000);
    this.logger = options.logger ?? noopLogger;
    this.useDepth = supports(this.adapter.manifest, 'getDepth');
    this.streamMode = options.streamMode ?? (this.useDepth ? 'depth' : 'quote');
    this.loop = new StepLoop(
      this.clock,
      positiveMs(options.pollIntervalMs ?? 5000, 'pollIntervalMs'),
      () => this.poll(),
      (error) => this.logger.warn({ err: error }, 'live price poll failed; retrying next interval'),
    );
    this.subscriptions = new Subscriptions((count) => {
      if (count > 0) this.loop.start();
      else this.loop.stop();
    });
    const streams = supports(this.adapter.manifest, 'marketStream');
    this.ownsStream = streams && options.stream === undefined;
    this.stream = !streams
      ? undefined
      : (options.stream ??
        new SharedMarketStream({
          broker: this.adapter.manifest.id,
          adapter: this.adapter,
          clock: this.clock,
          logger: this.logger,
          reopenDelayMs: DEFAULT_REOPEN_DELAY_MS,
        }));
  }

  async snapshot(ref: InstrumentRef): Promise<MarketSnapshot> {
    const key = instrumentKey(ref);
    const known = this.latest.get(key);
    if (known && this.clock.now() - known.timestamp <= this.quoteTtlMs) return known;
    const pending = this.inflight.get(key);
    if (pending) return pending;
    const request = this.fetch(ref).finally(() => this.inflight.delete(key));
    this.inflight.set(key, request);
    return request;
  }

  history(request: HistoryRequest): Promise<Candle[]> {
    return this.adapter.getHistory(request);
  }

  instruments(): AsyncIterable<Instrument> {
    return this.adapter.downloadInstruments();
  }

  watch(refs: readonly InstrumentRef[], listener: PriceListener): () => void {
    if (refs.length === 0) return () => {};
    const keys = refs.map((ref) => instrumentKey(ref));
    const added: InstrumentRef[] = [];
    refs.forEach((ref, i) => {
      const key = keys[i] as string;
      const entry = this.watched.get(key);
      if (entry) entry.watchers++;
      else {
        this.watched.set(key, {
          ref: { symbol: ref.symbol, exchange: ref.exchange },
          watchers: 1,
          updatedAt: this.clock.now(),
        });
        added.push(ref);
      }
    });
    const unsubscribe = this.subscriptions.add(keys, listener);
    if (added.length > 0) this.demand(added, this.streamMode);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const removed: InstrumentRef[] = [];
      for (const key of keys) {
        const entry = this.watched.get(key);
        if (!entry || --entry.watchers > 0) continue;
        this.watched.delete(key);
        removed.push(entry.ref);
      }
      if (removed.length > 0) this.demand(removed, 'none');
      unsubscribe();
    };
  }

  /** Resolves once the stream changes asked for so far have reached the broker. */
  async settled(): Promise<void> {
    await this.stream?.settled();
  }

  /** Stops polling and lets go of the stream (closing it when it is this source's own); every watch ends. */
  async close(): Promise<void> {
    const watched = [...this.watched.values()].map((w) => w.ref);
    this.subscriptions.clear();
    this.watched.clear();
    this.loop.stop();
    if (watched.length > 0) this.demand(watched, 'none');
    // A shared stream's queue is not waited on: its owner may be closing this source from a job
    // of that very queue (reopening a lost stream re-resolves the account, closing the old one).
    if (this.ownsStream) await this.stream?.close();
  }

  onTick(tick: Readonly<Tick>): void {
    const key = instrumentKey(tick);
    const entry = this.watched.get(key);
    if (!entry) return;
    const now = this.clock.now();
    entry.updatedAt = now;
    this.publish(key, snapshotFromTick(tick, this.latest.get(key), now));
  }

  private async fetch(ref: InstrumentRef): Promise<MarketSnapshot> {
    const snapshot = await this.fetchFromBroker(ref);
    this.latest.set(instrumentKey(ref), snapshot);
    return snapshot;
  }

  private async fetchFromBroker(ref: InstrumentRef): Promise<MarketSnapshot> {
    if (this.useDepth) return snapshotFromDepth(await this.adapter.getDepth(ref), this.clock.now());
    const [quote] = await this.adapter.getQuotes([ref]);
    if (!quote) {
      throw new BrokerError(`The broker returned no quote for ${ref.symbol} on ${ref.exchange}`, {
        broker: this.adapter.manifest.id,
      });
    }
    return snapshotFromQuote(quote, this.clock.now());
  }

  /**
   * Tells the shared stream what this source wants. A refused subscribe is withdrawn: the
   * instrument gets no ticks, so the stale-feed guard polls it.
   */
  private demand(refs: readonly InstrumentRef[], mode: StreamMode | 'none'): void {
    const stream = this.stream;
    if (!stream) return;
    stream
      .apply(
        this,
        refs.map((ref) => ({ ref, mode })),
      )
      .then((failures) => {
        if (failures.size === 0) return;
        this.warn(
          [...failures.values()][0],
          `subscribe failed for ${failures.size} instrument(s); polling them`,
        );
        const refused = refs.filter((ref) => failures.has(instrumentKey(ref)));
        void stream.apply(
          this,
          refused.map((ref) => ({ ref, mode: 'none' as const })),
        );
      });
  }

  /** One polling round: every watched instrument, or only the stale ones while a stream is healthy. */
  private async poll(): Promise<void> {
    const now = this.clock.now();
    const streaming = this.stream?.flowing ?? false;
    const due = [...this.watched.values()].filter(
      (w) => !streaming || now - w.updatedAt >= this.staleAfterMs,
    );
    if (due.length === 0) return;
    const quotes = await this.adapter.getQuotes(due.map((w) => w.ref));
    const at = this.clock.now();
    for (const quote of quotes) {
      const key = instrumentKey(quote);
      const entry = this.watched.get(key);
      if (!entry) continue;
      entry.updatedAt = at;
      this.publish(key, snapshotFromQuote(quote, at));
    }
  }

  private publish(key: string, snapshot: MarketSnapshot): void {
    this.latest.set(key, snapshot);
    for (const subscription of this.subscriptions.list()) {
      if (!subscription.targets.includes(key)) continue;
      try {
        subscription.listener(snapshot);
      } catch (error) {
        this.logger.error(
          { err: error, symbol: snapshot.symbol, exchange: snapshot.exchange },
          'price listener threw',
        );
      }
    }
  }

  private warn(error: unknown, message: string): void {
    this.logger.warn({ err: error, broker: this.adapter.manifest.id }, `live price source: ${message}`);
  }
}
