import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { captureCliIo } from '../helpers/cli-io.js';
import { tempDir } from '../helpers/tmp.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => cleanup());

describe('openalgo serve', () => {
  it('starts on port 0, prints the URLs and the key once, serves, and stops on SIGTERM', async () => {
    const first = captureCliIo({ cwd: dir });
    const running = runCli(['serve', '--port', '0', '--ws-port', '0', '--data-dir', 'data'], first.io);
    const url = (await first.waitFor(/URL: +(http:\/\/127\.0\.0\.1:\d+)\//))[1] as string;
    const key = (await first.waitFor(/API key: +([0-9a-f]{64})/))[1] as string;
    expect(first.stdout()).toMatch(
      /WebSocket: +ws:\/\/127\.0\.0\.1:\d+ +\(also ws:\/\/127\.0\.0\.1:\d+\/ws\)/,
    );
    expect(first.stdout()).toMatch(/API docs: +http:\/\/127\.0\.0\.1:\d+\/api\/docs/);
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
    const logs = first
      .stdout()
      .split('\n')
      .filter((l) => l.startsWith('{'));
    expect(logs.some((l) => l.includes('shutting down'))).toBe(true);
    expect(logs.join('\n')).not.toContain(key);

    // Second start: the key is not shown again; it says how to get a new one.
    const second = captureCliIo({ cwd: dir });
    const again = runCli(['serve', '--port', '0', '--ws-port', 'off', '--data-dir', 'data'], second.io);
    await second.waitFor(/API key: +issued earlier/);
    expect(second.stdout()).toContain('openalgo apikey --regenerate');
    expect(second.stdout()).not.toContain(key);
    second.signals.emit('SIGINT');
    expect(await again).toBe(0);
  }, 60_000);

  it('exits 2 with a message naming what to fix on bad configuration', async () => {
    const { io, stderr } = captureCliIo({ cwd: dir, env: { OPENALGO_PORT: 'nope' } });
    expect(await runCli(['serve', '--data-dir', 'data'], io)).toBe(2);
    expect(stderr()).toContain(
      '--port (or OPENALGO_PORT): must be a port number between 0 and 65535 (got "nope")',
    );
    const unknownFlag = captureCliIo({ cwd: dir });
    expect(await runCli(['serve', '--prot', '1'], unknownFlag.io)).toBe(2);
    expect(unknownFlag.stderr()).toMatch(/--prot/);
    const unknownBroker = captureCliIo({ cwd: dir });
    expect(
      await runCli(['serve', '--broker', 'nosuch', '--data-dir', 'data', '--app-dir', dir], unknownBroker.io),
    ).toBe(2);
    expect(unknownBroker.stderr()).toMatch(/no broker plugin "nosuch" is loaded/);
  }, 30_000);
});

describe('openalgo apikey', () => {
  it('regenerates a key for the sandbox account and lists keys by prefix only', async () => {
    const gen = captureCliIo({ cwd: dir });
    expect(await runCli(['apikey', '--regenerate', '--data-dir', 'data'], gen.io)).toBe(0);
    const key = gen.stdout().trim();
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const list = captureCliIo({ cwd: dir });
    expect(await runCli(['apikey', '--data-dir', 'data'], list.io)).toBe(0);
    expect(list.stdout()).toContain(`${key.slice(0, 6)}…`);
    expect(list.stdout()).not.toContain(key);
  });
});
