import type { BrokerAdapter, Clock, InstrumentRef, Logger, StreamStatus, Tick } from '@openalgo/core';
import { instrumentKey, isWellFormedTick, TickFrames } from './market-data.js';
import { highestMode, type ModeNumber } from './modes.js';
import { type UpstreamEntry, UpstreamStream } from './upstream-stream.js';

/** Receives the upstream ticks of the instruments it asked for. */
export interface TickSubscriber {
  onTick(frames: TickFrames): void;
}

/** A subscriber's wish for one instrument: the highest mode it needs, or 0 to let go. */
export interface DemandChange {
  ref: InstrumentRef;
  mode: ModeNumber | 0;
}

interface Entry extends UpstreamEntry {
  /** Each subscriber's highest wanted mode; the upstream mode is the maximum over them. */
  demand: Map<TickSubscriber, ModeNumber>;
}

export interface AccountFeedOptions {
  broker: string;
  userId: string;
  adapter: BrokerAdapter;
  clock: Clock;
  logger: Logger;
  /**
   * After the upstream stream dies on its own (or an upstream call fails), wait this long before
   * trying again; the wait doubles on each failed attempt, up to MAX_RETRY_DELAY_MS.
   */
  reopenDelayMs: number;
  /** A fresh adapter for this login (a new broker session), asked for before reopening a lost stream. */
  refreshAdapter?: () => Promise<BrokerAdapter | undefined>;
}

export const MAX_RETRY_DELAY_MS = 60_000;

/**
 * One broker account's upstream market stream, shared by every client of that account (DESIGN §8,
 * reference §6 "subscriptions ref-counted"). Demand is recorded at once, so a joining client gets
 * the ticks already flowing; the upstream is then brought in line by jobs that run one at a time, so
 * concurrent subscribes and unsubscribes cannot reorder calls to the broker:
 * - an instrument is subscribed upstream at the highest mode any client wants; a client asking more
 *   upgrades it, and when the last high-mode client leaves it is downgraded (less broker bandwidth;
 *   lower-mode clients lose nothing, because their messages are trimmed from richer ticks anyway);
 * - it is unsubscribed upstream only when no client wants it;
 * - the stream is opened on the first subscription and closed when nothing is subscribed;
 * - a stream the adapter closes on its own is reopened (on a refreshed adapter when one is offered)
 *   after a pause that grows while attempts fail, for whatever is still wanted.
 */
export class AccountFeed {
  readonly broker: string;
  readonly userId: string;
  private adapter: BrokerAdapter;
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

  constructor(private readonly options: AccountFeedOptions) {
    this.broker = options.broker;
    this.userId = options.userId;
    this.adapter = options.adapter;
    this.retryDelayMs = options.reopenDelayMs;
    this.upstream = new UpstreamStream({
      broker: options.broker,
      logger: options.logger,
      onTick: (tick) => this.dispatch(tick),
      onLost: () => this.onLost(),
    });
  }

  /** A newer adapter for the same account (e.g. after a fresh login) is used for the next stream. */
  useAdapter(adapter: BrokerAdapter): void {
    this.adapter = adapter;
  }

  /**
   * Records `subscriber`'s new demand, then reconciles the upstream. Resolves with the instruments
   * whose upstream subscribe failed (the caller should withdraw that demand); never rejects.
   */
  apply(subscriber: TickSubscriber, changes: readonly DemandChange[]): Promise<Map<string, unknown>> {
    const keys: string[] = [];
    for (const change of changes) {
      const key = instrumentKey(change.ref);
      let entry = this.entries.get(key);
      if (change.mode === 0) {
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
        entry.demand.set(subscriber, change.mode);
      }
      keys.push(key);
    }
    if (keys.length === 0 && this.dirty.size === 0) return Promise.resolve(new Map());
    return this.enqueue(() => this.reconcile(keys));
  }

  dispatch(tick: Tick): void {
    if (!isWellFormedTick(tick)) {
      // A malformed tick from an adapter must not take the feed down; say so once in a while.
      if (this.badTicks++ % 1000 === 0)
        this.log().warn({ badTicks: this.badTicks }, 'dropped malformed tick');
      return;
    }
    const entry = this.entries.get(instrumentKey(tick));
    if (!entry || entry.demand.size === 0) return;
    const frames = new TickFrames(tick, this.broker);
    for (const subscriber of entry.demand.keys()) {
      try {
        subscriber.onTick(frames);
      } catch (err) {
        this.log().error({ err }, 'tick delivery failed');
      }
    }
  }

  /** `open`/`connecting`/`reconnecting` while a stream exists, `idle` when none is needed. */
  get status(): StreamStatus['state'] | 'idle' {
    return this.upstream.status;
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
    const subscribeAt = new Map<ModeNumber, Array<[string, Entry]>>();
    const release: Array<[string, Entry]> = [];
    for (const key of work) {
      const entry = this.entries.get(key);
      if (!entry) continue;
      const desired = highestMode(entry.demand.values());
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
    for (const [mode, group] of subscribeAt) {
      await this.upstream.subscribe(this.adapter, mode, group, failures);
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
        // Clients are already detached; try again later rather than lose track of it.
        this.log().warn({ err, instruments: release.length }, 'upstream unsubscribe failed');
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
    this.retryDelayMs = Math.min(delay * 2, MAX_RETRY_DELAY_MS);
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
        this.log().warn({ err }, 'could not refresh the account before reopening its stream');
      }
    }
    await this.reconcile([]);
    const unmet = [...this.entries].filter(([, e]) => e.actual < highestMode(e.demand.values()));
    for (const [key] of unmet) this.dirty.add(key);
    if (this.dirty.size > 0) {
      this.log().warn(
        { instruments: unmet.length, retryInMs: this.retryDelayMs },
        'upstream still not in line',
      );
      this.retryLater();
    } else {
      this.retryDelayMs = this.options.reopenDelayMs;
    }
  }

  private log(): Logger {
    return this.options.logger;
  }
}
