import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolvePackageEntry, resolvePackageExport } from '../../src/loader/entry.js';
import { createTempApp, removeTempApps } from './fixtures.js';

afterEach(removeTempApps);

/** A package dir holding the given (empty) files; resolution never imports them. */
async function packageWith(files: readonly string[]): Promise<string> {
  const app = await createTempApp();
  const dir = join(app.root, 'pkg');
  await mkdir(dir, { recursive: true });
  for (const file of files) {
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await writeFile(join(dir, file), '');
  }
  return dir;
}

async function entryOf(files: readonly string[], pkg: Record<string, unknown>): Promise<string> {
  const dir = await packageWith(files);
  const result = await resolvePackageEntry(dir, pkg);
  if (!result.ok) throw new Error(`expected an entry, got: ${result.problem}`);
  return result.file.slice(dir.length + 1);
}

async function problemOf(files: readonly string[], pkg: Record<string, unknown>): Promise<string> {
  const result = await resolvePackageEntry(await packageWith(files), pkg);
  if (result.ok) throw new Error(`expected no entry, got ${result.file}`);
  return result.problem;
}

const BOTH = ['esm.js', 'cjs.cjs', 'node.js', 'default.js', 'main.js', 'module.js'];

describe('resolvePackageEntry from "exports"', () => {
  it('takes a string export', async () => {
    expect(await entryOf(BOTH, { exports: './esm.js', main: './main.js' })).toBe('esm.js');
  });

  it('takes the "." key of a subpath map and ignores other subpaths', async () => {
    expect(
      await entryOf(BOTH, {
        exports: { './package.json': './package.json', '.': './esm.js' },
        main: './main.js',
      }),
    ).toBe('esm.js');
  });

  it('prefers import over require and skips types', async () => {
    const exports = { '.': { types: './x.d.ts', require: './cjs.cjs', import: './esm.js' } };
    expect(await entryOf(BOTH, { exports })).toBe('esm.js');
  });

  it('treats a top-level condition object as the "." export', async () => {
    expect(await entryOf(BOTH, { exports: { require: './cjs.cjs', default: './default.js' } })).toBe(
      'default.js',
    );
  });

  it('follows nested conditions', async () => {
    const exports = { '.': { node: { require: './cjs.cjs', import: './node.js' }, default: './default.js' } };
    expect(await entryOf(BOTH, { exports })).toBe('node.js');
  });

  it('falls through a nested object with no matching condition to the next key', async () => {
    const exports = { '.': { node: { require: './cjs.cjs' }, default: './default.js' } };
    expect(await entryOf(BOTH, { exports })).toBe('default.js');
  });

  it('honours key order the way Node does (first matching condition wins)', async () => {
    expect(await entryOf(BOTH, { exports: { '.': { node: './node.js', import: './esm.js' } } })).toBe(
      'node.js',
    );
  });

  it('takes the first valid alternative of an array target', async () => {
    expect(await entryOf(BOTH, { exports: { '.': ['../escape.js', { import: './esm.js' }] } })).toBe(
      'esm.js',
    );
  });

  it('never falls back to main when exports exists', async () => {
    const problem = await problemOf(BOTH, { exports: { '.': { require: './cjs.cjs' } }, main: './main.js' });
    expect(problem).toMatch(/no "import", "node" or "default" condition/);
  });

  it('reports a missing "." entry', async () => {
    expect(await problemOf(BOTH, { exports: { './sub': './esm.js' } })).toMatch(/no "\." entry/);
  });

  it('reports "." mapped to null', async () => {
    expect(await problemOf(BOTH, { exports: { '.': null } })).toMatch(/null/);
  });

  it('reports mixed subpath and condition keys', async () => {
    expect(await problemOf(BOTH, { exports: { '.': './esm.js', import: './esm.js' } })).toMatch(
      /mixes subpaths/,
    );
  });

  it('rejects targets that leave the package', async () => {
    expect(await problemOf(BOTH, { exports: '../esm.js' })).toMatch(/must start with "\.\/"/);
    expect(await problemOf(BOTH, { exports: 'esm.js' })).toMatch(/must start with "\.\/"/);
  });

  it('says when the exported file does not exist (an unbuilt workspace package)', async () => {
    const problem = await problemOf(['src/index.ts'], { exports: { '.': { import: './dist/index.js' } } });
    expect(problem).toMatch(/\.\/dist\/index\.js, which does not exist \(is the package built\?\)/);
  });

  it('returns the real path of a symlinked entry', async () => {
    const dir = await packageWith(['real/impl.js']);
    await mkdir(join(dir, 'dist'));
    await symlink(join(dir, 'real', 'impl.js'), join(dir, 'dist', 'index.js'));
    const result = await resolvePackageEntry(dir, { exports: './dist/index.js' });
    expect(result).toEqual({ ok: true, file: join(dir, 'real', 'impl.js') });
  });
});

describe('resolvePackageEntry without "exports"', () => {
  it('prefers module over main', async () => {
    expect(await entryOf(BOTH, { module: './module.js', main: './main.js' })).toBe('module.js');
  });

  it('uses main, guessing .js and /index.js like Node', async () => {
    expect(await entryOf(BOTH, { main: './main.js' })).toBe('main.js');
    expect(await entryOf(['lib.js'], { main: 'lib' })).toBe('lib.js');
    expect(await entryOf(['lib/index.js'], { main: './lib' })).toBe('lib/index.js');
  });

  it('skips a main that points nowhere and falls back to index.js', async () => {
    expect(await entryOf(['index.js'], { main: './gone.js' })).toBe('index.js');
  });

  it('lists what it tried when nothing exists', async () => {
    const problem = await problemOf(['src/index.ts'], { main: './dist/index.js' });
    expect(problem).toContain('"main": "./dist/index.js"');
    expect(problem).toContain('index.js');
  });
});

describe('resolvePackageExport', () => {
  async function exportOf(files: readonly string[], pkg: Record<string, unknown>, subpath: `./${string}`) {
    const dir = await packageWith(files);
    const result = await resolvePackageExport(dir, pkg, subpath);
    return result.ok ? { file: result.file.slice(dir.length + 1) } : result;
  }

  it('resolves a subpath by the same conditions as "."', async () => {
    const exports = {
      '.': './esm.js',
      './simulator': { types: './x.d.ts', require: './cjs.cjs', import: './node.js' },
    };
    expect(await exportOf(BOTH, { exports }, './simulator')).toEqual({ file: 'node.js' });
  });

  it('marks a subpath the package does not export, and never guesses a file', async () => {
    const cases: Array<Record<string, unknown>> = [
      { exports: { '.': './esm.js' } },
      { exports: './esm.js' },
      { exports: { import: './esm.js' } },
      { exports: { '.': './esm.js', './simulator': null } },
      { main: './main.js' },
    ];
    for (const pkg of cases) {
      expect(await exportOf([...BOTH, 'simulator.js'], pkg, './simulator')).toMatchObject({
        ok: false,
        notExported: true,
      });
    }
  });

  it('says an exported subpath points to a missing file, without marking it unexported', async () => {
    const result = await exportOf(BOTH, { exports: { './simulator': './dist/sim.js' } }, './simulator');
    expect(result).toEqual({
      ok: false,
      problem: 'its "exports" points to ./dist/sim.js, which does not exist (is the package built?)',
    });
  });
});
