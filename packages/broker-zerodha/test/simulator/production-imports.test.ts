import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TEST_ONLY = ['@openalgo/testkit', '@openalgo/sandbox'];

/** Every module specifier a source file imports or re-exports (static and dynamic). */
function specifiers(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*['"]([^'"]+)['"]/g)) {
    if (match[1]) found.push(match[1]);
  }
  return found;
}

/** The files and packages `entry` reaches through relative imports, as the bundler follows them. */
function importGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = [entry];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) {
        packages.add(spec);
        continue;
      }
      const target = resolve(dirname(file), spec).replace(/\.js$/, '.ts');
      queue.push(existsSync(target) ? target : join(target.replace(/\.ts$/, ''), 'index.ts'));
    }
  }
  return { files, packages };
}

describe('a production install of @openalgo/broker-zerodha', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<
    string,
    Record<string, unknown>
  >;

  it('declares testkit and sandbox only as optional peers (and dev dependencies), never as dependencies', () => {
    for (const name of TEST_ONLY) {
      expect(manifest.dependencies?.[name]).toBeUndefined();
      expect(manifest.peerDependencies?.[name]).toBeDefined();
      expect(manifest.peerDependenciesMeta?.[name]).toEqual({ optional: true });
      expect(manifest.devDependencies?.[name]).toBeDefined();
    }
  });

  it('exports the simulator as its own entry, which the tsup build splits from the adapter', () => {
    expect(manifest.exports?.['./simulator']).toEqual({
      types: './dist/simulator/index.d.ts',
      import: './dist/simulator/index.js',
    });
    const tsup = readFileSync(join(ROOT, 'tsup.config.ts'), 'utf8');
    expect(tsup).toContain("'src/index.ts'");
    expect(tsup).toContain("'src/simulator/index.ts'");
  });

  it('loads neither from the adapter entry: only ./simulator reaches them', () => {
    const adapter = importGraph(join(ROOT, 'src', 'index.ts'));
    expect(adapter.files.size).toBeGreaterThan(10);
    const simulatorFiles = [...adapter.files].filter((f) => relative(ROOT, f).startsWith('src/simulator'));
    expect(simulatorFiles).toEqual([]);
    for (const name of TEST_ONLY) {
      expect([...adapter.packages].filter((p) => p === name || p.startsWith(`${name}/`))).toEqual([]);
    }
    // The check itself sees the peers where they are used.
    const simulator = importGraph(join(ROOT, 'src', 'simulator', 'index.ts'));
    expect([...simulator.packages]).toEqual(expect.arrayContaining(['@openalgo/testkit/simulator']));
  });
});
