import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadBrokers } from '../../src/loader/index.js';
import { createdMarker, createTempApp, esmPlugin, removeTempApps } from './fixtures.js';

afterEach(removeTempApps);

const THROWS_IF_IMPORTED = 'throw new Error("this package must never be imported");';

function codes(diagnostics: ReadonlyArray<{ packageName?: string; code: string }>): string[] {
  return diagnostics.map((d) => `${d.packageName}:${d.code}`);
}

describe('loadBrokers duplicate ids and precedence', () => {
  it('an explicit path wins over an installed dependency with the same id', async () => {
    const app = await createTempApp();
    await app.writeAppPackageJson({ dependencies: { '@openalgo/broker-alpha': '1.0.0' } });
    const installed = await app.installPnpm({
      ...esmPlugin('@openalgo/broker-alpha', { id: 'alpha' }),
      files: { 'dist/index.js': THROWS_IF_IMPORTED },
    });
    const local = await app.writeLocalPackage(
      'work/alpha-dev',
      esmPlugin('@me/openalgo-broker-alpha-dev', { id: 'alpha', marker: 'local copy' }),
    );

    const { brokers, diagnostics } = await loadBrokers({ appDir: app.appDir, paths: [local] });

    expect(brokers.map((b) => [b.id, b.packageName, b.source])).toEqual([
      ['alpha', '@me/openalgo-broker-alpha-dev', 'path'],
    ]);
    expect(await createdMarker(brokers[0]?.plugin as never)).toBe('local copy');
    expect(codes(diagnostics)).toEqual(['@openalgo/broker-alpha:DUPLICATE_ID']);
    const message = diagnostics[0]?.message ?? '';
    expect(message).toContain('@openalgo/broker-alpha');
    expect(message).toContain('@me/openalgo-broker-alpha-dev');
    expect(message).toContain(installed);
    expect(message).toContain(local);
    expect(message).toContain('"alpha"');
  });

  it('a declared dependency wins over a scan-only package, whatever the alphabet says', async () => {
    const app = await createTempApp();
    await app.writeAppPackageJson({ dependencies: { 'openalgo-broker-zeta': '1.0.0' } });
    await app.installPnpm(esmPlugin('openalgo-broker-zeta', { id: 'zeta' }));
    await app.installPnpm({
      ...esmPlugin('@aaa/openalgo-broker-zeta', { id: 'zeta' }),
      files: { 'dist/index.js': THROWS_IF_IMPORTED },
    });

    const { brokers, diagnostics } = await loadBrokers({ appDir: app.appDir });

    expect(brokers.map((b) => [b.packageName, b.source])).toEqual([['openalgo-broker-zeta', 'dependency']]);
    expect(codes(diagnostics)).toEqual(['@aaa/openalgo-broker-zeta:DUPLICATE_ID']);
  });

  it('keeps the id with the preferred package even when that one fails, instead of running another copy', async () => {
    const app = await createTempApp();
    await app.installPnpm(esmPlugin('@openalgo/broker-alpha', { id: 'alpha' }));
    const broken = await app.writeLocalPackage(
      'work/alpha-dev',
      esmPlugin('@me/openalgo-broker-alpha-dev', {
        id: 'alpha',
        prelude: "throw new Error('half-written');",
      }),
    );

    const { brokers, diagnostics } = await loadBrokers({ appDir: app.appDir, paths: [broken] });

    expect(brokers).toEqual([]);
    expect(codes(diagnostics)).toEqual([
      '@openalgo/broker-alpha:DUPLICATE_ID',
      '@me/openalgo-broker-alpha-dev:IMPORT_FAILED',
    ]);
  });

  it('loads a package reached both as a dependency and by the scan once, as a dependency', async () => {
    const app = await createTempApp();
    await app.writeAppPackageJson({ dependencies: { '@openalgo/broker-alpha': '1.0.0' } });
    await app.installPnpm(esmPlugin('@openalgo/broker-alpha', { id: 'alpha' }));

    const { brokers, diagnostics } = await loadBrokers({ appDir: app.appDir });

    expect(brokers.map((b) => [b.id, b.source])).toEqual([['alpha', 'dependency']]);
    expect(diagnostics).toEqual([]);
  });

  it('de-duplicates a path that is the same real directory as an installed package', async () => {
    const app = await createTempApp();
    const real = await app.installPnpm(esmPlugin('@openalgo/broker-alpha', { id: 'alpha' }));
    const viaSymlink = join(app.appDir, 'node_modules', '@openalgo', 'broker-alpha');

    const { brokers, diagnostics } = await loadBrokers({ appDir: app.appDir, paths: [viaSymlink, real] });

    expect(brokers.map((b) => [b.id, b.source, b.dir])).toEqual([['alpha', 'path', real]]);
    expect(diagnostics).toEqual([]);
  });

  it('reads dependencies and optionalDependencies, not devDependencies (those are found by the scan)', async () => {
    const app = await createTempApp();
    await app.writeAppPackageJson({
      dependencies: { 'openalgo-broker-one': '1.0.0' },
      optionalDependencies: { 'openalgo-broker-two': '1.0.0' },
      devDependencies: { 'openalgo-broker-three': '1.0.0' },
    });
    for (const [name, id] of [
      ['openalgo-broker-one', 'one'],
      ['openalgo-broker-two', 'two'],
      ['openalgo-broker-three', 'three'],
    ] as const) {
      await app.installPnpm(esmPlugin(name, { id }));
    }

    const { brokers } = await loadBrokers({ appDir: app.appDir });

    expect(brokers.map((b) => [b.id, b.source])).toEqual([
      ['one', 'dependency'],
      ['two', 'dependency'],
      ['three', 'node_modules'],
    ]);
  });

  it('resolves a declared dependency hoisted to an ancestor node_modules (npm workspaces)', async () => {
    const app = await createTempApp();
    await app.writeAppPackageJson({ dependencies: { 'openalgo-broker-hoisted': '1.0.0' } });
    const dir = await app.writeLocalPackage(
      'node_modules/openalgo-broker-hoisted',
      esmPlugin('openalgo-broker-hoisted', { id: 'hoisted' }),
    );

    const { brokers, diagnostics } = await loadBrokers({ appDir: app.appDir });

    expect(brokers.map((b) => [b.id, b.source, b.dir])).toEqual([['hoisted', 'dependency', dir]]);
    expect(diagnostics).toEqual([]);
  });

  it('ignores packages whose names do not follow the broker naming patterns, even with a block', async () => {
    const app = await createTempApp();
    await app.writeAppPackageJson({ dependencies: { 'my-broker': '1.0.0', 'openalgo-brokerx': '1.0.0' } });
    await app.installPnpm({
      ...esmPlugin('my-broker', { id: 'mine' }),
      files: { 'dist/index.js': THROWS_IF_IMPORTED },
    });
    await app.installPnpm({
      ...esmPlugin('openalgo-brokerx', { id: 'brokerx' }),
      files: { 'dist/index.js': THROWS_IF_IMPORTED },
    });
    await app.installPnpm({
      ...esmPlugin('@openalgo/core-broker-x', { id: 'corex' }),
      files: { 'dist/index.js': THROWS_IF_IMPORTED },
    });

    expect(await loadBrokers({ appDir: app.appDir })).toEqual({ brokers: [], diagnostics: [] });
  });
});
