import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTRACT_VERSION } from '../../src/contract/version.js';
import { type LoaderDiagnostic, loadBrokers } from '../../src/loader/index.js';
import { createTempApp, esmPlugin, pluginSource, removeTempApps, type TempApp } from './fixtures.js';

afterEach(removeTempApps);

const THROWS_IF_IMPORTED = 'throw new Error("this package must never be imported");';

/** Installs `bad` next to a valid `ok` plugin and checks `ok` still loads; returns bad's diagnostic. */
async function onlyDiagnostic(app: TempApp, options: { paths?: string[]; contractVersion?: number } = {}) {
  await app.installPnpm(esmPlugin('openalgo-broker-ok', { id: 'ok' }));
  const { brokers, diagnostics } = await loadBrokers({ appDir: app.appDir, ...options });
  expect(brokers.map((b) => b.id)).toEqual(['ok']);
  expect(diagnostics).toHaveLength(1);
  return diagnostics[0] as LoaderDiagnostic;
}

describe('loadBrokers failures: each is a diagnostic, the rest still load', () => {
  it('a plugin newer than the server is skipped before import, with an upgrade hint', async () => {
    const app = await createTempApp();
    await app.installPnpm({
      ...esmPlugin('@acme/openalgo-broker-x', { id: 'acme-x' }),
      packageJson: { exports: './index.js', openalgo: { broker: 'acme-x', contract: CONTRACT_VERSION + 1 } },
      files: { 'index.js': THROWS_IF_IMPORTED },
    });
    const d = await onlyDiagnostic(app);
    expect(d.code).toBe('INCOMPATIBLE_CONTRACT');
    expect(d.message).toBe(
      `@acme/openalgo-broker-x declares contract ${CONTRACT_VERSION + 1} but this server implements contract ` +
        `${CONTRACT_VERSION}; it was not loaded. To use it, upgrade @openalgo/core (and the server) to one ` +
        `implementing contract ${CONTRACT_VERSION + 1}, or install a version of the plugin built for contract ${CONTRACT_VERSION}.`,
    );
  });

  it('a plugin older than the server (contractVersion option) is skipped before import, asking for a newer one', async () => {
    const app = await createTempApp();
    await app.installPnpm({
      ...esmPlugin('openalgo-broker-old', { id: 'old' }),
      files: { 'dist/index.js': THROWS_IF_IMPORTED },
    });
    await app.installPnpm({
      ...esmPlugin('openalgo-broker-new', { id: 'new' }),
      packageJson: { exports: './index.js', openalgo: { broker: 'new', contract: CONTRACT_VERSION + 1 } },
      files: { 'index.js': THROWS_IF_IMPORTED },
    });
    const { brokers, diagnostics } = await loadBrokers({
      appDir: app.appDir,
      contractVersion: CONTRACT_VERSION + 1,
    });
    // `new` passes the contract check and is imported (so it throws): proof the option is what is compared.
    expect(brokers).toEqual([]);
    // Discovery diagnostics come first, then those raised while importing.
    expect(diagnostics.map((d) => [d.packageName, d.code])).toEqual([
      ['openalgo-broker-old', 'INCOMPATIBLE_CONTRACT'],
      ['openalgo-broker-new', 'IMPORT_FAILED'],
    ]);
    expect(diagnostics[0]?.message).toContain('install a newer version of openalgo-broker-old');
  });

  it('an invalid manifest names the field', async () => {
    const app = await createTempApp();
    await app.installPnpm(esmPlugin('openalgo-broker-bad', { id: 'bad', manifestExtra: 'priceTypes: [],' }));
    const d = await onlyDiagnostic(app);
    expect(d).toMatchObject({ code: 'INVALID_MANIFEST', field: 'manifest.priceTypes', level: 'error' });
    expect(d.message).toContain('openalgo-broker-bad has an invalid manifest (manifest.priceTypes:');
  });

  it('a manifest id that differs from package.json is ID_MISMATCH', async () => {
    const app = await createTempApp();
    await app.installPnpm({
      ...esmPlugin('openalgo-broker-a', { id: 'other' }),
      packageJson: { exports: './dist/index.js', openalgo: { broker: 'aa', contract: CONTRACT_VERSION } },
    });
    const d = await onlyDiagnostic(app);
    expect(d).toMatchObject({ code: 'ID_MISMATCH', field: 'manifest.id', packageName: 'openalgo-broker-a' });
    expect(d.message).toContain('manifest.id is "other"');
  });

  it('a syntax error is IMPORT_FAILED', async () => {
    const app = await createTempApp();
    await app.installPnpm({
      ...esmPlugin('openalgo-broker-typo', { id: 'typo' }),
      files: { 'dist/index.js': 'export default {' },
    });
    const d = await onlyDiagnostic(app);
    expect(d.code).toBe('IMPORT_FAILED');
    expect(d.message).toContain('openalgo-broker-typo threw while being imported');
  });

  it('a plugin importing a dependency that is not installed is IMPORT_FAILED', async () => {
    const app = await createTempApp();
    await app.installPnpm(
      esmPlugin('openalgo-broker-deps', { id: 'deps', prelude: "import 'not-installed-anywhere';" }),
    );
    const d = await onlyDiagnostic(app);
    expect(d.code).toBe('IMPORT_FAILED');
    expect(d.message).toContain('not-installed-anywhere');
  });

  it.each([
    ['no plugin export', 'export const something = 1;', undefined],
    ['auth missing', pluginSource({ id: 'np' }).replace(/^ {2}auth: [^\n]*\n/m, ''), 'auth'],
    [
      'create not a function',
      pluginSource({ id: 'np' }).replace(/create: [^\n]*\n/, 'create: 42,\n'),
      'create',
    ],
    [
      'configSchema without safeParse',
      pluginSource({ id: 'np' }).replace(/configSchema: [^\n]*\n/, 'configSchema: {},\n'),
      'configSchema',
    ],
  ])('%s is NOT_A_PLUGIN', async (_, source, field) => {
    const app = await createTempApp();
    await app.installPnpm({
      ...esmPlugin('openalgo-broker-np', { id: 'np' }),
      files: { 'dist/index.js': source },
    });
    const d = await onlyDiagnostic(app);
    expect(d.code).toBe('NOT_A_PLUGIN');
    expect(d.field).toBe(field);
    expect(d.message).toContain('openalgo-broker-np');
  });

  it('accepts a named `plugin` export and a CommonJS module.exports', async () => {
    const app = await createTempApp();
    await app.installPnpm({
      ...esmPlugin('openalgo-broker-named', { id: 'named' }),
      files: { 'dist/index.js': pluginSource({ id: 'named', exportAs: 'plugin' }) },
    });
    await app.installPnpm({
      name: 'openalgo-broker-cjs',
      packageJson: {
        type: 'commonjs',
        main: 'lib/index',
        openalgo: { broker: 'cjs', contract: CONTRACT_VERSION },
      },
      files: { 'lib/index.js': pluginSource({ id: 'cjs', exportAs: 'cjs' }) },
    });
    const { brokers, diagnostics } = await loadBrokers({ appDir: app.appDir });
    expect(diagnostics).toEqual([]);
    expect(brokers.map((b) => b.id)).toEqual(['cjs', 'named']);
  });

  it('a missing openalgo block is an error when declared, a warning when only scanned', async () => {
    const app = await createTempApp();
    await app.writeAppPackageJson({ dependencies: { 'openalgo-broker-declared': '1.0.0' } });
    for (const name of ['openalgo-broker-declared', 'openalgo-broker-utils']) {
      await app.installPnpm({
        name,
        packageJson: { exports: './index.js' },
        files: { 'index.js': THROWS_IF_IMPORTED },
      });
    }
    const { brokers, diagnostics } = await loadBrokers({ appDir: app.appDir });
    expect(brokers).toEqual([]);
    expect(diagnostics.map((d) => [d.packageName, d.code, d.level])).toEqual([
      ['openalgo-broker-declared', 'MISSING_OPENALGO_BLOCK', 'error'],
      ['openalgo-broker-utils', 'MISSING_OPENALGO_BLOCK', 'warn'],
    ]);
    expect(diagnostics[0]?.message).toContain(
      `"openalgo": { "broker": "<id>", "contract": ${CONTRACT_VERSION} }`,
    );
  });

  it.each([
    [{ broker: 'xy' }, 'openalgo.contract'],
    [{ broker: 'xy', contract: '1' }, 'openalgo.contract'],
    [{ broker: 'xy', contract: 1.5 }, 'openalgo.contract'],
    [{ broker: 'Bad Id', contract: 1 }, 'openalgo.broker'],
    ['x', 'openalgo'],
  ])('a malformed block %j is INVALID_OPENALGO_BLOCK on %s', async (block, field) => {
    const app = await createTempApp();
    await app.installPnpm({
      name: 'openalgo-broker-block',
      packageJson: { exports: './index.js', openalgo: block },
      files: { 'index.js': THROWS_IF_IMPORTED },
    });
    const d = await onlyDiagnostic(app);
    expect(d).toMatchObject({ code: 'INVALID_OPENALGO_BLOCK', field, packageName: 'openalgo-broker-block' });
  });

  it('an unbuilt package (exports points at missing dist) is NO_ENTRY', async () => {
    const app = await createTempApp();
    await app.installPnpm({
      ...esmPlugin('openalgo-broker-unbuilt', { id: 'unbuilt' }),
      files: { 'src/index.ts': '' },
    });
    const d = await onlyDiagnostic(app);
    expect(d.code).toBe('NO_ENTRY');
    expect(d.message).toContain('openalgo-broker-unbuilt cannot be loaded');
    expect(d.message).toContain('./dist/index.js, which does not exist');
  });

  it('a broken package.json is INVALID_PACKAGE_JSON', async () => {
    const app = await createTempApp();
    const dir = await app.installPnpm(esmPlugin('openalgo-broker-json', { id: 'json' }));
    await writeFile(join(dir, 'package.json'), '{ "name": ');
    const d = await onlyDiagnostic(app);
    expect(d).toMatchObject({ code: 'INVALID_PACKAGE_JSON', packageName: 'openalgo-broker-json', path: dir });
  });

  it('a declared but uninstalled dependency, and a dangling symlink, are NOT_INSTALLED', async () => {
    const app = await createTempApp();
    await app.writeAppPackageJson({ dependencies: { '@openalgo/broker-missing': '1.0.0' } });
    await app.danglingLink('@acme/openalgo-broker-dangling');
    await app.installPnpm(esmPlugin('openalgo-broker-ok', { id: 'ok' }));
    const { brokers, diagnostics } = await loadBrokers({ appDir: app.appDir });
    expect(brokers.map((b) => b.id)).toEqual(['ok']);
    expect(diagnostics.map((d) => [d.packageName, d.code])).toEqual([
      ['@openalgo/broker-missing', 'NOT_INSTALLED'],
      ['@acme/openalgo-broker-dangling', 'NOT_INSTALLED'],
    ]);
    expect(diagnostics[0]?.message).toContain('pnpm install');
  });

  it('a declared dependency whose pnpm link dangles is reported once', async () => {
    const app = await createTempApp();
    await app.writeAppPackageJson({ dependencies: { 'openalgo-broker-gone': '1.0.0' } });
    await app.danglingLink('openalgo-broker-gone');
    const d = await onlyDiagnostic(app);
    expect(d).toMatchObject({ code: 'NOT_INSTALLED', packageName: 'openalgo-broker-gone', level: 'error' });
  });

  it('a path that does not exist is PATH_NOT_FOUND', async () => {
    const app = await createTempApp();
    const d = await onlyDiagnostic(app, { paths: ['../no-such-dir'] });
    expect(d).toMatchObject({ code: 'PATH_NOT_FOUND', path: join(app.root, 'no-such-dir') });
    expect(d.message).toContain(join(app.root, 'no-such-dir'));
  });

  it('a broken app package.json is reported and the scan still runs', async () => {
    const app = await createTempApp();
    await writeFile(join(app.appDir, 'package.json'), 'not json');
    const d = await onlyDiagnostic(app);
    expect(d).toMatchObject({ code: 'INVALID_APP_PACKAGE_JSON', path: join(app.appDir, 'package.json') });
  });
});
