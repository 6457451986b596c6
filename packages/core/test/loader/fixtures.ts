import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { CONTRACT_VERSION } from '../../src/contract/version.js';
import { ManualClock } from '../../src/time/clock.js';

/**
 * Builds throw-away apps laid out the way pnpm lays them out: each package's real files live in
 * `<root>/node_modules/.pnpm/<name>@<ver>/node_modules/<name>/` and the app only gets a relative
 * symlink `<root>/app/node_modules/<name>` to it. Every app gets a fresh directory, so Node's module
 * cache (keyed by URL) never hands one test another test's plugin.
 */

export type Files = Readonly<Record<string, string>>;

export interface FixturePackage {
  name: string;
  version?: string;
  /** Merged into the generated package.json (`type: module` unless overridden). */
  packageJson?: Record<string, unknown>;
  files: Files;
}

export interface TempApp {
  root: string;
  appDir: string;
  /** Writes `<appDir>/package.json`. */
  writeAppPackageJson(pkg: Record<string, unknown>): Promise<void>;
  /** Real dir in the pnpm store plus a symlink from the app; returns the real package dir. */
  installPnpm(pkg: FixturePackage): Promise<string>;
  /** Makes `<store dir of owner>/node_modules/<dep>` a link to another store package (pnpm siblings). */
  linkDependency(ownerDir: string, dependency: FixturePackage): Promise<string>;
  /** A package outside node_modules, as a third party developing an adapter would have it. */
  writeLocalPackage(relativeDir: string, pkg: FixturePackage): Promise<string>;
  /** A symlink in the app's node_modules pointing nowhere. */
  danglingLink(name: string): Promise<void>;
}

const created: string[] = [];

export async function removeTempApps(): Promise<void> {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

async function writeFiles(dir: string, pkg: FixturePackage): Promise<void> {
  const packageJson = { name: pkg.name, version: pkg.version ?? '1.0.0', type: 'module', ...pkg.packageJson };
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify(packageJson, null, 2));
  for (const [file, content] of Object.entries(pkg.files)) {
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await writeFile(join(dir, file), content);
  }
}

async function link(target: string, linkPath: string): Promise<void> {
  await mkdir(dirname(linkPath), { recursive: true });
  await symlink(relative(dirname(linkPath), target), linkPath, 'dir');
}

function storeDir(root: string, pkg: FixturePackage): string {
  const key = `${pkg.name.replace('/', '+')}@${pkg.version ?? '1.0.0'}`;
  return join(root, 'node_modules', '.pnpm', key, 'node_modules', pkg.name);
}

export async function createTempApp(): Promise<TempApp> {
  // realpath: macOS-style /tmp symlinks would otherwise make expected paths differ from the loader's.
  const root = await realpath(await mkdtemp(join(tmpdir(), 'openalgo-loader-')));
  created.push(root);
  const appDir = join(root, 'app');
  await mkdir(join(appDir, 'node_modules'), { recursive: true });
  return {
    root,
    appDir,
    async writeAppPackageJson(pkg) {
      await writeFile(join(appDir, 'package.json'), JSON.stringify({ name: 'app', private: true, ...pkg }));
    },
    async installPnpm(pkg) {
      const dir = storeDir(root, pkg);
      await writeFiles(dir, pkg);
      await link(dir, join(appDir, 'node_modules', pkg.name));
      return dir;
    },
    async linkDependency(ownerDir, dependency) {
      const dir = storeDir(root, dependency);
      await writeFiles(dir, dependency);
      // ownerDir is .pnpm/<key>/node_modules/<owner>; its dependencies are siblings of it.
      const siblings = ownerDir.slice(0, ownerDir.lastIndexOf('/node_modules/') + '/node_modules'.length);
      await link(dir, join(siblings, dependency.name));
      return dir;
    },
    async writeLocalPackage(relativeDir, pkg) {
      const dir = join(root, relativeDir);
      await writeFiles(dir, pkg);
      return dir;
    },
    async danglingLink(name) {
      await link(join(root, 'nowhere', name), join(appDir, 'node_modules', name));
    },
  };
}

export interface PluginSourceOptions {
  id: string;
  /** Written into the file as a number literal; fixtures cannot import core from a temp dir. */
  contract?: number;
  /** Source of extra manifest properties, e.g. `exchanges: ['NASDAQ'],` (later keys win). */
  manifestExtra?: string;
  /** The order id the created adapter's placeOrder answers, so a test can tell which file was loaded. */
  marker?: string;
  /** Statements placed before the export (imports, throws). */
  prelude?: string;
  /** `default` (ESM default export), `plugin` (named export) or `cjs` (module.exports). */
  exportAs?: 'default' | 'plugin' | 'cjs';
}

/** A plain-object BrokerPlugin with a duck-typed configSchema; imports nothing from @openalgo/core. */
export function pluginSource(options: PluginSourceOptions): string {
  const contract = options.contract ?? CONTRACT_VERSION;
  const marker = JSON.stringify(options.marker ?? options.id);
  const body = `{
  manifest: {
    id: ${JSON.stringify(options.id)},
    name: ${JSON.stringify(`Fixture ${options.id}`)},
    contract: ${contract},
    exchanges: ['NSE'],
    auth: 'none',
    capabilities: { placeOrder: true },
    priceTypes: ['MARKET'],
    products: ['MIS'],
    ${options.manifestExtra ?? ''}
  },
  configSchema: { safeParse: (input) => ({ success: true, data: input }) },
  auth: () => ({ completeLogin: async () => ({ marker: ${marker} }), logout: async () => {} }),
  create: () => ({ placeOrder: async () => ({ orderId: ${marker} }) }),
}`;
  const prelude = options.prelude ?? '';
  switch (options.exportAs ?? 'default') {
    case 'plugin':
      return `${prelude}\nexport const plugin = ${body};\n`;
    case 'cjs':
      return `${prelude}\nmodule.exports = ${body};\n`;
    default:
      return `${prelude}\nexport default ${body};\n`;
  }
}

export function openalgoBlock(id: string, contract: number = CONTRACT_VERSION): Record<string, unknown> {
  return { openalgo: { broker: id, contract } };
}

/** An ESM-only plugin package: `exports` with conditions, no `main`. */
export function esmPlugin(
  name: string,
  source: PluginSourceOptions,
  extra?: Record<string, unknown>,
): FixturePackage {
  return {
    name,
    packageJson: {
      exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' } },
      ...openalgoBlock(source.id, source.contract),
      ...extra,
    },
    files: { 'dist/index.js': pluginSource(source) },
  };
}

/** Which fixture file a loaded plugin came from: its adapter answers placeOrder with the marker. */
export async function createdMarker(plugin: {
  create(context: never): Promise<{ placeOrder(request: never): Promise<{ orderId: string }> }>;
}): Promise<string> {
  const adapter = await plugin.create({ clock: new ManualClock() } as never);
  const order = { symbol: 'SBIN', exchange: 'NSE', action: 'BUY', quantity: 1, clientOrderId: 'fixture1' };
  return (await adapter.placeOrder(order as never)).orderId;
}
