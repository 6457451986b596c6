import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BrokerPlugin, noopLogger } from '@openalgo/core';
import { createFakeBroker } from '@openalgo/core/testing';
import { Agent, request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogEntry } from '../../src/accounts/broker-catalog.js';
import type { BrokerConfigResult } from '../../src/accounts/broker-config.js';
import { BrokerSimulation } from '../../src/accounts/broker-simulator.js';
import { runCli } from '../../src/cli/run.js';
import { ConfigError, resolveServeConfig } from '../../src/config.js';
import { captureCliIo, REPO_ROOT } from '../helpers/cli-io.js';
import { tempDir } from '../helpers/tmp.js';

const SIMULATOR_PACKAGE_JSON = {
  type: 'module',
  exports: { '.': './index.js', './simulator': { import: './lib/sim.js' } },
};

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => cleanup());

describe('--simulate configuration', () => {
  it('takes the flag or OPENALGO_SIMULATE, and is off by default', () => {
    const flags = { broker: 'zerodha' };
    expect(resolveServeConfig(flags, {}, '/').simulate).toBe(false);
    expect(resolveServeConfig({ ...flags, simulate: true }, {}, '/').simulate).toBe(true);
    expect(resolveServeConfig(flags, { OPENALGO_SIMULATE: 'Yes' }, '/').simulate).toBe(true);
    expect(resolveServeConfig(flags, { OPENALGO_SIMULATE: '0' }, '/').simulate).toBe(false);
  });

  it('refuses a word OPENALGO_SIMULATE does not take, naming it', () => {
    expect(() => resolveServeConfig({ broker: 'zerodha' }, { OPENALGO_SIMULATE: 'maybe' }, '/')).toThrow(
      /--simulate \(or OPENALGO_SIMULATE\): must be one of 1, true, yes, on, 0, false, no, off \(got "maybe"\)/,
    );
  });

  it('exits 2 when --simulate comes without a broker other than the sandbox', async () => {
    for (const argv of [['--simulate'], ['--simulate', '--broker', 'sandbox']]) {
      const { io, stderr } = captureCliIo({ cwd: dir });
      const code = await runCli(['serve', ...argv, '--data-dir', 'data'], io);
      expect(code).toBe(2);
      expect(stderr()).toMatch(/--simulate \(or OPENALGO_SIMULATE\):.*needs --broker/);
    }
  });

  it('leaves the other commands alone: OPENALGO_SIMULATE belongs to serve', async () => {
    const { io, stdout, stderr } = captureCliIo({ cwd: dir, env: { OPENALGO_SIMULATE: '1' } });
    expect(await runCli(['apikey', '--data-dir', 'data'], io)).toBe(0);
    expect(stderr()).toBe('');
    expect(stdout()).toContain('sandbox');
  });
});

