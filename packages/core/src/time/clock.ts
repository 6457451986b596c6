/**
 * Time is injected everywhere (docs/architecture.md §9: no sleeps in code or tests), so tests move a manual clock
 * instead of waiting and production uses the system clock.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms` of this clock's time; rejects with the signal's reason if aborted first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

interface Sleeper {
  wakeAt: number;
  seq: number;
  resolve: () => void;
}

/** A clock that only moves when told to. `advance` wakes sleepers in time order. */
export class ManualClock implements Clock {
  private current: number;
  private sleepers: Sleeper[] = [];
  private seq = 0;

  constructor(startMs = Date.UTC(2026, 0, 5, 4, 0, 0)) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  /** Number of callers currently waiting in `sleep`. */
  get pendingSleeps(): number {
    return this.sleepers.length;
  }

  /** When the earliest sleeper is due (undefined: none), so a test can step from wake to wake. */
  nextWakeAt(): number | undefined {
    return this.nextDue(Number.POSITIVE_INFINITY)?.wakeAt;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        reject(signal?.reason);
      };
      // Like systemClock: a woken sleeper leaves nothing on a long-lived signal (a loop's stop signal).
      const wake = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const sleeper: Sleeper = { wakeAt: this.current + Math.max(0, ms), seq: this.seq++, resolve: wake };
      this.sleepers.push(sleeper);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Moves time forward, waking due sleepers one at a time and letting each one's continuation run. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      const next = this.nextDue(target);
      if (!next) break;
      this.current = next.wakeAt;
      this.sleepers = this.sleepers.filter((s) => s !== next);
      next.resolve();
      await flushMicrotasks();
    }
    this.current = target;
    await flushMicrotasks();
  }

  /** Sets the absolute time (forward only), waking everything due. */
  async set(epochMs: number): Promise<void> {
    if (epochMs < this.current) throw new Error('ManualClock cannot move backwards');
    await this.advance(epochMs - this.current);
  }

  private nextDue(limit: number): Sleeper | undefined {
    let best: Sleeper | undefined;
    for (const s of this.sleepers) {
      if (s.wakeAt > limit) continue;
      if (!best || s.wakeAt < best.wakeAt || (s.wakeAt === best.wakeAt && s.seq < best.seq)) best = s;
    }
    return best;
  }
}

/** Lets promise chains settle; a macrotask boundary so awaited I/O-free continuations all run. */
export function flushMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
