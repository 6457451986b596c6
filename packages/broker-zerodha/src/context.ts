import type { Clock, HttpClient, Logger } from '@openalgo/core';
import type { ZerodhaConfig } from './config.js';
import type { KiteSymbols } from './symbols.js';

/** What every operation of one logged-in account shares. */
export interface KiteContext {
  http: HttpClient;
  symbols: KiteSymbols;
  config: ZerodhaConfig;
  clock: Clock;
  logger: Logger;
}
