import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTRACT_VERSION } from '../../src/contract/version.js';
import { findBrokerPackages, isBrokerPackageName } from '../../src/loader/index.js';
import { createTempApp, esmPlugin, removeTempApps } from './fixtures.js';

afterEach(removeTempApps);

describe('isBrokerPackageName', () => {
  it.each([
    ['@openalgo/broker-zerodha', true],
    ['openalgo-broker-angel', true],
    ['@acme/openalgo-broker-fyers', true],
    ['@openalgo/openalgo-broker-x', true],
    ['@openalgo/broker-', false],
    ['openalgo-broker-', false],
    ['@openalgo/core', false],
    ['@openalgo/sandbox', false],
    ['openalgo-brokerx', false],
    ['my-openalgo-broker-x', false],
    ['@acme/broker-x', false],
    ['@acme/x-openalgo-broker-y', false],
    ['.pnpm', false],
  ])('%s → %s', (name, expected) => {
    expect(isBrokerPackageName(name)).toBe(expected);
  });
});

describe('findBrokerPackages', () => {
  it('describes every loadable package without importing any of them', async () => {
    const app = await createTempApp();
    await app.writeAppPackageJson({ dependencies: { '@openalgo/broker-alpha': '2.3.4' } });
    const throwing = 'throw new Error("discovery must not import");';
    const alpha = await app.installPnpm({
      ...esmPlugin('@openalgo/broker-alpha', { id: 'alpha' }),
      version: '2.3.4',
      files: { 'dist/index.js': throwing },
    });
    const beta = await app.installPnpm({
      ...esmPlugin('@acme/openalgo-broker-beta', { id: 'beta' }),
      files: { 'dist/index.js': throwing },
    });
    const local = await app.writeLocalPackage('dev/local', {
      name: 'openalgo-broker-local',
      packageJson: {
        exports: './main.js',
        openalgo: { broker: 'local', contract: CONTRACT_VERSION },
        version: undefined,
      },
      files: { 'main.js': throwing },
    });

    const { packages, diagnostics } = await findBrokerPackages({
      appDir: app.appDir,
      paths: ['../dev/local'],
    });

    expect(diagnostics).toEqual([]);
    expect(packages).toEqual([
      {
        id: 'local',
        packageName: 'openalgo-broker-local',
        version: 'unknown',
        dir: local,
        source: 'path',
        contract: CONTRACT_VERSION,
        entry: join(local, 'main.js'),
      },
      {
        id: 'alpha',
        packageName: '@openalgo/broker-alpha',
        version: '2.3.4',
        dir: alpha,
        source: 'dependency',
        contract: CONTRACT_VERSION,
        entry: join(alpha, 'dist', 'index.js'),
      },
      {
        id: 'beta',
        packageName: '@acme/openalgo-broker-beta',
        version: '1.0.0',
        dir: beta,
        source: 'node_modules',
        contract: CONTRACT_VERSION,
        entry: join(beta, 'dist', 'index.js'),
      },
    ]);
  });

  it('resolves the pnpm symlink to the real store directory', async () => {
    const app = await createTempApp();
    await app.installPnpm(esmPlugin('@acme/openalgo-broker-beta', { id: 'beta' }));
    const { packages } = await findBrokerPackages({ appDir: app.appDir });
    expect(packages[0]?.dir).toBe(
      join(
        app.root,
        'node_modules',
        '.pnpm',
        '@acme+openalgo-broker-beta@1.0.0',
        'node_modules',
        '@acme',
        'openalgo-broker-beta',
      ),
    );
  });

  it('excludes incompatible, shadowed and entry-less packages, with their diagnostics', async () => {
    const app = await createTempApp();
    await app.installPnpm(
      esmPlugin('openalgo-broker-future', { id: 'future', contract: CONTRACT_VERSION + 1 }),
    );
    await app.installPnpm(esmPlugin('openalgo-broker-one', { id: 'same' }));
    await app.installPnpm(esmPlugin('openalgo-broker-two', { id: 'same' }));
    await app.installPnpm({ ...esmPlugin('openalgo-broker-unbuilt', { id: 'unbuilt' }), files: {} });

    const { packages, diagnostics } = await findBrokerPackages({ appDir: app.appDir });

    expect(packages.map((p) => p.packageName)).toEqual(['openalgo-broker-one']);
    expect(diagnostics.map((d) => [d.packageName, d.code])).toEqual([
      ['openalgo-broker-future', 'INCOMPATIBLE_CONTRACT'],
      ['openalgo-broker-two', 'DUPLICATE_ID'],
      ['openalgo-broker-unbuilt', 'NO_ENTRY'],
    ]);
  });
});
