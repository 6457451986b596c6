import { ConfigError } from '../config.js';
import type { BrokerCatalog, CatalogEntry } from './broker-catalog.js';
import type { BrokerConfigResult } from './broker-config.js';

/**
 * The loaded broker plugins together with each one's configuration: the two questions every login
 * and every account opening asks first ("is this broker loaded?", "is it configured?").
 */
export class ConfiguredBrokers {
  constructor(
    private readonly catalog: BrokerCatalog,
    private readonly configs: ReadonlyMap<string, BrokerConfigResult<unknown>>,
  ) {}

  /** The catalog's broker, if loaded. */
  find(brokerId: string): CatalogEntry | undefined {
    return this.catalog.entries.get(brokerId);
  }

  /** The catalog's broker `brokerId`; a ConfigError naming the brokers that are loaded. */
  entry(brokerId: string): CatalogEntry {
    const entry = this.catalog.entries.get(brokerId);
    if (entry) return entry;
    const loaded = [...this.catalog.entries.keys()].join(', ');
    throw new ConfigError([
      `No broker plugin "${brokerId}" is loaded (loaded: ${loaded}); see \`openalgo brokers\`.`,
    ]);
  }

  /** The broker's configuration result (or why it is not configured), if any was given. */
  result(brokerId: string): BrokerConfigResult<unknown> | undefined {
    return this.configs.get(brokerId);
  }

  /** The broker's validated configuration; a ConfigError saying what is missing. */
  config(brokerId: string): unknown {
    const configured = this.configs.get(brokerId);
    if (!configured?.ok) throw new ConfigError([configured?.message ?? `${brokerId} is not configured`]);
    return configured.config;
  }

  /** Sessions of the broker sealed before this cannot work in this run (set by --simulate). */
  sessionsValidFrom(brokerId: string): number | undefined {
    const configured = this.configs.get(brokerId);
    return configured?.ok ? configured.sessionsValidFrom : undefined;
  }
}
