import type { BrokerCatalog, CatalogEntry } from './broker-catalog.js';
import type { BrokerConfigResult } from './broker-config.js';

export class UnknownBrokerError extends Error {
  constructor(
    readonly brokerId: string,
    known: string[],
  ) {
    super(
      `No broker plugin "${brokerId}" is loaded (loaded: ${known.join(', ')}); see \`openalgo brokers\`.`,
    );
    this.name = 'UnknownBrokerError';
  }
}

export class BrokerNotConfiguredError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BrokerNotConfiguredError';
  }
}

/** The catalog's broker `brokerId`; throws UnknownBrokerError naming the brokers that are loaded. */
export function catalogEntry(catalog: BrokerCatalog, brokerId: string): CatalogEntry {
  const entry = catalog.entries.get(brokerId);
  if (!entry) throw new UnknownBrokerError(brokerId, [...catalog.entries.keys()]);
  return entry;
}

/** The broker's validated configuration; throws BrokerNotConfiguredError saying what is missing. */
export function brokerConfig(
  configs: ReadonlyMap<string, BrokerConfigResult<unknown>>,
  entry: CatalogEntry,
): unknown {
  const configured = configs.get(entry.id);
  if (!configured?.ok)
    throw new BrokerNotConfiguredError(configured?.message ?? `${entry.id} is not configured`);
  return configured.config;
}
