import type { BrokerPlugin } from '../contract/plugin.js';
import type { Logger } from '../http/logger.js';

/**
 * Where a broker package was found, in priority order: an explicit local path beats a declared
 * dependency, which beats a package that is merely present in `node_modules`.
 */
export type BrokerSource = 'path' | 'dependency' | 'node_modules';

export type LoaderDiagnosticCode =
  /** `<appDir>/package.json` exists but cannot be read as JSON. */
  | 'INVALID_APP_PACKAGE_JSON'
  /** A broker package's own package.json is missing or not JSON. */
  | 'INVALID_PACKAGE_JSON'
  /** Declared in the app's package.json but absent from node_modules (or a dangling symlink). */
  | 'NOT_INSTALLED'
  /** An explicit `paths` entry does not exist or is not a directory. */
  | 'PATH_NOT_FOUND'
  /** package.json has no `"openalgo"` block, so it is not (yet) a broker plugin. */
  | 'MISSING_OPENALGO_BLOCK'
  /** The `"openalgo"` block is there but `broker` or `contract` is malformed. */
  | 'INVALID_OPENALGO_BLOCK'
  /** Built for another adapter contract; skipped before any of its code runs. */
  | 'INCOMPATIBLE_CONTRACT'
  /** Another package already provides this broker id; this one is not loaded. */
  | 'DUPLICATE_ID'
  /** No loadable entry file could be resolved from exports/module/main/index.js. */
  | 'NO_ENTRY'
  /** The entry threw while being imported (syntax error, top-level throw, missing import). */
  | 'IMPORT_FAILED'
  /** The module exports nothing shaped like a BrokerPlugin. */
  | 'NOT_A_PLUGIN'
  /** The plugin's manifest fails BrokerManifestSchema. */
  | 'INVALID_MANIFEST'
  /** manifest.id differs from the id package.json's `openalgo.broker` promised. */
  | 'ID_MISMATCH';

export interface LoaderDiagnostic {
  packageName?: string;
  /** The package directory (real path where it could be resolved), or the app's package.json. */
  path: string;
  /** `error`: something the user asked for will not load. `warn`: worth knowing, nothing lost. */
  level: 'warn' | 'error';
  code: LoaderDiagnosticCode;
  /** What is wrong and what to do about it, naming the package. */
  message: string;
  /** The offending field, for INVALID_MANIFEST / INVALID_OPENALGO_BLOCK / ID_MISMATCH / NOT_A_PLUGIN. */
  field?: string;
}

/** A broker package found on disk whose package.json passed every check that needs no import. */
export interface BrokerPackage {
  /** The id from package.json `openalgo.broker`. */
  id: string;
  packageName: string;
  /** package.json `version`, or `unknown` for an unversioned local package. */
  version: string;
  /** Real path of the package directory (symlinks resolved). */
  dir: string;
  source: BrokerSource;
  contract: number;
  /** Real path of the file `loadBrokers` will import. */
  entry: string;
}

export interface LoadedBroker {
  id: string;
  packageName: string;
  version: string;
  dir: string;
  source: BrokerSource;
  plugin: BrokerPlugin;
}

export interface FindBrokerPackagesOptions {
  /** The app that depends on the brokers (the server's package, or a user's project). */
  appDir: string;
  /** Local package directories to load as well (a third party developing an adapter). */
  paths?: readonly string[];
  /** The contract this server implements; defaults to CONTRACT_VERSION. */
  contractVersion?: number;
}

export interface LoadBrokersOptions extends FindBrokerPackagesOptions {
  logger?: Logger;
}

export interface BrokerDiscovery {
  packages: BrokerPackage[];
  diagnostics: LoaderDiagnostic[];
}

export interface LoadBrokersResult {
  brokers: LoadedBroker[];
  diagnostics: LoaderDiagnostic[];
}
