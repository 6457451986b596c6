import { pathToFileURL } from 'node:url';
import { type Logger, noopLogger } from '../http/logger.js';
import { findBrokerPackages } from './discover.js';
import { importFailed } from './messages.js';
import { describeError } from './package-json.js';
import type {
  BrokerPackage,
  LoadBrokersOptions,
  LoadBrokersResult,
  LoadedBroker,
  LoaderDiagnostic,
} from './types.js';
import { pluginFromModule } from './validate-plugin.js';

type Outcome = { ok: true; broker: LoadedBroker } | { ok: false; diagnostic: LoaderDiagnostic };

async function loadOne(pkg: BrokerPackage): Promise<Outcome> {
  const base = { packageName: pkg.packageName, path: pkg.dir, level: 'error' as const };
  let namespace: unknown;
  try {
    // A file URL of the real path: a bare specifier would be resolved from core's own location,
    // which under pnpm cannot see the app's dependencies.
    namespace = await import(pathToFileURL(pkg.entry).href);
  } catch (error) {
    return {
      ok: false,
      diagnostic: {
        ...base,
        code: 'IMPORT_FAILED',
        message: importFailed(pkg.packageName, pkg.entry, describeError(error)),
      },
    };
  }
  const check = pluginFromModule(namespace, pkg);
  if (!check.ok) {
    const field = check.field !== undefined ? { field: check.field } : {};
    return { ok: false, diagnostic: { ...base, code: check.code, ...field, message: check.message } };
  }
  const { id, packageName, version, dir, source } = pkg;
  return { ok: true, broker: { id, packageName, version, dir, source, plugin: check.plugin } };
}

function log(logger: Logger, diagnostic: LoaderDiagnostic): void {
  const { code, packageName, path, field } = diagnostic;
  const context = { code, packageName, path, ...(field !== undefined ? { field } : {}) };
  if (diagnostic.level === 'error') logger.error(context, diagnostic.message);
  else logger.warn(context, diagnostic.message);
}

/**
 * Discovers and imports every broker plugin the app can see (docs/architecture.md §5). Never throws for anything
 * found on disk: a plugin that is missing, incompatible, broken or malformed becomes a diagnostic
 * (also logged) and the others still load. Brokers come back in priority order — explicit paths,
 * then declared dependencies, then the node_modules scan — alphabetical within each.
 */
export async function loadBrokers(options: LoadBrokersOptions): Promise<LoadBrokersResult> {
  const logger = options.logger ?? noopLogger;
  const discovery = await findBrokerPackages(options);
  // Imports are independent, so they run together; results keep discovery order.
  const outcomes = await Promise.all(discovery.packages.map(loadOne));

  const brokers: LoadedBroker[] = [];
  const diagnostics = [...discovery.diagnostics];
  for (const outcome of outcomes) {
    if (outcome.ok) brokers.push(outcome.broker);
    else diagnostics.push(outcome.diagnostic);
  }
  for (const diagnostic of diagnostics) log(logger, diagnostic);
  for (const { id, packageName, version, source, dir } of brokers) {
    logger.info(
      { broker: id, packageName, version, source, dir },
      `loaded broker plugin "${id}" from ${packageName}@${version}`,
    );
  }
  return { brokers, diagnostics };
}
