import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { captureCliIo, REPO_ROOT } from '../helpers/cli-io.js';
import { tempDir } from '../helpers/tmp.js';

/** `openalgo brokers` shows each broker's egress settings, with proxy credentials redacted. */
const PASSWORD = 'cli-proxy-pa55';

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => cleanup());

async function brokers(settings: Record<string, unknown>): Promise<string> {
  mkdirSync(join(dir, 'data'), { recursive: true });
  writeFileSync(join(dir, 'data', 'brokers.json'), JSON.stringify({ zerodha: settings }));
  const { io, stdout, stderr } = captureCliIo({ cwd: dir });
  expect(await runCli(['brokers', '--data-dir', 'data', '--app-dir', REPO_ROOT], io)).toBe(0);
  return stdout() + stderr();
}

const ZERODHA = { apiKey: 'k', apiSecret: 's', redirectUrl: 'http://127.0.0.1:5000/auth/zerodha/callback' };

describe('openalgo brokers', () => {
  it('lists the egress of every account and of named ones, never a proxy password', async () => {
    const text = await brokers({
      ...ZERODHA,
      egress: { localAddress: '127.0.0.1' },
      accounts: { AB1234: { egress: { proxy: `http://u:${PASSWORD}@127.0.0.1:3128` } } },
    });
    expect(text).toMatch(
      /zerodha .*; configured; egress: local address 127\.0\.0\.1 \(every account\); proxy http:\/\/\*\*\*@127\.0\.0\.1:3128 \(AB1234\)/,
    );
    expect(text).not.toContain(PASSWORD);
  });

  it('names the bad field and hides the proxy value', async () => {
    const text = await brokers({ ...ZERODHA, egress: { proxy: `socks5://u:${PASSWORD}@127.0.0.1:1080` } });
    expect(text).toContain('NOT CONFIGURED');
    expect(text).toContain('egress.proxy: must be an http(s) URL');
    expect(text).not.toContain(PASSWORD);
  });
});
