import type { Clock, Logger } from '@openalgo/core';
import type { PriceSource } from '../market/price-source.js';
import type { SandboxStore } from '../store/types.js';
import type { EngineSettingsInput } from './settings.js';

export interface SandboxEngineOptions {
  accountId: string;
  priceSource: PriceSource;
  clock: Clock;
  /** Defaults to a fresh MemoryStore. */
  store?: SandboxStore;
  settings?: EngineSettingsInput;
  logger?: Logger;
}
