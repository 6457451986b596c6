import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { firstForm } from '../e2e/support/forms.js';
import { captureCliIo, REPO_ROOT } from '../helpers/cli-io.js';
import { tempDir } from '../helpers/tmp.js';

/**
 * `openalgo serve --broker zerodha --simulate`, stopped and started again on the same data dir: the
 * first run's simulator (and every token it issued) is gone, so the stored session must read as
 * ended everywhere — API, accounts page, `openalgo brokers` — not "active" while calls fail.
 * Needs packages/broker-zerodha built (its `./simulator` export), as the other simulate tests do.
 */
let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => cleanup());

const COMMON = ['--data-dir', 'data', '--app-dir', REPO_ROOT];

/**
 * Without `simulate`: the real adapter, configured with placeholder credentials it never gets to use
 * (the test only reads the accounts page, so nothing leaves 127.0.0.1).
 */
async function serveSimulated(simulate = true) {
  const { io, stdout, signals, waitFor } = captureCliIo({
    cwd: dir,
    env: simulate
      ? {}
      : { OPENALGO_ZERODHA_API_KEY: 'placeholder', OPENALGO_ZERODHA_API_SECRET: 'placeholder' },
  });
  const running = runCli(
    [
      'serve',
      '--broker',
      'zerodha',
      ...(simulate ? ['--simulate'] : []),
      '--port',
      '0',
      '--ws-port',
      'off',
      '--log-level',
      'silent',
      ...COMMON,
    ],
    io,
  );
  const url = (await waitFor(/URL: +(http:\/\/127\.0\.0\.1:\d+)\//, running))[1] as string;
  const login = stdout().match(/user id (\S+), password (\S+)/);
  const key = stdout().match(/API key: +([0-9a-f]{64})/)?.[1];
  return {
    url,
    key,
    credentials: { userId: login?.[1] as string, password: login?.[2] as string },
    stop: async () => {
      signals.emit('SIGTERM');
      expect(await running).toBe(0);
    },
  };
}

type Served = Awaited<ReturnType<typeof serveSimulated>>;

/** The browser's part: our login route → the simulator's form → our callback. */
async function logIn(served: Served): Promise<void> {
  const start = await request(`${served.url}/auth/zerodha/login`);
  await start.body.dump();
  const cookie = String(start.headers['set-cookie']).split(';')[0] as string;
  const loginPage = String(start.headers.location);
  const page = await request(loginPage);
  const { action, fields } = firstForm(await page.body.text());
  fields.user_id = served.credentials.userId;
  fields.password = served.credentials.password;
  const submitted = await request(new URL(action, loginPage), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  await submitted.body.dump();
  const result = await request(String(submitted.headers.location), { headers: { cookie } });
  const html = await result.body.text();
  expect(result.statusCode, html).toBe(200);
}

async function funds(url: string, key: string) {
  const res = await request(`${url}/api/v1/funds`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ apikey: key }),
  });
  return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> };
}

async function accountsPage(url: string): Promise<string> {
  const res = await request(`${url}/`);
  return res.body.text();
}

async function brokersCli(): Promise<string> {
  const { io, stdout } = captureCliIo({ cwd: dir });
  expect(await runCli(['brokers', ...COMMON], io)).toBe(0);
  return stdout();
}

describe('session status after a --simulate restart', () => {
  it('reads "ended" in the API, the accounts page and the CLI until the user logs in again', async () => {
    const first = await serveSimulated();
    const key = first.key as string;
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    await logIn(first);
    expect(await funds(first.url, key)).toMatchObject({ status: 200, body: { status: 'success' } });
    expect(await accountsPage(first.url)).toContain('<span class="ok">active</span>');
    expect(await brokersCli()).toMatch(/zerodha +session: active until /);
    await first.stop();

    const second = await serveSimulated();
    // Not "active" anywhere, and the same words everywhere: the user must log in again.
    const refused = await funds(second.url, key);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ status: 'error', code: 'SESSION_EXPIRED' });
    expect(String(refused.body.message)).toMatch(/simulator, whose sessions end with it\); log in again at/);
    const page = await accountsPage(second.url);
    expect(page).toContain('ended: issued by a simulator that has stopped — log in again');
    expect(page).not.toContain('<span class="ok">active</span>');
    const cli = await brokersCli();
    expect(cli).toMatch(/simulating zerodha\) holds it/);
    expect(cli).toMatch(/zerodha +session: ended: issued by a simulator that has stopped/);

    // A new login against this run's simulator makes it usable again.
    await logIn(second);
    expect(await funds(second.url, key)).toMatchObject({ status: 200, body: { status: 'success' } });
    expect(await accountsPage(second.url)).toContain('<span class="ok">active</span>');
    expect(await brokersCli()).toMatch(/zerodha +session: active until /);
    await second.stop();

    // With no server running, the CLI still knows: that simulator is gone too.
    const stopped = await brokersCli();
    expect(stopped).toMatch(/no server holds it/);
    expect(stopped).toMatch(/zerodha +session: ended: issued by a simulator that has stopped/);

    // Nor does a run against the real broker take the simulator's session for a real one.
    const real = await serveSimulated(false);
    const realPage = await accountsPage(real.url);
    expect(realPage).toContain('ended: issued by a simulator that has stopped — log in again');
    expect(realPage).not.toContain('<span class="ok">active</span>');
    expect(await brokersCli()).toMatch(/zerodha +session: ended/);
    await real.stop();
  }, 60_000);
});
