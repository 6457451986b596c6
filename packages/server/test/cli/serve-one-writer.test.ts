import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HOLDER_FILE, liveLockHolder, readLockHolder } from '../../src/store/data-dir-lock.js';
import { bundleForChild } from '../helpers/bundle.js';
import { TEST_SECRET_HEX, tempDir } from '../helpers/tmp.js';

/** The real `openalgo` CLI, run in real processes: an OS lock is only proven across processes. */
let cli: { file: string; cleanup: () => void };
beforeAll(async () => {
  cli = await bundleForChild(join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts'), 'one-writer');
}, 180_000);
afterAll(() => cli?.cleanup());

let dir: string;
let cleanup: () => void;
const started: ChildProcess[] = [];
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => {
  for (const proc of started) if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  started.length = 0;
  cleanup();
});

interface Run {
  proc: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first match of `pattern` in stdout (rejects if the process exits first). */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function openalgo(args: string[]): Run {
  const proc = spawn(process.execPath, [cli.file, ...args, '--data-dir', join(dir, 'data')], {
    cwd: dir,
    env: { PATH: process.env.PATH, OPENALGO_SECRET_KEY: TEST_SECRET_HEX },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(proc);
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  proc.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    for (const check of [...listeners]) check();
  });
  proc.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    proc.on('exit', (code, signal) => resolve({ code, signal }));
  });
  return {
    proc,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const m = out.match(pattern);
          if (m) {
            listeners.delete(check);
            resolve(m);
          }
        };
        listeners.add(check);
        check();
        void exited.then(({ code, signal }) => {
          if (listeners.has(check)) reject(new Error(`exited (${code ?? signal}) first: ${err}`));
        });
      }),
  };
}

const SERVE = ['serve', '--port', '0', '--ws-port', 'off', '--log-level', 'warn'];
const URL_LINE = /URL: +(http:\/\/127\.0\.0\.1:\d+)\//;

async function ping(url: string, key: string): Promise<unknown> {
  const res = await request(`${url}/api/v1/ping`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ apikey: key }),
  });
  return res.body.json();
}

describe('one writer per data directory (real processes)', () => {
  it('refuses a second server at once, naming the dir and the holder pid; the first keeps serving and admin commands work beside it', async () => {
    // A data dir made by hand under umask 022: the server makes it and its files private.
    mkdirSync(join(dir, 'data'));
    chmodSync(join(dir, 'data'), 0o755);
    const first = openalgo(SERVE);
    const url = (await first.waitFor(URL_LINE))[1] as string;
    const key = (await first.waitFor(/API key: +([0-9a-f]{64})/))[1] as string;
    expect(readLockHolder(join(dir, 'data'))?.pid).toBe(first.proc.pid);
    if (process.platform !== 'win32') {
      const mode = (name: string) => statSync(join(dir, 'data', name)).mode & 0o777;
      expect(mode('.')).toBe(0o700);
      for (const file of ['openalgo.db', 'openalgo.db-wal', 'serve.lock', 'serve.pid', 'secret.key']) {
        if (existsSync(join(dir, 'data', file))) expect(mode(file), file).toBe(0o600);
      }
      expect(existsSync(join(dir, 'data', 'openalgo.db'))).toBe(true);
    }

    const second = openalgo(SERVE);
    const { code } = await second.exited;
    expect(code).toBe(2);
    expect(second.stderr()).toContain(`the data dir ${join(dir, 'data')} is in use`);
    expect(second.stderr()).toContain(`pid ${first.proc.pid}`);
    expect(second.stdout()).not.toMatch(URL_LINE);

    // The first server never noticed: it still answers with its own key.
    expect(await ping(url, key)).toMatchObject({ status: 'success' });

    // Admin commands take no lock: they read and write beside the running server (SQLite WAL).
    const listing = openalgo(['apikey']);
    expect((await listing.exited).code).toBe(0);
    expect(listing.stdout()).toMatch(/sandbox/);
    const regenerate = openalgo(['apikey', '--regenerate']);
    expect((await regenerate.exited).code).toBe(0);
    const newKey = regenerate.stdout().trim();
    expect(newKey).toMatch(/^[0-9a-f]{64}$/);
    expect(await ping(url, newKey)).toMatchObject({ status: 'success' });
    const brokers = openalgo(['brokers']);
    expect((await brokers.exited).code).toBe(0);

    first.proc.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
    // A clean stop removes the holder file (the lock file itself stays, see release()).
    expect(existsSync(join(dir, 'data', HOLDER_FILE))).toBe(false);
  }, 120_000);

  it('takes over the lock of a server killed with kill -9, and only then', async () => {
    const first = openalgo(SERVE);
    await first.waitFor(URL_LINE);
    first.proc.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    // Its holder file is still there, naming a dead pid: the OS lock died with it all the same.
    expect(readLockHolder(join(dir, 'data'))?.pid).toBe(first.proc.pid);
    expect(liveLockHolder(join(dir, 'data'))).toBeUndefined();

    const next = openalgo(SERVE);
    const url = (await next.waitFor(URL_LINE))[1] as string;
    expect(readLockHolder(join(dir, 'data'))?.pid).toBe(next.proc.pid);
    const refused = openalgo(SERVE);
    expect((await refused.exited).code).toBe(2);
    expect(refused.stderr()).toContain(`pid ${next.proc.pid}`);
    const res = await request(`${url}/api/v1/ping`, { method: 'POST', body: '{}' });
    expect(res.statusCode).toBeLessThan(500);
    await res.body.dump();
    next.proc.kill('SIGTERM');
    expect((await next.exited).code).toBe(0);
  }, 120_000);
});
