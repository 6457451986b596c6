import type { StreamMode, Tick } from '../model/market.js';

/** The key one instrument is tracked under in stream bookkeeping: `EXCHANGE:SYMBOL`. */
export function instrumentKey(ref: { exchange: string; symbol: string }): string {
  return `${ref.exchange}:${ref.symbol}`;
}

const KNOWN_TICK_MODES: ReadonlySet<string> = new Set<StreamMode>(['ltp', 'quote', 'depth']);

/** The little a tick needs to be routed and rendered; adapters are typed, but a bug must not crash us. */
export function isWellFormedTick(tick: Tick | null | undefined): tick is Tick {
  return (
    typeof tick?.symbol === 'string' &&
    typeof tick.exchange === 'string' &&
    KNOWN_TICK_MODES.has(tick.mode) &&
    Number.isFinite(tick.ltp)
  );
}
