import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTRACT_VERSION } from '../../src/contract/version.js';
import { loadBrokers } from '../../src/loader/index.js';
import { RecordingLogger } from '../../src/testing/index.js';
import {
  createdMarker,
  createTempApp,
  esmPlugin,
  pluginSource,
  removeTempApps,
  type TempApp,
} from './fixtures.js';

afterEach(removeTempApps);

const THROWS_IF_IMPORTED = 'throw new Error("this package must never be imported");';

/** Everything the brief lists, in one pnpm-shaped app. */
async function buildApp(app: TempApp): Promise<{ alphaDir: string; localDir: string }> {
  await app.writeAppPackageJson({
    dependencies: {
      '@openalgo/broker-alpha': '1.0.0',
      '@acme/openalgo-broker-badmanifest': '1.0.0',
      '@openalgo/broker-noblock': '1.0.0',
      'openalgo-broker-broken': '1.0.0',
      'openalgo-broker-incompat': '1.0.0',
      'left-pad': '1.0.0',
    },
    optionalDependencies: { 'openalgo-broker-gamma': '1.0.0' },
  });
  // alpha imports its own dependency by bare name: only resolvable from its real store location.
  const alphaDir = await app.installPnpm(
    esmPlugin('@openalgo/broker-alpha', {
      id: 'alpha',
      prelude: `import helper from 'alpha-helper';\nif (helper !== 'helper-ok') throw new Error('wrong helper');`,
    }),
  );
  await app.linkDependency(alphaDir, {
    name: 'alpha-helper',
    packageJson: { exports: './index.js' },
    files: { 'index.js': "export default 'helper-ok';\n" },
  });
  // Third-party scoped plugin reached only by the node_modules scan.
  await app.installPnpm(esmPlugin('@acme/openalgo-broker-beta', { id: 'beta' }));
  await app.installPnpm({
    name: 'openalgo-broker-gamma',
    packageJson: {
      exports: { '.': { import: './dist/index.js' } },
      openalgo: { broker: 'gamma', contract: CONTRACT_VERSION },
    },
    files: { 'dist/index.js': pluginSource({ id: 'gamma' }) },
  });
  await app.installPnpm({
    name: 'openalgo-broker-incompat',
    packageJson: {
      exports: { '.': { import: './dist/index.js' } },
      openalgo: { broker: 'incompat', contract: CONTRACT_VERSION + 1 },
    },
    files: { 'dist/index.js': THROWS_IF_IMPORTED },
  });
  await app.installPnpm(
    esmPlugin('@acme/openalgo-broker-badmanifest', {
      id: 'badmanifest',
      manifestExtra: "exchanges: ['NASDAQ'],",
    }),
  );
  await app.installPnpm(
    esmPlugin('openalgo-broker-broken', { id: 'broken', prelude: "throw new Error('boom at import');" }),
  );
  await app.installPnpm({
    name: '@openalgo/broker-noblock',
    packageJson: { exports: './index.js' },
    files: { 'index.js': THROWS_IF_IMPORTED },
  });
  // Same id as beta, later in scan order: shadowed, and never imported.
  await app.installPnpm({
    ...esmPlugin('openalgo-broker-beta-copy', { id: 'beta' }),
    files: { 'dist/index.js': THROWS_IF_IMPORTED },
  });
  await app.installPnpm({ name: 'left-pad', files: { 'index.js': THROWS_IF_IMPORTED } });
  const localDir = await app.writeLocalPackage(
    'dev/my-broker',
    esmPlugin('@me/openalgo-broker-local', { id: 'local' }),
  );
  return { alphaDir, localDir };
}

