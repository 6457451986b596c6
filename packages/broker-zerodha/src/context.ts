import type { CallOptions, Clock, DataOptions, HttpClient, Logger } from '@openalgo/core';
import type { ZerodhaConfig } from './config.js';
import type { KiteSymbols } from './instruments/symbols.js';

/** What every operation of one logged-in account shares. */
export interface KiteContext {
  http: HttpClient;
  symbols: KiteSymbols;
  config: ZerodhaConfig;
  clock: Clock;
  logger: Logger;
}

/** Kite's rate-limit bucket for calls without their own (everything but orders, quotes, history). */
const DEFAULT_LIMITS = ['default'] as const;

/** Typed-call options of one read: its rate-limit bucket, the caller's abort signal, a name for errors. */
export function readCall(
  options: CallOptions | undefined,
  what: string,
  limits: readonly string[] = DEFAULT_LIMITS,
): DataOptions {
  return { kind: 'read', limits, signal: options?.signal, what };
}
