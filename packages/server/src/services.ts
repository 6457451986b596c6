import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Clock, InstrumentRegistry, type Logger, systemClock } from '@openalgo/core';
import { warnUnavailableEgressAddresses } from './accounts/account-egress.js';
import { type BrokerCatalog, loadBrokerCatalog, SANDBOX_BROKER } from './accounts/broker-catalog.js';
import { type BrokerConfigResult, readBrokersFile, resolveBrokerConfig } from './accounts/broker-config.js';
import { simulatorNotRunning } from './accounts/broker-simulator.js';
import { AccountRegistry, SANDBOX_ACCOUNT } from './accounts/registry.js';
import { loadSecretKey, type SecretKeySource } from './auth/secret-key.js';
import { openSecurity, type Security } from './auth/security.js';
import { ConfigError, type ServerConfig } from './config.js';
import { SqliteStore } from './store/sqlite-store.js';

/**
 * What the services need from the configuration. With `simulate`, the broker's configuration is
 * filled in when its simulator starts, never read from env or brokers.json, and its instrument
 * master is cached apart from the real broker's.
 */
export type ServicesConfig = Pick<ServerConfig, 'dataDir' | 'appDir' | 'brokerPaths' | 'broker' | 'rekey'> &
  Partial<Pick<ServerConfig, 'publicUrl' | 'simulate'>>;

/** Where a simulated broker's masters are cached, apart from `instruments/`. */
export const SIMULATED_INSTRUMENTS_DIR = 'instruments-simulated';

export interface Services {
  store: SqliteStore;
  security: Security;
  catalog: BrokerCatalog;
  brokerConfigs: Map<string, BrokerConfigResult<unknown>>;
  instruments: InstrumentRegistry;
  accounts: AccountRegistry;
  secretSource: SecretKeySource;
  clock: Clock;
  logger: Logger;
  /** Closes the accounts (adapters, streams) and the store. */
  close(): Promise<void>;
}

function configureBrokers(
  catalog: BrokerCatalog,
  config: ServicesConfig,
  env: NodeJS.ProcessEnv,
): Map<string, BrokerConfigResult<unknown>> {
  if (config.simulate && config.broker === SANDBOX_BROKER) {
    throw new ConfigError([
      '--simulate needs --broker naming a broker package; the sandbox is simulated already',
    ]);
  }
  const file = readBrokersFile(config.dataDir);
  const configs = new Map<string, BrokerConfigResult<unknown>>();
  for (const entry of catalog.entries.values()) {
    if (config.simulate && entry.id === config.broker) {
      // Marked on the accounts page; the configuration comes from the simulator once it runs.
      catalog.entries.set(entry.id, { ...entry, origin: `${entry.origin} — SIMULATED` });
      configs.set(entry.id, simulatorNotRunning(entry));
      continue;
    }
    // The sandbox's account id is the sandbox account's (its books, in the server's database).
    const inject = entry.id === SANDBOX_BROKER ? { accountId: SANDBOX_ACCOUNT } : undefined;
    configs.set(entry.id, resolveBrokerConfig(entry.plugin, { file, env, dataDir: config.dataDir, inject }));
  }
  const chosen = configs.get(config.broker);
  if (!chosen) {
    const why = catalog.diagnostics
      .filter((d) => d.level === 'error')
      .map((d) => d.message)
      .join(' ');
    throw new ConfigError([
      `--broker (or OPENALGO_BROKER): no broker plugin "${config.broker}" is loaded from ${catalog.appDir} ` +
        `(loaded: ${[...catalog.entries.keys()].join(', ')}). Install @openalgo/broker-${config.broker} in ` +
        `that app or pass --app-dir.${why ? ` Loader: ${why}` : ''}`,
    ]);
  }
  if (!chosen.ok && !config.simulate) throw new ConfigError([chosen.message]);
  return configs;
}

/**
 * Everything except HTTP: the data directory, the secret key and what it protects, the broker
 * plugins and their configuration, and the accounts registry. `openalgo serve` puts the REST API
 * and the feed on top; the other CLI commands use these directly.
 */
export async function openServices(
  config: ServicesConfig,
  options: { logger: Logger; clock?: Clock; env?: NodeJS.ProcessEnv },
): Promise<Services> {
  const env = options.env ?? process.env;
  const clock = options.clock ?? systemClock;
  const { logger } = options;
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const secret = loadSecretKey(config.dataDir, env);
  const store = SqliteStore.openDataDir(config.dataDir, { checkpoints: { clock, logger } });
  try {
    const security = openSecurity(store, secret, { rekey: config.rekey, now: () => clock.now() });
    if (security.rekeyed) logger.warn({}, 'secret key changed: API keys and broker sessions were reset');
    const catalog = await loadBrokerCatalog({ appDir: config.appDir, paths: config.brokerPaths, logger });
    const brokerConfigs = configureBrokers(catalog, config, env);
    await warnUnavailableEgressAddresses(brokerConfigs, logger);
    const instruments = new InstrumentRegistry(
      join(config.dataDir, 'instruments'),
      clock,
      logger,
      config.simulate ? { [config.broker]: join(config.dataDir, SIMULATED_INSTRUMENTS_DIR) } : {},
    );
    const accounts = new AccountRegistry({
      store,
      catalog,
      brokerConfigs,
      instruments,
      vault: security.vault,
      apiKeys: security.apiKeys,
      clock,
      logger,
      baseUrl: config.publicUrl ?? '',
    });
    let closing: Promise<void> | undefined;
    return {
      store,
      security,
      catalog,
      brokerConfigs,
      instruments,
      accounts,
      secretSource: secret.source,
      clock,
      logger,
      close() {
        closing ??= accounts.close().finally(() => {
          store.close();
          return store.whenClosed();
        });
        return closing;
      },
    };
  } catch (error) {
    store.close();
    throw error;
  }
}
