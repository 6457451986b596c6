import { EventEmitter } from 'node:events';
import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';
import { TEST_SECRET_HEX, tempDir } from '../helpers/tmp.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => cleanup());

function fakeIo(env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const signals = new EventEmitter();
  const waiters: Array<{ pattern: RegExp; resolve: (m: RegExpMatchArray) => void }> = [];
  const io: CliIo = {
    stdout: {
      write: (text: string) => {
        out.push(text);
        const all = out.join('');
        for (const w of [...waiters]) {
          const m = all.match(w.pattern);
          if (m) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(m);
          }
        }
        return true;
      },
    },
    stderr: { write: (text: string) => err.push(text) },
    env: { OPENALGO_SECRET_KEY: TEST_SECRET_HEX, ...env },
    cwd: dir,
    signals: {
      once: (s, l) => signals.once(s, l),
      off: (s, l) => signals.off(s, l),
    },
  };
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve) => {
      const m = out.join('').match(pattern);
      if (m) resolve(m);
      else waiters.push({ pattern, resolve });
    });
  return { io, out, err, signals, waitFor };
}

describe('openalgo serve', () => {
  it('starts on port 0, prints the URLs and the key once, serves, and stops on SIGTERM', async () => {
    const first = fakeIo();
    const running = runCli(['serve', '--port', '0', '--ws-port', '0', '--data-dir', 'data'], first.io);
    const url = (await first.waitFor(/URL: +(http:\/\/127\.0\.0\.1:\d+)\//))[1] as string;
    const key = (await first.waitFor(/API key: +([0-9a-f]{64})/))[1] as string;
    expect(first.out.join('')).toMatch(
      /WebSocket: +ws:\/\/127\.0\.0\.1:\d+ +\(also ws:\/\/127\.0\.0\.1:\d+\/ws\)/,
    );
    expect(first.out.join('')).toMatch(/API docs: +http:\/\/127\.0\.0\.1:\d+\/api\/docs/);
    const ping = await request(`${url}/api/v1/ping`, {
      method: 'POST',
      body: JSON.stringify({ apikey: key }),
      headers: { 'content-type': 'application/json' },
    });
    expect(ping.statusCode).toBe(200);
    expect(await ping.body.json()).toMatchObject({ status: 'success' });
    first.signals.emit('SIGTERM');
    expect(await running).toBe(0);
    // JSON log lines never carry the key, even though requests did.
    const logs = first.out
      .join('')
      .split('\n')
      .filter((l) => l.startsWith('{'));
    expect(logs.some((l) => l.includes('shutting down'))).toBe(true);
    expect(logs.join('\n')).not.toContain(key);

    // Second start: the key is not shown again; it says how to get a new one.
    const second = fakeIo();
    const again = runCli(['serve', '--port', '0', '--ws-port', 'off', '--data-dir', 'data'], second.io);
    await second.waitFor(/API key: +issued earlier/);
    expect(second.out.join('')).toContain('openalgo apikey --regenerate');
    expect(second.out.join('')).not.toContain(key);
    second.signals.emit('SIGINT');
    expect(await again).toBe(0);
  }, 60_000);

  it('exits 2 with a message naming what to fix on bad configuration', async () => {
    const { io, err } = fakeIo({ OPENALGO_PORT: 'nope' });
    expect(await runCli(['serve', '--data-dir', 'data'], io)).toBe(2);
    expect(err.join('')).toContain(
      '--port (or OPENALGO_PORT): must be a port number between 0 and 65535 (got "nope")',
    );
    const unknownFlag = fakeIo();
    expect(await runCli(['serve', '--prot', '1'], unknownFlag.io)).toBe(2);
    expect(unknownFlag.err.join('')).toMatch(/--prot/);
    const unknownBroker = fakeIo();
    expect(
      await runCli(['serve', '--broker', 'nosuch', '--data-dir', 'data', '--app-dir', dir], unknownBroker.io),
    ).toBe(2);
    expect(unknownBroker.err.join('')).toMatch(/no broker plugin "nosuch" is loaded/);
  }, 30_000);
});

describe('openalgo apikey', () => {
  it('regenerates a key for the sandbox account and lists keys by prefix only', async () => {
    const gen = fakeIo();
    expect(await runCli(['apikey', '--regenerate', '--data-dir', 'data'], gen.io)).toBe(0);
    const key = gen.out.join('').trim();
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const list = fakeIo();
    expect(await runCli(['apikey', '--data-dir', 'data'], list.io)).toBe(0);
    expect(list.out.join('')).toContain(`${key.slice(0, 6)}…`);
    expect(list.out.join('')).not.toContain(key);
  });
});
