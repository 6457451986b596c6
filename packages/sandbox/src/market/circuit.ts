import type { MarketSnapshot } from './price-source.js';

/** A day's price band: limit prices outside it are refused, as the exchange refuses them. */
export interface CircuitBand {
  lower: number;
  upper: number;
}

/**
 * ±20% of the previous close: NSE's widest price band for equities, and where the futures operating
 * range ends after its flexes. One band for every tradable instrument keeps the rule easy to predict.
 */
export const CIRCUIT_FRACTION = 0.2;

/** The cheapest contracts (an option at 0.05) still get room to trade: never narrower than this many ticks. */
export const MIN_CIRCUIT_TICKS = 20;

const FALLBACK_TICK = 0.05;

function onTick(price: number, tick: number, direction: 'up' | 'down'): number {
  const steps = price / tick;
  const whole = direction === 'up' ? Math.ceil(steps - 1e-9) : Math.floor(steps + 1e-9);
  return Number((whole * tick).toFixed(6));
}

/**
 * The band derived from the previous close the way NSE sets it, on the instrument's tick. A real band
 * holds the day's trading inside it; the synthetic market's pinned prices can go anywhere, so the band
 * widens to contain the day's range (as an exchange flexes a band that trading reaches). Undefined
 * without a previous close: nothing to anchor a band to, so nothing is refused for it.
 */
export function deriveCircuitBand(
  s: Pick<MarketSnapshot, 'prevClose' | 'high' | 'low' | 'ltp'>,
  tickSize: number,
): CircuitBand | undefined {
  if (!(s.prevClose > 0)) return undefined;
  const tick = tickSize > 0 ? tickSize : FALLBACK_TICK;
  const half = Math.max(s.prevClose * CIRCUIT_FRACTION, MIN_CIRCUIT_TICKS * tick);
  let lower = Math.max(tick, onTick(s.prevClose - half, tick, 'up'));
  let upper = onTick(s.prevClose + half, tick, 'down');
  for (const traded of [s.low, s.high, s.ltp]) {
    if (!(traded > 0)) continue;
    lower = Math.min(lower, onTick(traded, tick, 'down'));
    upper = Math.max(upper, onTick(traded, tick, 'up'));
  }
  return { lower, upper };
}

/** The band a snapshot publishes, or the one derived from it when its source does not publish one. */
export function circuitBandOf(
  s: Pick<MarketSnapshot, 'prevClose' | 'high' | 'low' | 'ltp' | 'lowerCircuit' | 'upperCircuit'>,
  tickSize: number,
): CircuitBand | undefined {
  if (s.lowerCircuit !== undefined && s.upperCircuit !== undefined && s.upperCircuit > 0) {
    return { lower: s.lowerCircuit, upper: s.upperCircuit };
  }
  return deriveCircuitBand(s, tickSize);
}

/** Is a price inside the band (edges included)? */
export function insideBand(price: number, band: CircuitBand): boolean {
  return price >= band.lower - 1e-9 && price <= band.upper + 1e-9;
}
