import type { StreamStatus } from '../contract/adapter.js';
import type { Logger } from '../http/logger.js';
import type { StreamMode, Tick } from '../model/market.js';
import type { InstrumentRef } from '../model/order.js';
import type { Clock } from '../time/clock.js';
import { highestRank, type ModeRank, rankOf } from './mode-rank.js';
import { instrumentKey, isWellFormedTick } from './ticks.js';
import { type MarketStreamSource, type UpstreamEntry, UpstreamStream } from './upstream-stream.js';

export type { MarketStreamSource } from './upstream-stream.js';

/**
 * Receives the upstream ticks of the instruments it asked for. Every subscriber of one tick gets the
 * same read-only object, fresh for each tick, so work done for one tick can be shared by identity.
 */
export interface MarketSubscriber {
  onTick(tick: Readonly<Tick>): void;
}

/** A subscriber's wish for one instrument: the richest mode it needs, or `none` to let go. */
export interface MarketDemand {
  ref: InstrumentRef;
  mode: StreamMode | 'none';
}

interface Entry extends UpstreamEntry {
  /** Each subscriber's richest wanted mode; the upstream mode is the richest over them. */
  demand: Map<MarketSubscriber, ModeRank>;
}

export interface SharedMarketStreamOptions {
  broker: string;
  /** The login's adapter: the stream opens its upstream with `adapter.marketStream()`. */
  adapter: MarketStreamSource;
  clock: Clock;
  logger: Logger;
  /**
   * After the upstream stream dies on its own (or an upstream call fails), wait this long before
   * trying again; the wait doubles on each failed attempt, up to MAX_REOPEN_DELAY_MS.
   */
  reopenDelayMs: number;
  /** A fresh adapter for this login (a new broker session), asked for before reopening a lost stream. */
  refreshAdapter?: () => Promise<MarketStreamSource | undefined>;
}

export const MAX_REOPEN_DELAY_MS = 60_000;

/**
 * One broker login's upstream market stream, shared by everything that wants its prices (the
 * server's feed clients, analyzer mode's price source), so a login opens one upstream socket.
 * Demand is recorded at once, so a joining subscriber gets the ticks already flowing; the upstream
 * is then brought in line by jobs that run one at a time, so concurrent changes cannot reorder
 * calls to the broker:
 * - an instrument is subscribed upstream at the richest mode any subscriber wants; asking more
 *   upgrades it, and when the last rich subscriber leaves it is downgraded (less broker bandwidth;
 *   poorer subscribers lose nothing, a richer tick carries what they need);
 * - it is unsubscribed upstream only when no subscriber wants it;
 * - the stream is opened on the first subscription and closed when nothing is subscribed;
 * - a stream the adapter closes on its own is reopened (on a refreshed adapter when one is offered)
 *   after a pause that grows while attempts fail, for whatever is still wanted.
 */
export class SharedMarketStream {
  readonly broker: string;
  private adapter: MarketStreamSource;
  private readonly entries = new Map<string, Entry>();
  /** Keys to re-check on the next job: the stream was lost, or an upstream call failed. */
  private readonly dirty = new Set<string>();
  private readonly upstream: UpstreamStream;
  private jobs: Promise<unknown> = Promise.resolve();
  private readonly shutdown = new AbortController();
  private closed = false;
  private badTicks = 0;
  private retryPending = false;
  private retryDelayMs: number;

  constructor(private readonly options: SharedMarketStreamOptions) {
    this.broker = options.broker;
    this.adapter = options.adapter;
    this.retryDelayMs = options.reopenDelayMs;
    this.upstream = new UpstreamStream({
      broker: options.broker,
      logger: options.logger,
      onTick: (tick) => this.dispatch(tick),
      onLost: () => this.onLost(),
    });
  }

  /** A newer adapter for the same login (e.g. after a fresh login) is used for the next stream. */
  useAdapter(adapter: MarketStreamSource): void {
    this.adapter = adapter;
  }

  /**
   * Records `subscriber`'s new demand, then reconciles the upstream. Resolves with the instruments
   * (by `instrumentKey`) whose upstream subscribe failed — the caller should withdraw that demand;
   * never rejects.
   */
  apply(subscriber: MarketSubscriber, changes: readonly MarketDemand[]): Promise<Map<string, unknown>> {
    const keys: string[] = [];
    for (const change of changes) {
      const key = instrumentKey(change.ref);
      let entry = this.entries.get(key);
      const rank = rankOf(change.mode);
      if (rank === 0) {
        if (!entry?.demand.delete(subscriber)) continue;
      } else {
        if (!entry) {
          entry = {
            ref: { symbol: change.ref.symbol, exchange: change.ref.exchange },
            demand: new Map(),
            actual: 0,
          };
          this.entries.set(key, entry);
        }
        entry.demand.set(subscriber, rank);
      }
      keys.push(key);
    }
    if (keys.length === 0 && this.dirty.size === 0) return Promise.resolve(new Map());
    return this.enqueue(() => this.reconcile(keys));
  }

  /** `open`/`connecting`/`reconnecting` while a stream exists, `idle` when none is needed. */
  get status(): StreamStatus['state'] | 'idle' {
    return this.upstream.status;
  }

  /** A stream is open and has not reported itself down: ticks are expected (see UpstreamStream). */
  get flowing(): boolean {
    return this.upstream.flowing;
  }

