import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTRACT_VERSION } from '@openalgo/core';
import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { captureCliIo, REPO_ROOT } from '../helpers/cli-io.js';
import { tempDir } from '../helpers/tmp.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => cleanup());

/** A local broker package; `simulator` is the source of the file its "./simulator" export names. */
function brokerPackage(name: string, simulator?: string): string {
  const pkgDir = join(dir, name);
  mkdirSync(join(pkgDir, 'build'), { recursive: true });
  const exports: Record<string, string> = { '.': './index.js' };
  if (simulator !== undefined) {
    exports['./simulator'] = './build/simulator.js';
    writeFileSync(join(pkgDir, 'build', 'simulator.js'), simulator);
  }
  writeFileSync(join(pkgDir, 'index.js'), 'export default {};\n');
  writeFileSync(
    join(pkgDir, 'package.json'),
    JSON.stringify({
      name: `openalgo-broker-${name}`,
      version: '1.0.0',
      type: 'module',
      exports,
      openalgo: { broker: name, contract: CONTRACT_VERSION },
    }),
  );
  return pkgDir;
}

describe('openalgo simulate zerodha (the package the repo declares)', () => {
  it('runs the Kite simulator from its ./simulator export, prints it, and stops it on SIGTERM', async () => {
    const { io, signals, firstLine } = captureCliIo({ cwd: dir });
    const running = runCli(['simulate', '--app-dir', REPO_ROOT, 'zerodha', '--json', '--port', '0'], io);
    const summary = JSON.parse(await firstLine(running)) as Record<string, string>;
    expect(summary).toMatchObject({
      broker: 'zerodha',
      apiUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+/),
    });
    const login = await request(summary.loginPageUrl as string);
    await login.body.dump();
    expect(login.statusCode).toBe(200);

    signals.emit('SIGTERM');
    expect(await running).toBe(0);
    expect(signals.listenerCount('SIGTERM')).toBe(0);
    await expect(request(summary.loginPageUrl as string)).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('openalgo simulate <broker>', () => {
  it("hands everything after the broker id to the package's runSimulatorCli and exits with its code", async () => {
    const pkgDir = brokerPackage(
      'fixsim',
      'export default { runSimulatorCli: (argv) => (argv.join(" ") === "--port 0 --json" ? 7 : 1) };\n',
    );
    const { io, stderr } = captureCliIo({ cwd: dir });
    // `--broker-path <dir>` takes a separate value: the broker id is the word after it.
    const code = await runCli(['simulate', '--broker-path', pkgDir, 'fixsim', '--port', '0', '--json'], io);
    expect(stderr()).toBe('');
    expect(code).toBe(7);
  });

  it('exits 0 when the simulator returns no number', async () => {
    const pkgDir = brokerPackage('fixquiet', 'export async function runSimulatorCli() {}\n');
    const { io } = captureCliIo({ cwd: dir });
    expect(await runCli(['simulate', `--broker-path=${pkgDir}`, 'fixquiet'], io)).toBe(0);
  });

  it('says a package ships no simulator when it exports no "./simulator"', async () => {
    const pkgDir = brokerPackage('fixnone');
    const { io, stderr } = captureCliIo({ cwd: dir });
    expect(await runCli(['simulate', '--broker-path', pkgDir, 'fixnone'], io)).toBe(1);
    expect(stderr()).toMatch(
      /^openalgo: openalgo-broker-fixnone ships no simulator: its "exports" has no "\.\/simulator" entry\.\n$/,
    );
  });

  it('says which hook a simulator lacks', async () => {
    const pkgDir = brokerPackage(
      'fixserve',
      'export async function startSimulatorForServer() { return { config: {}, close: async () => {} }; }\n',
    );
    const { io, stderr } = captureCliIo({ cwd: dir });
    expect(await runCli(['simulate', '--broker-path', pkgDir, 'fixserve'], io)).toBe(1);
    expect(stderr()).toBe(
      "openalgo: openalgo-broker-fixserve's simulator does not export runSimulatorCli.\n",
    );
  });

  it('names the brokers it found when the id is unknown', async () => {
    const pkgDir = brokerPackage('fixknown', 'export const runSimulatorCli = () => 0;\n');
    const { io, stderr } = captureCliIo({ cwd: dir });
    expect(await runCli(['simulate', '--broker-path', pkgDir, 'nosuch'], io)).toBe(2);
    expect(stderr()).toMatch(/no broker package "nosuch" found .*\(found: fixknown\)/);
  });
});
