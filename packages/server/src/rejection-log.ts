import type { Clock } from '@openalgo/core';

/** How long repeats of one rejection stay quiet after it was logged. */
export const REJECTION_LOG_WINDOW_MS = 60_000;
/** Distinct (route, code, client address) windows kept; beyond it clients share one window. */
export const REJECTION_LOG_MAX_KEYS = 10_000;
const OVERFLOW = '(many clients)';

export interface RejectionVerdict {
  /** Write this rejection's line. */
  log: boolean;
  /** Similar rejections left out since the last line of this kind (reported on this one). */
  suppressed: number;
}

interface Window {
  until: number;
  suppressed: number;
}

/**
 * Decides which rejected requests are worth a log line. The first rejection of a kind — one route,
 * one error code, one client address — is logged; repeats within the window are only counted, and
 * the first one after the window reports how many were left out. A client hammering a 429 then
 * costs one line a minute instead of a line per request (the issue measured 134 MB a minute).
 * Memory is bounded: expired windows are swept when the table is full, and past that every new
 * client shares one window per route and code.
 */
export class RejectionLog {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly clock: Clock,
    private readonly windowMs = REJECTION_LOG_WINDOW_MS,
    private readonly maxKeys = REJECTION_LOG_MAX_KEYS,
  ) {}

  note(route: string, code: string, address: string): RejectionVerdict {
    const now = this.clock.now();
    let key = `${route}\u0000${code}\u0000${address}`;
    let window = this.windows.get(key);
    if (!window && this.windows.size >= this.maxKeys) {
      this.sweep(now);
      if (this.windows.size >= this.maxKeys) {
        key = `${route}\u0000${code}\u0000${OVERFLOW}`;
        window = this.windows.get(key);
      }
    }
    if (window && now < window.until) {
      window.suppressed++;
      return { log: false, suppressed: 0 };
    }
    const suppressed = window?.suppressed ?? 0;
    // Re-inserted so the map's order is the order windows expire in.
    this.windows.delete(key);
    this.windows.set(key, { until: now + this.windowMs, suppressed: 0 });
    return { log: true, suppressed };
  }

  /** Windows currently held (for tests of the memory bound). */
  get size(): number {
    return this.windows.size;
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) {
      if (now < window.until) break;
      this.windows.delete(key);
    }
  }
}
