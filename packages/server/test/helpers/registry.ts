import { join } from 'node:path';
import { type BrokerPlugin, type Clock, InstrumentRegistry, type Logger, noopLogger } from '@openalgo/core';
import sandboxPlugin from '@openalgo/sandbox';
import type { BrokerCatalog } from '../../src/accounts/broker-catalog.js';
import { type BrokerConfigResult, resolveBrokerConfig } from '../../src/accounts/broker-config.js';
import { AccountRegistry, SANDBOX_ACCOUNT } from '../../src/accounts/registry.js';
import { loadSecretKey } from '../../src/auth/secret-key.js';
import { openSecurity, type Security } from '../../src/auth/security.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { TEST_SECRET_HEX } from './tmp.js';

export interface TestRegistry {
  store: SqliteStore;
  security: Security;
  catalog: BrokerCatalog;
  brokerConfigs: Map<string, BrokerConfigResult<unknown>>;
  registry: AccountRegistry;
  close(): Promise<void>;
}

/** An accounts registry over a real SqliteStore with the sandbox plus the given plugins. */
export function testRegistry(options: {
  dir: string;
  clock: Clock;
  plugins?: BrokerPlugin[];
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
}): TestRegistry {
  const { dir, clock } = options;
  const env = options.env ?? {
    OPENALGO_FAKEBROKER_API_KEY: 'app-key',
    OPENALGO_FAKEBROKER_API_SECRET: 'app-secret',
  };
  const store = SqliteStore.openDataDir(dir);
  const security = openSecurity(store, loadSecretKey(dir, { OPENALGO_SECRET_KEY: TEST_SECRET_HEX }));
  const catalog: BrokerCatalog = { appDir: dir, entries: new Map(), diagnostics: [] };
  catalog.entries.set('sandbox', {
    id: 'sandbox',
    plugin: sandboxPlugin as BrokerPlugin,
    origin: 'built-in',
    builtin: true,
  });
  for (const plugin of options.plugins ?? []) {
    catalog.entries.set(plugin.manifest.id, {
      id: plugin.manifest.id,
      plugin,
      origin: 'test',
      builtin: false,
    });
  }
  const brokerConfigs = new Map<string, BrokerConfigResult<unknown>>();
  for (const entry of catalog.entries.values()) {
    const inject = entry.builtin ? { accountId: SANDBOX_ACCOUNT, scheduler: false } : undefined;
    brokerConfigs.set(
      entry.id,
      resolveBrokerConfig(entry.plugin, { file: {}, env, dataDir: dir, ...(inject ? { inject } : {}) }),
    );
  }
  const registry = new AccountRegistry({
    store,
    catalog,
    brokerConfigs,
    instruments: new InstrumentRegistry(join(dir, 'instruments'), clock, noopLogger),
    vault: security.vault,
    apiKeys: security.apiKeys,
    clock,
    logger: options.logger ?? noopLogger,
  });
  return {
    store,
    security,
    catalog,
    brokerConfigs,
    registry,
    async close() {
      await registry.close();
      store.close();
    },
  };
}
