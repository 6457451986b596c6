import {
  type Clock,
  type Logger,
  type RateLimiter,
  type RateLimitSpec,
  SlidingWindowLimiter,
} from '@openalgo/core';
import type { RateWindowStore } from '../store/types.js';

/** How often recent send times are written behind to the store (clock time). */
export const RATE_WINDOW_FLUSH_MS = 5_000;

export interface LoginRateLimitersOptions {
  store: RateWindowStore;
  clock: Clock;
  logger: Logger;
  flushIntervalMs?: number;
  /** The per-call bound of every login's limiter (bulk operations pace beyond it). Default core's. */
  maxWaitMs?: number;
}

interface Entry {
  broker: string;
  login: string;
  limiter: SlidingWindowLimiter;
  /** The limiter's revision when last written. */
  saved: number;
}

/**
 * One rate limiter per broker login (broker id + broker user id), owned above the adapters: a
 * re-login builds a new adapter but finds the same limiter, so a fresh session cannot send a second
 * window's worth; every client of the login — orders, reads, reconciliation, analyzer quotes —
 * draws from it. Recent send times are loaded from the store when a login is first seen and written
 * behind on the injected clock (and on close), so a restart does not forget them either.
 */
export class LoginRateLimiters {
  private readonly entries = new Map<string, Entry>();
  private readonly options: LoginRateLimitersOptions;
  private readonly flushIntervalMs: number;
  private readonly stop = new AbortController();
  private loop: Promise<void> | undefined;
  private closed = false;

  constructor(options: LoginRateLimitersOptions) {
    this.options = options;
    this.flushIntervalMs = options.flushIntervalMs ?? RATE_WINDOW_FLUSH_MS;
  }

  /**
   * The login's limiter, built from the broker's declared limits on first use; undefined when the
   * broker declares none (the sandbox). `login` is the broker user id, or the account id while
   * the user id is not known.
   */
  limiterFor(
    broker: string,
    login: string,
    specs: Readonly<Record<string, RateLimitSpec>> | undefined,
  ): RateLimiter | undefined {
    if (specs === undefined || Object.keys(specs).length === 0) return undefined;
    const key = JSON.stringify([broker, login]);
    let entry = this.entries.get(key);
    if (!entry) {
      const { clock, maxWaitMs } = this.options;
      const sendTimes = this.options.store.load(broker, login);
      const limiter = new SlidingWindowLimiter(specs, {
        clock,
        broker,
        ...(maxWaitMs === undefined ? {} : { maxWaitMs }),
        ...(sendTimes ? { sendTimes } : {}),
      });
      entry = { broker, login, limiter, saved: limiter.revision };
      this.entries.set(key, entry);
      this.startFlushing();
    }
    return entry.limiter;
  }

  /** Writes every login whose windows moved since the last write. */
  flush(): void {
    const now = this.options.clock.now();
    for (const entry of this.entries.values()) {
      const revision = entry.limiter.revision;
      if (revision === entry.saved) continue;
      try {
        this.options.store.save(entry.broker, entry.login, entry.limiter.sendTimes(), now);
        entry.saved = revision;
      } catch (error) {
        // Losing a snapshot only means a restart forgets some sends; never fail an order for it.
        this.options.logger.warn({ err: error, broker: entry.broker }, 'could not save rate windows');
      }
    }
  }

  /** Stops writing behind and writes what is left. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stop.abort();
    await this.loop;
    this.flush();
  }

  /** Started with the first login, so CLI commands that open no account leave no timer behind. */
  private startFlushing(): void {
    if (this.loop || this.closed) return;
    const { clock } = this.options;
    const signal = this.stop.signal;
    this.loop = (async () => {
      while (!signal.aborted) {
        try {
          await clock.sleep(this.flushIntervalMs, signal);
        } catch {
          return;
        }
        this.flush();
      }
    })();
  }
}
