import { EventEmitter } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTRACT_VERSION } from '@openalgo/core';
import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';
import { TEST_SECRET_HEX, tempDir } from '../helpers/tmp.js';

const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => cleanup());

function fakeIo() {
  const out: string[] = [];
  const err: string[] = [];
  const signals = new EventEmitter();
  let written: () => void = () => undefined;
  const io: CliIo = {
    stdout: {
      write: (text: string) => {
        out.push(text);
        written();
        return true;
      },
    },
    stderr: { write: (text: string) => err.push(text) > 0 },
    env: { OPENALGO_SECRET_KEY: TEST_SECRET_HEX },
    cwd: dir,
    signals: { once: (s, l) => signals.once(s, l), off: (s, l) => signals.off(s, l) },
  };
  /** Resolves with the first stdout line, or rejects when the command ends first. */
  const firstLine = (running: Promise<number>) =>
    new Promise<string>((resolveLine, reject) => {
      written = () => {
        const text = out.join('');
        if (text.includes('\n')) resolveLine(text.slice(0, text.indexOf('\n')));
      };
      running.then(
        (code) => reject(new Error(`exited ${code} first: ${err.join('')}`)),
        (error: unknown) => reject(error),
      );
    });
  return { io, out, err, signals, firstLine };
}

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
    const { io, signals, firstLine } = fakeIo();
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
    const { io, err } = fakeIo();
    // `--broker-path <dir>` takes a separate value: the broker id is the word after it.
    const code = await runCli(['simulate', '--broker-path', pkgDir, 'fixsim', '--port', '0', '--json'], io);
    expect(err.join('')).toBe('');
    expect(code).toBe(7);
  });

  it('exits 0 when the simulator returns no number', async () => {
    const pkgDir = brokerPackage('fixquiet', 'export async function runSimulatorCli() {}\n');
    const { io } = fakeIo();
    expect(await runCli(['simulate', `--broker-path=${pkgDir}`, 'fixquiet'], io)).toBe(0);
  });

  it('says a package ships no simulator when it exports no "./simulator"', async () => {
    const pkgDir = brokerPackage('fixnone');
    const { io, err } = fakeIo();
    expect(await runCli(['simulate', '--broker-path', pkgDir, 'fixnone'], io)).toBe(1);
    expect(err.join('')).toMatch(
      /^openalgo: openalgo-broker-fixnone ships no simulator: its "exports" has no "\.\/simulator" entry\.\n$/,
    );
  });

  it('says which hook a simulator lacks', async () => {
    const pkgDir = brokerPackage(
      'fixserve',
      'export async function startSimulatorForServer() { return { config: {}, close: async () => {} }; }\n',
    );
    const { io, err } = fakeIo();
    expect(await runCli(['simulate', '--broker-path', pkgDir, 'fixserve'], io)).toBe(1);
    expect(err.join('')).toBe(
      "openalgo: openalgo-broker-fixserve's simulator does not export runSimulatorCli.\n",
    );
  });

  it('names the brokers it found when the id is unknown', async () => {
    const pkgDir = brokerPackage('fixknown', 'export const runSimulatorCli = () => 0;\n');
    const { io, err } = fakeIo();
    expect(await runCli(['simulate', '--broker-path', pkgDir, 'nosuch'], io)).toBe(2);
    expect(err.join('')).toMatch(/no broker package "nosuch" found .*\(found: fixknown\)/);
  });
});
