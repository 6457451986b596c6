import { afterEach, describe, expect, it } from 'vitest';
import { loadSimulator, simulatorHook } from '../../src/loader/load-simulator.js';
import { defineSimulator } from '../../src/loader/simulator-entry.js';
import { createTempApp, type Files, removeTempApps } from './fixtures.js';

afterEach(removeTempApps);

const NAME = 'openalgo-broker-fixture';

/** A local package with the given package.json fields and files; returns its directory. */
async function simulatorPackage(packageJson: Record<string, unknown>, files: Files = {}): Promise<string> {
  const app = await createTempApp();
  return app.writeLocalPackage('fixture', { name: NAME, packageJson, files });
}

const EXPORTS = {
  '.': { types: './dist/index.d.ts', import: './dist/index.js' },
  './simulator': { types: './dist/sim/entry.d.ts', import: './dist/sim/entry.js' },
};

/** What `openalgo simulate` passes: stdout and a stop signal. */
const IO = { write: () => {}, signal: new AbortController().signal };

const NAMED_HOOKS = `
export const runSimulatorCli = (argv) => argv.length;
export async function startSimulatorForServer(options) {
  return { config: { redirectUrl: options.redirectUrl }, close: async () => {} };
}
`;

describe('loadSimulator', () => {
  it('imports the file the "./simulator" export names, wherever the build put it', async () => {
    const dir = await simulatorPackage({ exports: EXPORTS }, { 'dist/sim/entry.js': NAMED_HOOKS });
    const loaded = await loadSimulator({ dir });
    if (!loaded.ok) throw new Error(loaded.message);
    expect(loaded.packageName).toBe(NAME);
    expect(loaded.file).toBe(`${dir}/dist/sim/entry.js`);
    expect(await loaded.entry.runSimulatorCli?.(['--port', '0'], IO)).toBe(2);
    const started = await loaded.entry.startSimulatorForServer?.({ redirectUrl: 'http://x/cb' });
    expect(started?.config).toEqual({ redirectUrl: 'http://x/cb' });
  });

  it('takes a default-exported entry, keeping the hooks bound to it', async () => {
    const source = `
export default {
  exitCode: 7,
  runSimulatorCli() { return this.exitCode; },
};
export const startSimulatorForServer = 'not a function';
`;
    const dir = await simulatorPackage({ exports: EXPORTS }, { 'dist/sim/entry.js': source });
    const loaded = await loadSimulator({ dir, packageName: 'given-name' });
    if (!loaded.ok) throw new Error(loaded.message);
    expect(loaded.packageName).toBe('given-name');
    expect(loaded.entry.runSimulatorCli?.([], IO)).toBe(7);
    expect(loaded.entry.startSimulatorForServer).toBeUndefined();
  });

  it('says a package ships no simulator when it does not export "./simulator"', async () => {
    const cases: Array<Record<string, unknown>> = [
      { exports: { '.': './dist/index.js' } },
      { exports: './dist/index.js' },
      { exports: { ...EXPORTS, './simulator': null } },
      // No "exports": a conventional file is never guessed.
      { main: './dist/index.js' },
    ];
    for (const packageJson of cases) {
      const dir = await simulatorPackage(packageJson, { 'dist/simulator/index.js': NAMED_HOOKS });
      const loaded = await loadSimulator({ dir });
      expect(loaded).toMatchObject({ ok: false, code: 'NO_SIMULATOR', packageName: NAME });
      expect(loaded.ok ? '' : loaded.message).toMatch(/openalgo-broker-fixture ships no simulator: /);
    }
  });

  it('says when the exported file is missing (an unbuilt package)', async () => {
    const dir = await simulatorPackage({ exports: EXPORTS });
    const loaded = await loadSimulator({ dir });
    expect(loaded).toMatchObject({ ok: false, code: 'NO_ENTRY' });
    expect(loaded.ok ? '' : loaded.message).toMatch(
      /simulator cannot be loaded: .*\.\/dist\/sim\/entry\.js, which does not exist \(is the package built\?\)/,
    );
  });

  it('names the optional peers when the simulator cannot import one (a production install)', async () => {
    const dir = await simulatorPackage(
      {
        exports: EXPORTS,
        peerDependencies: { '@openalgo/core': '^1', '@openalgo/testkit': '^1' },
        peerDependenciesMeta: { '@openalgo/testkit': { optional: true } },
      },
      {
        'dist/sim/entry.js':
          "import '@openalgo/testkit-not-installed';\nexport const runSimulatorCli = () => 0;\n",
      },
    );
    const loaded = await loadSimulator({ dir });
    expect(loaded).toMatchObject({ ok: false, code: 'IMPORT_FAILED' });
    expect(loaded.ok ? '' : loaded.message).toMatch(
      /threw while being imported .*Its simulator needs the optional peer dependencies @openalgo\/testkit: install them/,
    );
  });

  it('reports a throwing module without a peer hint when the cause is not a missing module', async () => {
    const dir = await simulatorPackage(
      { exports: EXPORTS, peerDependenciesMeta: { '@openalgo/testkit': { optional: true } } },
      { 'dist/sim/entry.js': "throw new Error('boom');\n" },
    );
    const loaded = await loadSimulator({ dir });
    expect(loaded).toMatchObject({ ok: false, code: 'IMPORT_FAILED' });
    expect(loaded.ok ? '' : loaded.message).toMatch(/threw while being imported from .*: boom\.$/);
  });

  it('refuses a module that exports neither hook as a function', async () => {
    const dir = await simulatorPackage(
      { exports: EXPORTS },
      { 'dist/sim/entry.js': 'export const runSimulatorCli = 1;\nexport default {};\n' },
    );
    const loaded = await loadSimulator({ dir });
    expect(loaded).toMatchObject({ ok: false, code: 'NOT_A_SIMULATOR' });
    expect(loaded.ok ? '' : loaded.message).toMatch(
      /exports neither runSimulatorCli nor startSimulatorForServer as a function/,
    );
  });
});

describe('simulatorHook', () => {
  it('hands over the hook a command needs, or names the one the package lacks', async () => {
    const dir = await simulatorPackage(
      { exports: EXPORTS },
      { 'dist/sim/entry.js': 'export const runSimulatorCli = () => 3;\n' },
    );
    const loaded = await loadSimulator({ dir });
    const cli = simulatorHook(loaded, 'runSimulatorCli');
    if (!cli.ok) throw new Error(cli.message);
    expect(cli.run([], IO)).toBe(3);
    expect(simulatorHook(loaded, 'startSimulatorForServer')).toEqual({
      ok: false,
      message: `${NAME}'s simulator does not export startSimulatorForServer`,
    });
  });

  it('passes a load failure through as the message', () => {
    const failed = {
      ok: false as const,
      code: 'NO_SIMULATOR' as const,
      message: 'x ships none',
      packageName: 'x',
    };
    expect(simulatorHook(failed, 'runSimulatorCli')).toEqual({ ok: false, message: 'x ships none' });
  });
});

describe('defineSimulator', () => {
  it('returns the entry unchanged, typed for its author', () => {
    const entry = { runSimulatorCli: () => 0 };
    expect(defineSimulator(entry)).toBe(entry);
  });
});
