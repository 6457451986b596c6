import { realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { PackageJson } from './package-json.js';
import { stringField } from './package-json.js';

export type EntryResult =
  | { ok: true; file: string }
  /** `notExported`: the package does not export the subpath at all (absent or mapped to null). */
  | { ok: false; problem: string; notExported?: true };

/**
 * The conditions an ESM `import()` on Node matches. Like Node, the first key of a condition object
 * (in the package author's order) that is in this set wins, so we load the file Node itself would.
 */
const IMPORT_CONDITIONS: ReadonlySet<string> = new Set(['import', 'node', 'default']);

/** What a target resolved to: a relative path, explicitly not exported (`null`), or no match. */
type Target = { path: string } | { blocked: true } | { invalid: string } | undefined;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function resolveTarget(target: unknown): Target {
  if (target === null) return { blocked: true };
  if (typeof target === 'string') {
    // Same rule as Node: targets are package-relative and cannot climb out or into node_modules.
    const segments = target.split(/[\\/]/).slice(1);
    if (!target.startsWith('./') || segments.some((s) => s === '..' || s === 'node_modules')) {
      return { invalid: `target ${JSON.stringify(target)} must start with "./" and stay inside the package` };
    }
    return { path: target };
  }
  if (Array.isArray(target)) {
    let lastInvalid: Target;
    for (const alternative of target) {
      const resolved = resolveTarget(alternative);
      if (resolved === undefined) continue;
      if ('invalid' in resolved) {
        lastInvalid = resolved;
        continue;
      }
      return resolved;
    }
    return lastInvalid;
  }
  if (isRecord(target)) {
    for (const [condition, value] of Object.entries(target)) {
      if (!IMPORT_CONDITIONS.has(condition)) continue;
      const resolved = resolveTarget(value);
      if (resolved !== undefined) return resolved;
    }
  }
  return undefined;
}

/**
 * The value `exports` gives `subpath` (`"."` or `"./simulator"`): `absent` when the package does not
 * export it. A string, array or conditions object is sugar for `{ ".": … }`, so it exports only `"."`.
 */
function subpathExport(exports: unknown, subpath: string): { value: unknown } | { invalid: string } {
  const sugar = !isRecord(exports) || !Object.keys(exports).some((key) => key.startsWith('.'));
  if (sugar) return { value: subpath === '.' ? exports : undefined };
  const keys = Object.keys(exports);
  if (keys.some((key) => !key.startsWith('.'))) {
    return { invalid: 'mixes subpaths ("./x") with conditions ("import") at the top level' };
  }
  return { value: exports[subpath] };
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function found(file: string): Promise<EntryResult> {
  return { ok: true, file: await realpath(file) };
}

async function fromExports(dir: string, exports: unknown, subpath: string): Promise<EntryResult> {
  const root = subpathExport(exports, subpath);
  if ('invalid' in root) return { ok: false, problem: `its "exports" ${root.invalid}` };
  const quoted = JSON.stringify(subpath);
  if (root.value === undefined) {
    return {
      ok: false,
      notExported: true,
      problem:
        subpath === '.'
          ? 'its "exports" has no "." entry, so the package has no main module'
          : `its "exports" has no ${quoted} entry`,
    };
  }
  const target = resolveTarget(root.value);
  if (target === undefined) {
    return {
      ok: false,
      problem: `its "exports" for ${quoted} has no "import", "node" or "default" condition, so ESM import() cannot load it`,
    };
  }
  if ('blocked' in target) {
    return { ok: false, notExported: true, problem: `its "exports" maps ${quoted} to null (not exported)` };
  }
  if ('invalid' in target)
    return { ok: false, problem: `its "exports" for ${quoted} is invalid: ${target.invalid}` };
  const file = resolve(dir, target.path);
  if (!(await isFile(file))) {
    return {
      ok: false,
      problem: `its "exports" points to ${target.path}, which does not exist (is the package built?)`,
    };
  }
  return found(file);
}

/** Legacy packages: `module`, then `main` (with Node's `.js` and `/index.js` guesses), then index.js. */
async function fromLegacyFields(dir: string, pkg: PackageJson): Promise<EntryResult> {
  const tried: string[] = [];
  for (const field of ['module', 'main'] as const) {
    const value = stringField(pkg, field);
    if (value === undefined) continue;
    for (const candidate of [value, `${value}.js`, join(value, 'index.js')]) {
      const file = resolve(dir, candidate);
      if (await isFile(file)) return found(file);
    }
    tried.push(`"${field}": ${JSON.stringify(value)}`);
  }
  const index = join(dir, 'index.js');
  if (await isFile(index)) return found(index);
  tried.push('index.js');
  return {
    ok: false,
    problem: `it has no "exports" and none of ${tried.join(', ')} points to an existing file (is the package built?)`,
  };
}

/**
 * Resolves the file `import(packageName)` would load, from the package's own package.json. We do
 * this ourselves because a bare `import()` from core fails under pnpm's strict layout and
 * `createRequire().resolve` throws on ESM-only packages (reference/toolchain.md). The result is a
 * real path, so the plugin's own imports resolve from where pnpm really put it.
 */
export async function resolvePackageEntry(dir: string, pkg: PackageJson): Promise<EntryResult> {
  if (pkg.exports !== undefined) return fromExports(dir, pkg.exports, '.');
  return fromLegacyFields(dir, pkg);
}

/**
 * The file `import("<package>/<subpath>")` would load, by the same rules as `resolvePackageEntry`.
 * Only `exports` declares subpaths: a package without it exports none (we never guess file paths).
 */
export async function resolvePackageExport(
  dir: string,
  pkg: PackageJson,
  subpath: `./${string}`,
): Promise<EntryResult> {
  if (pkg.exports === undefined) {
    return {
      ok: false,
      notExported: true,
      problem: `it has no "exports", so it exports no ${JSON.stringify(subpath)}`,
    };
  }
  return fromExports(dir, pkg.exports, subpath);
}