describe('BrokerSimulation.prepare', () => {
  const { plugin } = createFakeBroker();
  const entryAt = (packageDir: string | undefined): CatalogEntry => ({
    id: 'fakebroker',
    plugin: plugin as BrokerPlugin,
    origin: 'openalgo-broker-fakebroker@1.0.0',
    builtin: false,
    packageName: 'openalgo-broker-fakebroker',
    ...(packageDir ? { dir: packageDir } : {}),
  });
  /** The package's `./simulator` export: any file the package names, not a conventional path. */
  const simulatorModule = (source: string) => {
    mkdirSync(join(dir, 'lib'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify(SIMULATOR_PACKAGE_JSON));
    writeFileSync(join(dir, 'lib', 'sim.js'), source);
  };
  const simulatorFile = () => join(dir, 'lib', 'sim.js');
  const prepare = (entry: CatalogEntry, configs = new Map<string, BrokerConfigResult<unknown>>()) =>
    BrokerSimulation.prepare({ entry, brokerConfigs: configs, logger: noopLogger });

  it('says the broker ships no simulator, as a configuration error', async () => {
    // A file at the old conventional path is not a simulator: only the "./simulator" export is.
    mkdirSync(join(dir, 'dist', 'simulator'), { recursive: true });
    writeFileSync(
      join(dir, 'dist', 'simulator', 'index.js'),
      'export function startSimulatorForServer() {}\n',
    );
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ type: 'module', exports: { '.': './index.js' } }),
    );
    const none = prepare(entryAt(dir));
    await expect(none).rejects.toBeInstanceOf(ConfigError);
    await expect(none).rejects.toThrow(
      /broker fakebroker cannot be simulated \(openalgo-broker-fakebroker ships no simulator: its "exports" has no "\.\/simulator" entry\)/,
    );
    await expect(prepare(entryAt(undefined))).rejects.toThrow(/it is built into the server/);
    simulatorModule('export function runSimulatorCli() { return 0; }\n');
    await expect(prepare(entryAt(dir))).rejects.toThrow(
      /openalgo-broker-fakebroker's simulator does not export startSimulatorForServer/,
    );
  });

  it('injects the configuration a simulator returns, checked by the plugin, and closes it', async () => {
    simulatorModule(
      'export const seen = [];\n' +
        'export async function startSimulatorForServer(options) {\n' +
        '  seen.push(options.redirectUrl);\n' +
        '  return { config: { apiKey: "k", apiSecret: "s" }, login: { userId: "U1", password: "p" },\n' +
        '    close: async () => { seen.push("closed"); } };\n' +
        '}\n',
    );
    const configs = new Map<string, BrokerConfigResult<unknown>>();
    const simulation = await prepare(entryAt(dir), configs);
    expect(simulation.info()).toBeUndefined();
    const info = await simulation.start({
      redirectUrl: 'http://127.0.0.1:1/auth/fakebroker/callback',
      loginUrl: 'http://127.0.0.1:1/auth/fakebroker/login',
    });
    expect(info).toEqual({
      broker: 'fakebroker',
      packageName: 'openalgo-broker-fakebroker',
      loginUrl: 'http://127.0.0.1:1/auth/fakebroker/login',
      callbackUrl: 'http://127.0.0.1:1/auth/fakebroker/callback',
      login: { userId: 'U1', password: 'p' },
    });
    expect(configs.get('fakebroker')).toEqual({
      ok: true,
      config: { apiKey: 'k', apiSecret: 's' },
      sessionsValidFrom: expect.any(Number),
    });
    await simulation.close();
    expect(configs.get('fakebroker')?.ok).toBe(false);
    const module = (await import(simulatorFile())) as { seen: string[] };
    expect(module.seen).toEqual(['http://127.0.0.1:1/auth/fakebroker/callback', 'closed']);
  });

  it('closes a simulator whose configuration the plugin rejects, and says why', async () => {
    simulatorModule(
      'export const seen = [];\n' +
        'export async function startSimulatorForServer() {\n' +
        '  return { config: { apiKey: "k" }, close: async () => { seen.push("closed"); } };\n' +
        '}\n',
    );
    const configs = new Map<string, BrokerConfigResult<unknown>>();
    const simulation = await prepare(entryAt(dir), configs);
    await expect(
      simulation.start({ redirectUrl: 'http://x/cb', loginUrl: 'http://x/login' }),
    ).rejects.toThrow(/simulator gave a configuration its plugin rejects: .*apiSecret/);
    expect(configs.get('fakebroker')?.ok).toBe(false);
    const module = (await import(simulatorFile())) as { seen: string[] };
    expect(module.seen).toEqual(['closed']);
  });
});

describe('openalgo serve --broker zerodha with OPENALGO_SIMULATE=1', () => {
  it('prints the simulated login in the banner, logs in through it, and stops the simulator on SIGTERM', async () => {
    const { io, stdout, signals, waitFor } = captureCliIo({ cwd: dir, env: { OPENALGO_SIMULATE: '1' } });
    const running = runCli(
      [
        'serve',
        '--broker',
        'zerodha',
        '--port',
        '0',
        '--ws-port',
        'off',
        '--data-dir',
        'data',
        '--app-dir',
        REPO_ROOT,
        '--log-level',
        'silent',
      ],
      io,
    );
    const [, loginUrl] = await waitFor(/Log in: +(http:\/\/127\.0\.0\.1:\d+\/auth\/zerodha\/login)/, running);
    const banner = stdout();
    expect(banner).toMatch(/zerodha is SIMULATED: @openalgo\/broker-zerodha's loopback simulator/);
    expect(banner).toMatch(/user id \S+, password \S+/);
    expect(banner).toMatch(/API key: +[0-9a-f]{64}/);
    expect(banner).toContain('After logging in, place a simulated order:');

    const login = await request(loginUrl as string);
    await login.body.dump();
    expect(login.statusCode).toBe(302);
    const simulatorPage = String(login.headers.location);
    expect(simulatorPage).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/connect\/login\?/);
    const page = await request(simulatorPage);
    expect(page.statusCode).toBe(200);
    await page.body.dump();

    signals.emit('SIGTERM');
    expect(await running).toBe(0);
    // A new connection, not the page request's kept-alive one (which may answer "other side closed"
    // if it is reused before its FIN is read): the simulator's port no longer accepts connections.
    const fresh = new Agent();
    try {
      await expect(request(simulatorPage, { dispatcher: fresh })).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      await fresh.close();
    }
  }, 30_000);
});
