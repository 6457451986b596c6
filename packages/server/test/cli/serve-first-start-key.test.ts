import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:net';
import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';
import { TEST_SECRET_HEX, tempDir } from '../helpers/tmp.js';

let dir: string;
let cleanup: () => void;
let blocker: Server | undefined;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(async () => {
  await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()));
  blocker = undefined;
  cleanup();
});

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  const signals = new EventEmitter();
  let written: () => void = () => {};
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
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve) => {
      const check = () => {
        const m = out.join('').match(pattern);
        if (m) resolve(m);
      };
      written = check;
      check();
    });
  return { io, signals, waitFor, stdout: () => out.join(''), stderr: () => err.join('') };
}

async function takenPort(): Promise<number> {
  const server = createServer();
  blocker = server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

describe('a failed first start does not lose the one-time API key', () => {
  it('the start fails on a taken port without showing a key; the next start prints a key that works', async () => {
    const port = await takenPort();
    const failed = captureIo();
    const code = await runCli(
      ['serve', '--port', String(port), '--ws-port', 'off', '--data-dir', 'data', '--log-level', 'silent'],
      failed.io,
    );
    expect(code).toBe(2);
    expect(failed.stderr()).toMatch(/EADDRINUSE.*another process is listening there/);
    expect(`${failed.stdout()}${failed.stderr()}`).not.toMatch(/[0-9a-f]{64}/);

    // The key minted for the failed start was forgotten: the account has none.
    const listing = captureIo();
    expect(await runCli(['apikey', '--data-dir', 'data'], listing.io)).toBe(0);
    expect(listing.stdout()).toMatch(/sandbox +sandbox +keys: none/);

    const second = captureIo();
    const running = runCli(
      ['serve', '--port', '0', '--ws-port', 'off', '--data-dir', 'data', '--log-level', 'silent'],
      second.io,
    );
    const url = (await second.waitFor(/URL: +(http:\/\/127\.0\.0\.1:\d+)\//))[1] as string;
    const key = (await second.waitFor(/API key: +([0-9a-f]{64})/))[1] as string;
    const ping = await request(`${url}/api/v1/ping`, {
      method: 'POST',
      body: JSON.stringify({ apikey: key }),
      headers: { 'content-type': 'application/json' },
    });
    expect(ping.statusCode).toBe(200);
    second.signals.emit('SIGTERM');
    expect(await running).toBe(0);
  });
});
