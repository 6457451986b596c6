import { type CircuitBand, circuitBandOf } from '@openalgo/sandbox';
import type { KiteInstrument } from './master.js';
import type { QuoteSource } from './quote-json.js';

export type { CircuitBand };

/**
 * The day's price band of an instrument: what the quote publishes as `lower/upper_circuit_limit` and
 * what a LIMIT price is checked against, so the two never disagree. The band itself is the sandbox's
 * (one rule for the engine, the sandbox adapter and this simulator): a priced instrument's snapshot
 * publishes it, and a listed-but-unpriced filler row gets the same derivation from its still picture.
 * Index feeds carry none.
 */
export function circuitBand(instrument: KiteInstrument, q: QuoteSource): CircuitBand | undefined {
  if (instrument.segment === 'INDICES') return undefined;
  return circuitBandOf(q, instrument.tickSize);
}
