import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  type BrokerPlugin,
  isBrokerPackageName,
  type LoaderDiagnostic,
  type Logger,
  loadBrokers,
  noopLogger,
} from '@openalgo/core';
import sandboxPlugin from '@openalgo/sandbox';

export const SANDBOX_BROKER = 'sandbox';

export interface CatalogEntry {
  id: string;
  plugin: BrokerPlugin;
  /** Where it came from: `built-in` for the sandbox, else the package name and version. */
  origin: string;
  builtin: boolean;
  /** The package's name and directory (undefined for the built-in sandbox): where its simulator is. */
  packageName?: string;
  dir?: string;
}

export interface BrokerCatalog {
  appDir: string;
  entries: Map<string, CatalogEntry>;
  diagnostics: LoaderDiagnostic[];
}

const DECLARING_FIELDS = ['dependencies', 'optionalDependencies', 'devDependencies'] as const;

function declaresBrokers(packageJsonPath: string): boolean {
  try {
    const pkg = JSON.parse(readFileSync(packageJsonPath, 'utf8')) as Record<string, unknown>;
    return DECLARING_FIELDS.some((field) => {
      const deps = pkg[field];
      return typeof deps === 'object' && deps !== null && Object.keys(deps).some(isBrokerPackageName);
    });
  } catch {
    return false;
  }
}

/**
 * The app whose dependencies are the brokers: the nearest directory, from `start` upwards, whose
 * package.json declares a broker package. At the repo root (`pnpm start`) that is the root; in a
 * user's project it is the project. Falls back to `start` when nothing declares one.
 */
export function findAppDir(start: string): string {
  let dir = resolve(start);
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && declaresBrokers(pkg)) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(start);
    dir = parent;
  }
}

/**
 * Every broker the server can offer: the built-in sandbox (the only broker imported by name, so a
 * server with no broker packages still works) plus whatever core's loader finds for the app.
 * Loader problems are kept as diagnostics for the accounts page and `openalgo brokers`.
 */
export async function loadBrokerCatalog(options: {
  appDir: string;
  paths?: readonly string[];
  logger?: Logger;
}): Promise<BrokerCatalog> {
  const logger = options.logger ?? noopLogger;
  const entries = new Map<string, CatalogEntry>();
  entries.set(SANDBOX_BROKER, {
    id: SANDBOX_BROKER,
    plugin: sandboxPlugin as BrokerPlugin,
    origin: 'built-in',
    builtin: true,
  });
  const loaded = await loadBrokers({ appDir: options.appDir, paths: options.paths, logger });
  const diagnostics = [...loaded.diagnostics];
  for (const broker of loaded.brokers) {
    if (entries.has(broker.id)) {
      diagnostics.push({
        packageName: broker.packageName,
        path: broker.dir,
        level: 'warn',
        code: 'DUPLICATE_ID',
        message: `${broker.packageName} provides broker id "${broker.id}", which is built in; the built-in one is used.`,
      });
      continue;
    }
    entries.set(broker.id, {
      id: broker.id,
      plugin: broker.plugin,
      origin: `${broker.packageName}@${broker.version}`,
      builtin: false,
      packageName: broker.packageName,
      dir: broker.dir,
    });
  }
  return { appDir: options.appDir, entries, diagnostics };
}
