import { createServer, type Server } from 'node:net';
import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { captureCliIo } from '../helpers/cli-io.js';
import { tempDir } from '../helpers/tmp.js';

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

async function takenPort(): Promise<number> {
  const server = createServer();
  blocker = server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

describe('a failed first start does not lose the one-time API key', () => {
  it('the start fails on a taken port without showing a key; the next start prints a key that works', async () => {
    const port = await takenPort();
    const failed = captureCliIo({ cwd: dir });
    const code = await runCli(
      ['serve', '--port', String(port), '--ws-port', 'off', '--data-dir', 'data', '--log-level', 'silent'],
      failed.io,
    );
    expect(code).toBe(2);
    expect(failed.stderr()).toMatch(/EADDRINUSE.*another process is listening there/);
    expect(`${failed.stdout()}${failed.stderr()}`).not.toMatch(/[0-9a-f]{64}/);

    // The key minted for the failed start was forgotten: the account has none.
    const listing = captureCliIo({ cwd: dir });
    expect(await runCli(['apikey', '--data-dir', 'data'], listing.io)).toBe(0);
    expect(listing.stdout()).toMatch(/sandbox +sandbox +keys: none/);

    const second = captureCliIo({ cwd: dir });
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