describe('loadBrokers on a pnpm-laid-out app', () => {
  it('loads exactly the valid plugins and reports every other one', async () => {
    const app = await createTempApp();
    const { alphaDir, localDir } = await buildApp(app);

    const { brokers, diagnostics } = await loadBrokers({ appDir: app.appDir, paths: [localDir] });

    expect(brokers.map((b) => [b.id, b.packageName, b.source])).toEqual([
      ['local', '@me/openalgo-broker-local', 'path'],
      ['alpha', '@openalgo/broker-alpha', 'dependency'],
      ['gamma', 'openalgo-broker-gamma', 'dependency'],
      ['beta', '@acme/openalgo-broker-beta', 'node_modules'],
    ]);
    const summary = diagnostics
      .map((d) => ({ packageName: d.packageName, code: d.code, level: d.level }))
      .sort((a, b) => String(a.packageName).localeCompare(String(b.packageName)));
    expect(summary).toEqual([
      { packageName: '@acme/openalgo-broker-badmanifest', code: 'INVALID_MANIFEST', level: 'error' },
      { packageName: '@openalgo/broker-noblock', code: 'MISSING_OPENALGO_BLOCK', level: 'error' },
      { packageName: 'openalgo-broker-beta-copy', code: 'DUPLICATE_ID', level: 'warn' },
      { packageName: 'openalgo-broker-broken', code: 'IMPORT_FAILED', level: 'error' },
      { packageName: 'openalgo-broker-incompat', code: 'INCOMPATIBLE_CONTRACT', level: 'error' },
    ]);
    for (const d of diagnostics) expect(d.message).toContain(d.packageName);

    const byCode = new Map(diagnostics.map((d) => [d.code, d]));
    expect(byCode.get('INVALID_MANIFEST')?.field).toBe('manifest.exchanges.0');
    expect(byCode.get('INVALID_MANIFEST')?.message).toContain('manifest.exchanges.0: must be one of NSE');
    expect(byCode.get('IMPORT_FAILED')?.message).toContain('boom at import');
    expect(byCode.get('INCOMPATIBLE_CONTRACT')?.message).toContain(
      `declares contract ${CONTRACT_VERSION + 1} but this server implements contract ${CONTRACT_VERSION}`,
    );
    expect(byCode.get('DUPLICATE_ID')?.message).toContain('@acme/openalgo-broker-beta');

    const alpha = brokers.find((b) => b.id === 'alpha');
    expect(alpha?.dir).toBe(alphaDir);
    expect(alpha?.dir).toContain(join('node_modules', '.pnpm', '@openalgo+broker-alpha@1.0.0'));
    expect(alpha?.version).toBe('1.0.0');
    expect(brokers.find((b) => b.id === 'local')?.dir).toBe(localDir);
  });

  it('returns working plugins: each create() is the fixture the package.json pointed at', async () => {
    const app = await createTempApp();
    const { localDir } = await buildApp(app);
    const { brokers } = await loadBrokers({ appDir: app.appDir, paths: [localDir] });

    for (const broker of brokers) {
      expect(await createdMarker(broker.plugin as never)).toBe(broker.id);
      expect(broker.plugin.manifest.id).toBe(broker.id);
      expect(broker.plugin.configSchema.safeParse({ a: 1 }).success).toBe(true);
    }
  });

  it('logs each diagnostic at its level and each loaded broker at info', async () => {
    const app = await createTempApp();
    const { localDir } = await buildApp(app);
    const logger = new RecordingLogger();
    const calls = logger.records;
    const { brokers, diagnostics } = await loadBrokers({
      appDir: app.appDir,
      paths: [localDir],
      logger,
    });

    const logged = calls
      .filter((c) => c.level === 'warn' || c.level === 'error')
      .map((c) => [c.level, c.fields.code, c.fields.packageName, c.msg]);
    expect(logged).toEqual(diagnostics.map((d) => [d.level, d.code, d.packageName, d.message]));
    const infos = calls.filter((c) => c.level === 'info').map((c) => c.fields.broker);
    expect(infos).toEqual(brokers.map((b) => b.id));
  });

  it('finds nothing and reports nothing in an empty app', async () => {
    const app = await createTempApp();
    expect(await loadBrokers({ appDir: app.appDir })).toEqual({ brokers: [], diagnostics: [] });
  });

  it('fills manifest defaults and freezes the returned plugin', async () => {
    const app = await createTempApp();
    await app.installPnpm(esmPlugin('openalgo-broker-plain', { id: 'plain' }));
    const { brokers } = await loadBrokers({ appDir: app.appDir });

    const plugin = brokers[0]?.plugin;
    expect(plugin?.manifest.credentials).toEqual([]);
    expect(plugin?.manifest.intervals).toEqual({});
    expect(plugin?.manifest.capabilities.placeOrder).toBe(true);
    expect(plugin?.manifest.capabilities.getMargin).toBe(false);
    expect(Object.isFrozen(plugin)).toBe(true);
    expect(Object.isFrozen(plugin?.manifest)).toBe(true);
  });
});