  stats(): { upstreamInstruments: number; demandedInstruments: number; streamOpen: boolean } {
    let upstream = 0;
    let demanded = 0;
    for (const entry of this.entries.values()) {
      if (entry.actual > 0) upstream++;
      if (entry.demand.size > 0) demanded++;
    }
    return {
      upstreamInstruments: upstream,
      demandedInstruments: demanded,
      streamOpen: this.upstream.current !== undefined,
    };
  }

  /** Resolves once every queued upstream change has run. */
  async settled(): Promise<void> {
    await this.jobs;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.shutdown.abort();
    await this.jobs;
    this.entries.clear();
    await this.closeStream();
  }

  private dispatch(tick: Tick): void {
    if (!isWellFormedTick(tick)) {
      // A malformed tick from an adapter must not take the stream down; say so once in a while.
      if (this.badTicks++ % 1000 === 0)
        this.options.logger.warn({ badTicks: this.badTicks }, 'dropped malformed tick');
      return;
    }
    const entry = this.entries.get(instrumentKey(tick));
    if (!entry || entry.demand.size === 0) return;
    // A copy per tick: an adapter may reuse its tick object, and subscribers share work by identity.
    const shared: Readonly<Tick> = Object.freeze({ ...tick });
    for (const subscriber of entry.demand.keys()) {
      try {
        subscriber.onTick(shared);
      } catch (err) {
        this.options.logger.error({ err }, 'tick delivery failed');
      }
    }
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.jobs.then(job, job);
    this.jobs = run.catch(() => undefined);
    return run;
  }

  private async reconcile(keys: readonly string[]): Promise<Map<string, unknown>> {
    const failures = new Map<string, unknown>();
    if (this.closed) return failures;
    const work = new Set([...keys, ...this.dirty]);
    this.dirty.clear();
    const subscribeAt = new Map<Exclude<ModeRank, 0>, Array<[string, Entry]>>();
    const release: Array<[string, Entry]> = [];
    for (const key of work) {
      const entry = this.entries.get(key);
      if (!entry) continue;
      const desired = highestRank(entry.demand.values());
      if (desired === entry.actual) {
        if (desired === 0) this.entries.delete(key);
      } else if (desired === 0) {
        release.push([key, entry]);
      } else {
        const group = subscribeAt.get(desired) ?? [];
        group.push([key, entry]);
        subscribeAt.set(desired, group);
      }
    }
    for (const [rank, group] of subscribeAt) {
      await this.upstream.subscribe(this.adapter, rank, group, failures);
    }
    if (release.length > 0) await this.releaseUpstream(release);
    if (this.upstream.current && ![...this.entries.values()].some((e) => e.demand.size > 0 || e.actual > 0)) {
      await this.closeStream();
    }
    return failures;
  }

  private async releaseUpstream(release: Array<[string, Entry]>): Promise<void> {
    const stream = this.upstream.current;
    if (stream) {
      try {
        await stream.unsubscribe(release.map(([, e]) => e.ref));
      } catch (err) {
        // Subscribers are already detached; try again later rather than lose track of it.
        this.options.logger.warn({ err, instruments: release.length }, 'upstream unsubscribe failed');
        for (const [key] of release) this.dirty.add(key);
        this.retryLater();
        return;
      }
    }
    for (const [key, entry] of release) {
      entry.actual = 0;
      if (entry.demand.size === 0) this.entries.delete(key);
      else this.dirty.add(key);
    }
  }

  /**
   * The adapter gave up (session expired, broker closed us): forget what was subscribed and, after a
   * pause so a dead broker is not hammered, open a fresh stream for whatever is still wanted.
   */
  private onLost(): void {
    for (const [key, entry] of this.entries) {
      entry.actual = 0;
      this.dirty.add(key);
    }
    this.retryLater();
  }

  private async closeStream(): Promise<void> {
    for (const entry of this.entries.values()) entry.actual = 0;
    await this.upstream.close();
  }

  /** Tries again after a pause that grows while attempts fail; at most one attempt is pending. */
  private retryLater(): void {
    if (this.retryPending || this.closed) return;
    this.retryPending = true;
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(delay * 2, MAX_REOPEN_DELAY_MS);
    this.options.clock.sleep(delay, this.shutdown.signal).then(
      () => {
        this.retryPending = false;
        void this.enqueue(() => this.retry());
      },
      () => undefined,
    );
  }

  private async retry(): Promise<void> {
    if (this.closed) return;
    if (!this.upstream.current && this.options.refreshAdapter) {
      try {
        this.adapter = (await this.options.refreshAdapter()) ?? this.adapter;
      } catch (err) {
        this.options.logger.warn({ err }, 'could not refresh the login before reopening its stream');
      }
    }
    await this.reconcile([]);
    const unmet = [...this.entries].filter(([, e]) => e.actual < highestRank(e.demand.values()));
    for (const [key] of unmet) this.dirty.add(key);
    if (this.dirty.size > 0) {
      this.options.logger.warn(
        { instruments: unmet.length, retryInMs: this.retryDelayMs },
        'upstream still not in line',
      );
      this.retryLater();
    } else {
      this.retryDelayMs = this.options.reopenDelayMs;
    }
  }
}
