import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { CONTRACT_VERSION } from '../contract/version.js';
import { resolvePackageEntry } from './entry.js';
import { blockExample, duplicateId, incompatibleContract, noEntry } from './messages.js';
import {
  dependencyNames,
  isBrokerPackageName,
  readOpenAlgoBlock,
  readPackageJson,
  stringField,
} from './package-json.js';
import type {
  BrokerDiscovery,
  BrokerPackage,
  BrokerSource,
  FindBrokerPackagesOptions,
  LoaderDiagnostic,
} from './types.js';

/** A place a broker package might live, before symlinks are resolved. */
interface Candidate {
  /** The name we know it by before reading its package.json (dependency or directory name). */
  name?: string;
  location: string;
  source: BrokerSource;
}

/**
 * Declared brokers come from `dependencies` and `optionalDependencies`: what a production install
 * (`pnpm install --prod`) puts on disk. `devDependencies` are not read, so dev and prod see the same
 * declared set; an installed dev-only broker is still picked up by the node_modules scan.
 */
const DECLARING_FIELDS = ['dependencies', 'optionalDependencies'] as const;

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Node's lookup: `<dir>/node_modules/<name>` from the app upwards (covers hoisted npm workspaces). */
async function locateInstalled(appDir: string, name: string): Promise<string | undefined> {
  let dir = appDir;
  for (;;) {
    const location = join(dir, 'node_modules', name);
    if (await exists(location)) return location;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

async function listDir(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** Broker-named entries of `<appDir>/node_modules`, including `@scope/` dirs. pnpm's are symlinks. */
async function scanNodeModules(appDir: string, declared: ReadonlySet<string>): Promise<Candidate[]> {
  const root = join(appDir, 'node_modules');
  const names: string[] = [];
  for (const entry of await listDir(root)) {
    if (entry.name.startsWith('@')) {
      for (const scoped of await listDir(join(root, entry.name))) names.push(`${entry.name}/${scoped.name}`);
    } else {
      names.push(entry.name);
    }
  }
  return (
    names
      // Declared names were already located (or reported missing) the way Node would resolve them.
      .filter((name) => isBrokerPackageName(name) && !declared.has(name))
      .sort()
      .map((name) => ({ name, location: join(root, name), source: 'node_modules' }))
  );
}

interface Discovery {
  appDir: string;
  contractVersion: number;
  diagnostics: LoaderDiagnostic[];
  packages: BrokerPackage[];
  seenDirs: Set<string>;
  declaredNames: Set<string>;
  /** Broker id → the package that claimed it first, whether or not it turned out loadable. */
  owners: Map<string, IdOwner>;
}

interface IdOwner {
  packageName: string;
  dir: string;
  source: BrokerSource;
}

function report(state: Discovery, diagnostic: LoaderDiagnostic): void {
  state.diagnostics.push(diagnostic);
}

async function declaredCandidates(state: Discovery): Promise<Candidate[]> {
  const appPackageJson = join(state.appDir, 'package.json');
  const app = await readPackageJson(state.appDir);
  if (!app.ok) {
    // No package.json is fine (the scan still runs); a broken one hides what the user declared.
    if (!app.missing) {
      report(state, {
        path: appPackageJson,
        level: 'error',
        code: 'INVALID_APP_PACKAGE_JSON',
        message: `${app.reason}; brokers declared there cannot be found until it is fixed (installed ones are still scanned).`,
      });
    }
    return [];
  }
  const names = [...new Set(DECLARING_FIELDS.flatMap((field) => dependencyNames(app.pkg, field)))];
  const candidates: Candidate[] = [];
  for (const name of names.filter(isBrokerPackageName).sort()) {
    state.declaredNames.add(name);
    const location = await locateInstalled(state.appDir, name);
    if (location === undefined) {
      report(state, {
        packageName: name,
        path: appPackageJson,
        level: 'error',
        code: 'NOT_INSTALLED',
        message: `${name} is declared in ${appPackageJson} but is not installed; run your package manager's install (e.g. pnpm install) in ${state.appDir}.`,
      });
      continue;
    }
    candidates.push({ name, location, source: 'dependency' });
  }
  return candidates;
}

async function resolveCandidate(state: Discovery, candidate: Candidate): Promise<string | undefined> {
  const label = candidate.name ?? candidate.location;
  try {
    const dir = await realpath(candidate.location);
    if ((await stat(dir)).isDirectory()) return dir;
  } catch {
    // Reported below: a dangling pnpm symlink and a mistyped path look the same here.
  }
  if (candidate.source === 'path') {
    report(state, {
      path: candidate.location,
      level: 'error',
      code: 'PATH_NOT_FOUND',
      message: `broker path ${candidate.location} does not exist or is not a directory; pass the directory that holds the plugin's package.json.`,
    });
  } else {
    report(state, {
      packageName: label,
      path: candidate.location,
      level: 'error',
      code: 'NOT_INSTALLED',
      message: `${label} at ${candidate.location} is a broken link or not a directory; reinstall dependencies (e.g. pnpm install).`,
    });
  }
  return undefined;
}

/** Every check that needs only package.json: block, duplicate id, contract, entry file. */
async function inspect(state: Discovery, candidate: Candidate, dir: string): Promise<void> {
  const read = await readPackageJson(dir);
  const fallbackName = candidate.name ?? dir;
  if (!read.ok) {
    report(state, {
      packageName: fallbackName,
      path: dir,
      level: 'error',
      code: 'INVALID_PACKAGE_JSON',
      message: `${fallbackName}: ${read.reason}; a broker package needs a package.json with ${blockExample(state.contractVersion)}.`,
    });
    return;
  }
  const pkg = read.pkg;
  const packageName = stringField(pkg, 'name') ?? fallbackName;
  const version = stringField(pkg, 'version') ?? 'unknown';
  const base = { packageName, path: dir };

  const block = readOpenAlgoBlock(pkg);
  if (block.kind === 'missing') {
    report(state, {
      ...base,
      // A name match alone is only a hint; the user asked for declared and explicit packages.
      level: candidate.source === 'node_modules' ? 'warn' : 'error',
      code: 'MISSING_OPENALGO_BLOCK',
      message: `${packageName} has no "openalgo" block in its package.json, so it is not loaded as a broker plugin; if it is one, its author must add ${blockExample(state.contractVersion)}.`,
    });
    return;
  }
  if (block.kind === 'invalid') {
    report(state, {
      ...base,
      level: 'error',
      code: 'INVALID_OPENALGO_BLOCK',
      field: block.field,
      message: `${packageName}: package.json ${block.field} ${block.problem}; it was not loaded. Expected ${blockExample(state.contractVersion)}.`,
    });
    return;
  }

  // The id belongs to the highest-priority package declaring it, even if that one later fails to
  // load: silently running a different copy of a broker's code is worse than a visible error.
  const owner = state.owners.get(block.broker);
  if (owner !== undefined) {
    report(state, {
      ...base,
      level: 'warn',
      code: 'DUPLICATE_ID',
      message: duplicateId(packageName, block.broker, dir, candidate.source, owner),
    });
    return;
  }
  state.owners.set(block.broker, { packageName, dir, source: candidate.source });

  if (block.contract !== state.contractVersion) {
    report(state, {
      ...base,
      level: 'error',
      code: 'INCOMPATIBLE_CONTRACT',
      message: incompatibleContract(packageName, block.contract, state.contractVersion),
    });
    return;
  }
  const entry = await resolvePackageEntry(dir, pkg);
  if (!entry.ok) {
    report(state, {
      ...base,
      level: 'error',
      code: 'NO_ENTRY',
      message: noEntry(packageName, entry.problem),
    });
    return;
  }
  state.packages.push({
    id: block.broker,
    packageName,
    version,
    dir,
    source: candidate.source,
    contract: block.contract,
    entry: entry.file,
  });
}

/**
 * Finds broker packages without importing any of them (docs/architecture.md §5): explicit `paths` (relative ones
 * resolve against `appDir`), the app's declared dependencies, then a scan of `<appDir>/node_modules`.
 * Packages are de-duplicated by real path, first source wins. Returns the packages ready to import
 * (`entry` set) and a diagnostic for every one that is not.
 */
export async function findBrokerPackages(options: FindBrokerPackagesOptions): Promise<BrokerDiscovery> {
  const appDir = resolve(options.appDir);
  const state: Discovery = {
    appDir,
    contractVersion: options.contractVersion ?? CONTRACT_VERSION,
    diagnostics: [],
    packages: [],
    seenDirs: new Set(),
    declaredNames: new Set(),
    owners: new Map(),
  };
  const explicit: Candidate[] = (options.paths ?? []).map((path) => ({
    location: resolve(appDir, path),
    source: 'path',
  }));
  const candidates = [
    ...explicit,
    ...(await declaredCandidates(state)),
    ...(await scanNodeModules(appDir, state.declaredNames)),
  ];

  for (const candidate of candidates) {
    const dir = await resolveCandidate(state, candidate);
    if (dir === undefined || state.seenDirs.has(dir)) continue;
    state.seenDirs.add(dir);
    await inspect(state, candidate, dir);
  }
  return { packages: state.packages, diagnostics: state.diagnostics };
}
