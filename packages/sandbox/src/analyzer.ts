import {
  type BrokerAdapter,
  type Clock,
  type InstrumentLookup,
  type Logger,
  parseOrThrow,
  type SharedMarketStream,
} from '@openalgo/core';
import { type SandboxConfigInput, SandboxConfigSchema } from './config.js';
import { sandboxServices } from './host-services.js';
import { LivePriceSource } from './market/live-price-source.js';
import { sandboxPlugin } from './plugin.js';
import { sandboxSession } from './session.js';
import type { SandboxStore } from './store/types.js';

export interface CreateAnalyzerOptions {
  /** The logged-in live adapter whose market data the simulated orders execute against. */
  live: BrokerAdapter;
  /** The sandbox account that holds the analyzer's paper book (kept apart from the sandbox's own). */
  accountId: string;
  /** Where the paper book persists (the host's database); default: in memory, gone on restart. */
  store?: SandboxStore;
  /**
   * The live login's shared market stream, so analyzer mode opens no upstream socket of its own;
   * without it the analyzer keeps a stream of its own on `live`.
   */
  stream?: SharedMarketStream;
  /** The live broker's instruments: the analyzer trades exactly what the live account can. */
  instruments: InstrumentLookup;
  /** Simulated execution lasts as long as the live session that feeds it. */
  expiresAt: number;
  /** Sandbox settings (starting capital, leverage, square-off times…); `accountId` is the option above. */
  config?: Omit<SandboxConfigInput, 'accountId'>;
  clock: Clock;
  logger: Logger;
}

/** Analyzer mode: a sandbox adapter that fills orders on the live broker's prices. */
export interface Analyzer {
  /** The simulated broker, behind the contract boundary like any plugin's adapter. */
  adapter: BrokerAdapter;
  priceSource: LivePriceSource;
  /** Closes the adapter, then lets go of the live prices. */
  close(): Promise<void>;
}

/**
 * OpenAlgo's analyzer mode: real market data from the live adapter, execution simulated by the
 * sandbox engine. The sandbox plugin is created through its host services like any other host
 * would, so the analyzer and a plain sandbox differ only in where prices come from.
 */
export async function createAnalyzer(options: CreateAnalyzerOptions): Promise<Analyzer> {
  const { live, accountId, clock, logger } = options;
  const priceSource = new LivePriceSource({
    adapter: live,
    clock,
    logger,
    ...(options.stream ? { stream: options.stream } : {}),
  });
  try {
    const config = parseOrThrow(SandboxConfigSchema, { ...options.config, accountId }, 'sandbox config');
    const adapter = await sandboxPlugin.create({
      config,
      session: { ...sandboxSession(accountId, clock.now()), expiresAt: options.expiresAt },
      instruments: options.instruments,
      http: {},
      clock,
      logger,
      host: sandboxServices({ priceSource, ...(options.store ? { store: options.store } : {}) }),
    });
    return {
      adapter,
      priceSource,
      async close() {
        await adapter.close();
        await priceSource.close();
      },
    };
  } catch (error) {
    await priceSource.close();
    throw error;
  }
}
