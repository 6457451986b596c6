import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'tsup';

const PACKAGE_DIR = resolve(import.meta.dirname, '..', '..');

/**
 * Compiles a TypeScript entry (and the src/ files it imports) to one ESM file that a child `node`
 * process can run — the tests that kill or signal a real process need one, and Node 20 cannot run
 * TypeScript itself. The output sits inside the package so its dependencies resolve from here.
 */
export async function bundleForChild(
  entry: string,
  name: string,
): Promise<{ file: string; cleanup: () => void }> {
  const outDir = join(PACKAGE_DIR, 'node_modules', '.cache', `openalgo-test-${name}-${process.pid}`);
  mkdirSync(outDir, { recursive: true });
  await build({
    entry: { [name]: entry },
    outDir,
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    dts: false,
    sourcemap: false,
    silent: true,
    config: false,
    clean: false,
  });
  return {
    file: join(outDir, `${name}.js`),
    cleanup: () => rmSync(outDir, { recursive: true, force: true }),
  };
}
