import { pathToFileURL } from 'node:url';
import { resolvePackageExport } from './entry.js';
import { describeError, type PackageJson, readPackageJson, stringField } from './package-json.js';
import {
  type BrokerSimulatorEntry,
  SIMULATOR_EXPORT,
  SIMULATOR_HOOKS,
  type SimulatorHook,
} from './simulator-entry.js';

/** A broker package as the loader or the server's catalog knows it. */
export interface SimulatorPackage {
  /** The package directory (real path). */
  dir: string;
  /** For messages; read from package.json when absent. */
  packageName?: string;
}

export type SimulatorLoadProblem =
  /** The package exports no `./simulator`: it ships none. */
  | 'NO_SIMULATOR'
  /** `./simulator` is exported but points nowhere loadable (unbuilt, no import condition, null). */
  | 'NO_ENTRY'
  /** The file threw while being imported (a missing optional peer, a syntax error). */
  | 'IMPORT_FAILED'
  /** The module exports neither hook as a function. */
  | 'NOT_A_SIMULATOR';

export type SimulatorLoadResult =
  | { ok: true; entry: BrokerSimulatorEntry; file: string; packageName: string }
  | { ok: false; code: SimulatorLoadProblem; message: string; packageName: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The hooks a value carries as functions, or undefined when it carries none. */
function hooksOf(value: unknown): BrokerSimulatorEntry | undefined {
  if (!isRecord(value)) return undefined;
  const entry: Record<string, unknown> = {};
  for (const hook of SIMULATOR_HOOKS) {
    const fn = value[hook];
    // Bound: a default-exported object's hooks may use `this`.
    if (typeof fn === 'function') entry[hook] = fn.bind(value);
  }
  return Object.keys(entry).length > 0 ? (entry as BrokerSimulatorEntry) : undefined;
}

/** A `default` export shaped like an entry wins; otherwise the module's named exports are the entry. */
function entryFromModule(namespace: unknown): BrokerSimulatorEntry | undefined {
  if (!isRecord(namespace)) return undefined;
  return hooksOf(namespace.default) ?? hooksOf(namespace);
}

/** The optional peers a package declares: a simulator's usual missing import in production installs. */
function optionalPeers(pkg: PackageJson): string[] {
  const meta = pkg.peerDependenciesMeta;
  if (!isRecord(meta)) return [];
  return Object.entries(meta)
    .filter(([, value]) => isRecord(value) && value.optional === true)
    .map(([name]) => name);
}

function importFailedMessage(name: string, file: string, error: unknown, pkg: PackageJson): string {
  const peers = optionalPeers(pkg);
  const missing = (error as { code?: unknown } | null)?.code === 'ERR_MODULE_NOT_FOUND';
  const hint =
    missing && peers.length > 0
      ? ` Its simulator needs the optional peer dependencies ${peers.join(', ')}: install them next to it (e.g. pnpm add -D ${peers.join(' ')}).`
      : '';
  return `${name}'s simulator threw while being imported from ${file}: ${describeError(error)}.${hint}`;
}

/**
 * Finds and imports a broker package's simulator: the `./simulator` entry of its `exports`, imported
 * by the real path of the file (so its own imports resolve from the package, as under pnpm), checked
 * to carry `runSimulatorCli` and/or `startSimulatorForServer`. Never throws for a broken package.
 */
export async function loadSimulator(broker: SimulatorPackage): Promise<SimulatorLoadResult> {
  const read = await readPackageJson(broker.dir);
  const packageName =
    broker.packageName ?? (read.ok ? stringField(read.pkg, 'name') : undefined) ?? broker.dir;
  const fail = (code: SimulatorLoadProblem, message: string): SimulatorLoadResult => ({
    ok: false,
    code,
    message,
    packageName,
  });
  if (!read.ok) return fail('NO_SIMULATOR', `${packageName}: ${read.reason}`);
  const resolved = await resolvePackageExport(broker.dir, read.pkg, SIMULATOR_EXPORT);
  if (!resolved.ok) {
    return resolved.notExported
      ? fail('NO_SIMULATOR', `${packageName} ships no simulator: ${resolved.problem}`)
      : fail('NO_ENTRY', `${packageName}'s simulator cannot be loaded: ${resolved.problem}`);
  }
  let namespace: unknown;
  try {
    namespace = await import(pathToFileURL(resolved.file).href);
  } catch (error) {
    return fail('IMPORT_FAILED', importFailedMessage(packageName, resolved.file, error, read.pkg));
  }
  const entry = entryFromModule(namespace);
  if (!entry) {
    return fail(
      'NOT_A_SIMULATOR',
      `${packageName}'s simulator (${resolved.file}) exports neither ${SIMULATOR_HOOKS.join(' nor ')} as a function`,
    );
  }
  return { ok: true, entry, file: resolved.file, packageName };
}

/** The hook a command needs, or a message naming what the package's simulator lacks. */
export function simulatorHook<H extends SimulatorHook>(
  loaded: SimulatorLoadResult,
  hook: H,
): { ok: true; run: NonNullable<BrokerSimulatorEntry[H]> } | { ok: false; message: string } {
  if (!loaded.ok) return { ok: false, message: loaded.message };
  const run = loaded.entry[hook];
  if (run === undefined) {
    return { ok: false, message: `${loaded.packageName}'s simulator does not export ${hook}` };
  }
  return { ok: true, run: run as NonNullable<BrokerSimulatorEntry[H]> };
}
