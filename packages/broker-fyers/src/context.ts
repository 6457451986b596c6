import type { CallOptions, Clock, DataOptions, HttpClient, Logger } from '@openalgo/core';
import type { FyersConfig } from './config.js';
import type { FyersRateBucket } from './manifest.js';
import type { FyersSymbols } from './symbols.js';

/** What every operation of one logged-in account shares. */
export interface FyersContext {
  http: HttpClient;
  symbols: FyersSymbols;
  config: FyersConfig;
  clock: Clock;
  logger: Logger;
}

/** Every Fyers REST call, trading or data, draws from the one combined bucket (brokers.md §3.7). */
export const REST_LIMITS: readonly FyersRateBucket[] = ['rest'];

/** Typed-call options of one read: the REST bucket, the caller's abort signal, a name for errors. */
export function readCall(options: CallOptions | undefined, what: string): DataOptions {
  return { kind: 'read', limits: REST_LIMITS, signal: options?.signal, what };
}
