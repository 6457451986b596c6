import type { Exchange } from '../../src/model/enums.js';
import type { Tick } from '../../src/model/market.js';

let clockBase = Date.UTC(2026, 0, 5, 4, 0, 0);

export function ltpTick(symbol: string, exchange: Exchange, ltp: number): Tick {
  clockBase += 1000;
  return { symbol, exchange, mode: 'ltp', ltp, timestamp: clockBase };
}

/** Lets queued microtasks and I/O callbacks run until `check` holds (no wall-clock waiting). */
export async function until(check: () => boolean, what: string, rounds = 10_000): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    if (check()) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  throw new Error(`gave up waiting for ${what}`);
}
