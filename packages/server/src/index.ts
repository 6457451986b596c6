export { AccountRuntime, analyzerAccountId } from './accounts/account-runtime.js';
export {
  type BrokerCatalog,
  type CatalogEntry,
  findAppDir,
  loadBrokerCatalog,
  SANDBOX_BROKER,
} from './accounts/broker-catalog.js';
export {
  BROKERS_FILE,
  brokerEnv,
  envPrefix,
  readBrokersFile,
  resolveBrokerConfig,
} from './accounts/broker-config.js';
export {
  AccountRegistry,
  type AccountRegistryOptions,
  type AccountSummary,
  type LoginResult,
  SANDBOX_ACCOUNT,
} from './accounts/registry.js';
export type { AccountContext, AccountResolution, AccountResolver } from './accounts/types.js';
export { type BuildServerOptions, buildServer, type ServerHandle } from './app.js';
export { ApiKeyService, generateApiKey, isWellFormedApiKey } from './auth/api-keys.js';
export { deriveKeys } from './auth/key-derivation.js';
export { LoginStates } from './auth/login-state.js';
export { loadSecretKey, parseSecretKey, SECRET_KEY_FILE, SecretKeyError } from './auth/secret-key.js';
export { openSecurity, SecretKeyMismatchError } from './auth/security.js';
export { SessionUnreadableError, SessionVault } from './auth/session-vault.js';
export { runCli } from './cli/run.js';
export { ConfigError, DEFAULTS, resolveServeConfig, type ServerConfig } from './config.js';
export { createServerLogger } from './logging.js';
export { openServices, type Services } from './services.js';
export * from './store/index.js';
export { createFeedServer, type FeedServer, type FeedServerOptions } from './ws/index.js';
