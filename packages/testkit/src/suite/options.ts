/** Tuning for brokers whose simulators behave differently from the defaults. All optional. */
export interface SuiteOptions {
  /** Lots per order (default 1). */
  lots?: number;
  /** How far from the market resting LIMIT/SL orders are placed, as a fraction (default 0.03). */
  restingDistance?: number;
  /** Order-status polls before a check stops waiting for an order to settle (default 10). */
  pollAttempts?: number;
  /** Harness-clock time between two polls (default 1000 ms). */
  pollIntervalMs?: number;
  /** Master rows checked to resolve both ways; every row when the master is smaller (default 5000). */
  instrumentSample?: number;
  /** Used as the reference price when the broker has no quotes (default 1000). */
  fallbackPrice?: number;
}

export type ResolvedSuiteOptions = Required<SuiteOptions>;

export function resolveOptions(options: SuiteOptions = {}): ResolvedSuiteOptions {
  return {
    lots: options.lots ?? 1,
    restingDistance: options.restingDistance ?? 0.03,
    pollAttempts: options.pollAttempts ?? 10,
    pollIntervalMs: options.pollIntervalMs ?? 1000,
    instrumentSample: options.instrumentSample ?? 5000,
    fallbackPrice: options.fallbackPrice ?? 1000,
  };
}
