// The scaffold's promise, end to end: a package generated into a directory outside the workspace
// installs against the workspace's packed tarballs and passes its own contract suite and typecheck.
// Nothing touches the network: the @openalgo packages are `pnpm pack` tarballs (pnpm overrides make
// nested dependencies use them too), and every third-party package comes from pnpm's store, resolved
// through registry metadata derived from the workspace lockfile (see support/offline-metadata.ts).
// turbo builds core, sandbox and testkit before this runs (they are devDependencies).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBroker } from '../src/generate.js';
import { writeOfflineMetadata } from './support/offline-metadata.js';
import { run } from './support/run.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const PACKED = ['core', 'sandbox', 'testkit'] as const;

describe('a generated broker package, outside the workspace', () => {
  let scratch: string;
  let dir: string;

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'openalgo-create-broker-'));
    const tarballs = join(scratch, 'tarballs');
    const overrides: Record<string, string> = {};
    for (const name of PACKED) {
      const packed = await run(
        'pnpm',
        ['pack', '--pack-destination', tarballs],
        join(root, 'packages', name),
      );
      expect(packed.code, packed.stderr).toBe(0);
      const file = readdirSync(tarballs).find((f) => f.startsWith(`openalgo-${name}-`) && f.endsWith('.tgz'));
      expect(file, `pnpm pack wrote no tarball for ${name}`).toBeDefined();
      overrides[`@openalgo/${name}`] = `file:${join(tarballs, file ?? '')}`;
    }
    dir = generateBroker({ id: 'acme-bank', dir: join(scratch, 'openalgo-broker-acme-bank') }).dir;
    // The one edit a test needs and an author does not: use the tarballs instead of the registry.
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    manifest.pnpm = { overrides };
    writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
    const cache = join(scratch, 'cache');
    expect(writeOfflineMetadata(join(root, 'pnpm-lock.yaml'), cache)).toBeGreaterThan(100);
    const install = await run('pnpm', ['install', '--offline', '--cache-dir', cache], dir);
    expect(install.code, `${install.stdout}\n${install.stderr}`).toBe(0);
  });

  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('passes its own contract suite out of the box', async () => {
    const result = await run(
      'pnpm',
      ['exec', 'vitest', 'run', '--reporter=json', '--outputFile=contract-report.json'],
      dir,
    );
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'contract-report.json'), 'utf8'));
    expect(report.numFailedTests).toBe(0);
    expect(report.numFailedTestSuites).toBe(0);
    expect(report.numPassedTests).toBeGreaterThanOrEqual(40);
  });

  it('typechecks and builds its plugin entry', async () => {
    const typecheck = await run('pnpm', ['exec', 'tsc', '--noEmit', '-p', '.'], dir);
    expect(typecheck.code, `${typecheck.stdout}\n${typecheck.stderr}`).toBe(0);
    const build = await run('pnpm', ['run', 'build'], dir);
    expect(build.code, `${build.stdout}\n${build.stderr}`).toBe(0);
    const plugin = await import(join(dir, 'dist', 'plugin.js'));
    expect(plugin.default.manifest.id).toBe('acme-bank');
  });
});
