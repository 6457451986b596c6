import type { CallOptions, Clock, DataOptions, HttpClient, Logger } from '@openalgo/core';
import type { AngelConfig } from './config.js';
import type { AngelRateBucket } from './manifest.js';
import type { AngelSymbols } from './symbols.js';

/** What every operation of one logged-in account shares. */
export interface AngelContext {
  http: HttpClient;
  symbols: AngelSymbols;
  config: AngelConfig;
  clock: Clock;
  logger: Logger;
  /**
   * `orderid` → `uniqueorderid`, learnt from acks and order books: `order/v1/details/{id}` takes the
   * unique id, and knowing it saves reading the whole order book (1/s) to look one order up.
   */
  uniqueIds: Map<string, string>;
}

/**
 * Typed-call options of one read: its rate-limit bucket, the caller's abort signal, a name for errors.
 * SmartAPI's reads are GETs without a body and POSTs with one; both are reads (retried when transient).
 */
export function readCall(
  options: CallOptions | undefined,
  what: string,
  bucket: AngelRateBucket,
): DataOptions {
  return { kind: 'read', limits: [bucket], signal: options?.signal, what };
}
