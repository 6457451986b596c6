import type { Clock } from '@openalgo/core';

export interface BadKeyThrottleOptions {
  /** Invalid keys one client address may send per window before it is refused. */
  limit: number;
  /** The window, counted from the address's first invalid key in it. */
  windowMs: number;
  /** Addresses tracked at most; expired ones are swept first, then the oldest is forgotten. */
  maxAddresses: number;
}

export const DEFAULT_BAD_KEY_THROTTLE: Readonly<BadKeyThrottleOptions> = Object.freeze({
  limit: 10,
  windowMs: 60_000,
  maxAddresses: 10_000,
});

interface Failures {
  since: number;
  count: number;
}

/**
 * Throttles API-key guessing per client address. After `limit` invalid keys from one address within
 * `windowMs`, that address is answered 429 until the window ends, without the key being looked up
 * at all: guessing costs the guesser time and the server nothing. Other addresses, and valid keys
 * from them, are not affected. The address is the TCP peer (the server does not trust forwarding
 * headers), so behind a reverse proxy every client shares the proxy's address.
 */
export class BadKeyThrottle {
  private readonly failures = new Map<string, Failures>();
  private readonly options: BadKeyThrottleOptions;

  constructor(
    private readonly clock: Clock,
    options: Partial<BadKeyThrottleOptions> = {},
  ) {
    this.options = { ...DEFAULT_BAD_KEY_THROTTLE, ...options };
  }

  /** Milliseconds `address` must wait before a key it sends is looked up; 0 when it may go ahead. */
  waitFor(address: string): number {
    const entry = this.failures.get(address);
    if (!entry) return 0;
    const left = entry.since + this.options.windowMs - this.clock.now();
    if (left <= 0) {
      this.failures.delete(address);
      return 0;
    }
    return entry.count >= this.options.limit ? left : 0;
  }

  /** Counts one invalid key from `address`. */
  recordInvalid(address: string): void {
    const now = this.clock.now();
    const entry = this.failures.get(address);
    if (entry && now < entry.since + this.options.windowMs) {
      entry.count++;
      return;
    }
    // A new window goes to the end, so the map stays in the order windows expire in.
    this.failures.delete(address);
    if (this.failures.size >= this.options.maxAddresses) this.makeRoom(now);
    this.failures.set(address, { since: now, count: 1 });
  }

  /** Addresses currently tracked (for tests of the memory bound). */
  get size(): number {
    return this.failures.size;
  }

  private makeRoom(now: number): void {
    for (const [address, entry] of this.failures) {
      if (now < entry.since + this.options.windowMs) break;
      this.failures.delete(address);
    }
    // Still full: forget the oldest window rather than grow without bound.
    if (this.failures.size >= this.options.maxAddresses) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
  }
}
