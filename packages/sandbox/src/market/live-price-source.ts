import {
  type BrokerAdapter,
  BrokerError,
  type Candle,
  type Clock,
  type HistoryRequest,
  type Instrument,
  type InstrumentRef,
  InvalidRequestError,
  type Logger,
  type MarketStream,
  noopLogger,
  type StreamMode,
  systemClock,
  type Tick,
  type Unsubscribe,
} from '@openalgo/core';
import { snapshotFromDepth, snapshotFromQuote, snapshotFromTick } from './live-mapping.js';
import type { MarketSnapshot, PriceListener, PriceSource } from './price-source.js';
import { StepLoop } from './step-loop.js';
import { Subscriptions } from './subscriptions.js';

export interface LivePriceSourceOptions {
  adapter: BrokerAdapter;
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

function keyOf(ref: InstrumentRef): string {
  return `${ref.exchange}:${ref.symbol}`;
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
 * Analyzer mode's price source (reference/openalgo-api.md §5): real market data from a logged-in
 * broker adapter, execution simulated by the sandbox. Snapshots come from getDepth (or getQuotes with
 * a one-level book when the broker has no depth); watching uses the adapter's market stream when it
 * has one, and polls getQuotes in one batch every pollIntervalMs otherwise. Stale-feed guard: while
 * streaming, any watched instrument that has had no tick for staleAfterMs, and every instrument while
 * the stream reports it is not open, is polled until ticks flow again.
 */
export class LivePriceSource implements PriceSource {
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
  private stream: MarketStream | undefined;
  private streamListeners: Unsubscribe[] = [];
  private streamOpen = true;

  constructor(options: LivePriceSourceOptions) {
    this.adapter = options.adapter;
    this.clock = options.clock ?? systemClock;
    this.staleAfterMs = positiveMs(options.staleAfterMs ?? 30_000, 'staleAfterMs');
    this.quoteTtlMs = Math.max(0, options.quoteTtlMs ?? 1000);
    this.logger = options.logger ?? noopLogger;
    this.useDepth = this.adapter.manifest.capabilities.getDepth !== false;
    this.streamMode = options.streamMode ?? (this.useDepth ? 'depth' : 'quote');
    this.loop = new StepLoop(
      this.clock,
      positiveMs(options.pollIntervalMs ?? 5000, 'pollIntervalMs'),
      () => this.poll(),
      (error) => this.logger.warn({ err: error }, 'live price poll failed; retrying next interval'),
    );
    this.subscriptions = new Subscriptions((count) => {
      if (count > 0) this.loop.start();
      else this.stopWatching();
    });
  }

  async snapshot(ref: InstrumentRef): Promise<MarketSnapshot> {
    const key = keyOf(ref);
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
    const keys = refs.map(keyOf);
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
    if (added.length > 0) this.streamSubscribe(added);
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
      if (removed.length > 0 && this.stream) {
        this.stream.unsubscribe(removed).catch((error: unknown) => this.warn(error, 'unsubscribe failed'));
      }
      unsubscribe();
    };
  }

  /** Stops polling and closes the stream; every watch ends. */
  async close(): Promise<void> {
    this.subscriptions.clear();
    this.watched.clear();
    this.stopWatching();
  }

  private async fetch(ref: InstrumentRef): Promise<MarketSnapshot> {
    const snapshot = await this.fetchFromBroker(ref);
    this.latest.set(keyOf(ref), snapshot);
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

  private openStream(): MarketStream | undefined {
    if (this.stream) return this.stream;
    if (!this.adapter.marketStream || this.adapter.manifest.capabilities.marketStream === false)
      return undefined;
    try {
      const stream = this.adapter.marketStream();
      this.stream = stream;
      this.streamOpen = true;
      this.streamListeners = [
        stream.onTick((tick) => this.onTick(tick)),
        stream.onStatus((status) => {
          this.streamOpen = status.state === 'open';
        }),
      ];
      return stream;
    } catch (error) {
      this.warn(error, 'market stream unavailable; polling instead');
      return undefined;
    }
  }

  private streamSubscribe(refs: InstrumentRef[]): void {
    const stream = this.openStream();
    stream?.subscribe(refs, this.streamMode).catch((error: unknown) => this.warn(error, 'subscribe failed'));
  }

  private stopWatching(): void {
    this.loop.stop();
    const stream = this.stream;
    if (!stream) return;
    this.stream = undefined;
    for (const off of this.streamListeners) off();
    this.streamListeners = [];
    stream.close().catch((error: unknown) => this.warn(error, 'closing the market stream failed'));
  }

  private onTick(tick: Tick): void {
    const key = keyOf(tick);
    const entry = this.watched.get(key);
    if (!entry) return;
    const now = this.clock.now();
    entry.updatedAt = now;
    this.publish(key, snapshotFromTick(tick, this.latest.get(key), now));
  }

  /** One polling round: every watched instrument, or only the stale ones while a stream is healthy. */
  private async poll(): Promise<void> {
    const now = this.clock.now();
    const streaming = this.stream !== undefined && this.streamOpen;
    const due = [...this.watched.values()].filter(
      (w) => !streaming || now - w.updatedAt >= this.staleAfterMs,
    );
    if (due.length === 0) return;
    const quotes = await this.adapter.getQuotes(due.map((w) => w.ref));
    const at = this.clock.now();
    for (const quote of quotes) {
      const key = keyOf(quote);
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
