import { createHash } from 'node:crypto';
import { totpCode } from '@openalgo/core';
import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { connectionRefused, REPO_ROOT } from '../e2e/support/simulated-server.js';
import { captureCliIo } from '../helpers/cli-io.js';
import { tempDir } from '../helpers/tmp.js';

/**
 * `openalgo simulate angel --json` and `openalgo simulate fyers --json` (issues 10 and 11): exactly one
 * JSON line with the fields the issues list, whose credentials the running simulator accepts.
 */
let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => cleanup());

/** Runs `openalgo simulate <broker> --json --port 0` until its first line; `stop` sends SIGTERM. */
async function simulate(broker: string) {
  const { io, stdout, stderr, signals, firstLine } = captureCliIo({ cwd: dir });
  const running = runCli(['simulate', '--app-dir', REPO_ROOT, broker, '--json', '--port', '0'], io);
  const line = await firstLine(running);
  const stop = async () => {
    signals.emit('SIGTERM');
    expect(await running).toBe(0);
    // One line and nothing else: a script can read it whole.
    expect(stdout()).toBe(`${line}\n`);
    expect(stderr()).toBe('');
  };
  return { line, summary: JSON.parse(line) as Record<string, string>, stop };
}

const LOOPBACK_HTTP = /^http:\/\/127\.0\.0\.1:\d+/;
const LOOPBACK_WS = /^ws:\/\/127\.0\.0\.1:\d+/;

describe('openalgo simulate angel --json', () => {
  it("prints the issue's fields on one line, and its TOTP secret makes codes the simulator accepts", async () => {
    const { summary, stop } = await simulate('angel');
    try {
      expect(Object.keys(summary)).toEqual([
        'broker',
        'apiUrl',
        'wsUrl',
        'orderWsUrl',
        'instrumentsUrl',
        'apiKey',
        'clientCode',
        'password',
        'totpSecret',
      ]);
      expect(summary).toMatchObject({
        broker: 'angel',
        apiUrl: expect.stringMatching(LOOPBACK_HTTP),
        wsUrl: expect.stringMatching(LOOPBACK_WS),
        orderWsUrl: expect.stringMatching(LOOPBACK_WS),
        instrumentsUrl: expect.stringMatching(LOOPBACK_HTTP),
        totpSecret: expect.stringMatching(/^[A-Z2-7]{16,}=*$/),
      });
      // The login a script would make with what was printed (brokers.md §2.2), with the six headers.
      const login = await request(`${summary.apiUrl}/rest/auth/angelbroking/user/v1/loginByPassword`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'X-UserType': 'USER',
          'X-SourceID': 'WEB',
          'X-ClientLocalIP': '127.0.0.1',
          'X-ClientPublicIP': '127.0.0.1',
          'X-MACAddress': '00:00:00:00:00:00',
          'X-PrivateKey': summary.apiKey as string,
        },
        body: JSON.stringify({
          clientcode: summary.clientCode,
          password: summary.password,
          totp: totpCode(summary.totpSecret as string, Date.now()),
        }),
      });
      const reply = (await login.body.json()) as { status?: boolean; data?: { jwtToken?: string } };
      expect(login.statusCode).toBe(200);
      expect(reply.status, JSON.stringify(reply)).toBe(true);
      expect(reply.data?.jwtToken).toBeTruthy();
    } finally {
      await stop();
    }
    expect(await connectionRefused(summary.apiUrl as string)).toBe('ECONNREFUSED');
  }, 60_000);
});

describe('openalgo simulate fyers --json', () => {
  it("prints the issue's fields on one line, and its credentials log in and renew with the PIN", async () => {
    const { summary, stop } = await simulate('fyers');
    try {
      expect(Object.keys(summary)).toEqual([
        'broker',
        'apiUrl',
        'dataUrl',
        'loginUrl',
        'dataWsUrl',
        'orderWsUrl',
        'instrumentsUrl',
        'appId',
        'secretKey',
        'redirectUrl',
        'userId',
        'password',
        'pin',
      ]);
      expect(summary).toMatchObject({
        broker: 'fyers',
        apiUrl: expect.stringMatching(LOOPBACK_HTTP),
        dataUrl: expect.stringMatching(LOOPBACK_HTTP),
        loginUrl: expect.stringMatching(LOOPBACK_HTTP),
        dataWsUrl: expect.stringMatching(LOOPBACK_WS),
        orderWsUrl: expect.stringMatching(LOOPBACK_WS),
        instrumentsUrl: expect.stringMatching(LOOPBACK_HTTP),
        pin: expect.stringMatching(/^\d{4}$/),
      });
      const { apiUrl, loginUrl, appId, secretKey, redirectUrl, userId, password, pin } = summary as Record<
        'apiUrl' | 'loginUrl' | 'appId' | 'secretKey' | 'redirectUrl' | 'userId' | 'password' | 'pin',
        string
      >;
      // The login page's form, as a script fills it (brokers.md §3.2) …
      const query = new URLSearchParams({
        client_id: appId,
        redirect_uri: redirectUrl,
        response_type: 'code',
        state: 'cli-test',
      });
      const page = await request(`${loginUrl}?${query}`);
      const html = await page.body.text();
      expect(page.statusCode, html).toBe(200);
      const form = Object.fromEntries(query);
      const posted = await request(loginUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...form, fy_id: userId, password }).toString(),
      });
      await posted.body.dump();
      expect(posted.statusCode).toBe(302);
      const back = new URL(String(posted.headers.location));
      expect(`${back.origin}${back.pathname}`).toBe(redirectUrl);
      expect(back.searchParams.get('state')).toBe('cli-test');
      // … the auth code exchanged with the printed secret key, then renewed with the printed PIN.
      const appIdHash = createHash('sha256').update(`${appId}:${secretKey}`).digest('hex');
      const tokens = await postJson(`${apiUrl}/validate-authcode`, {
        grant_type: 'authorization_code',
        appIdHash,
        code: back.searchParams.get('auth_code'),
      });
      expect(tokens, JSON.stringify(tokens)).toMatchObject({ s: 'ok', access_token: expect.any(String) });
      const renewed = await postJson(`${apiUrl}/validate-refresh-token`, {
        grant_type: 'refresh_token',
        appIdHash,
        refresh_token: tokens.refresh_token,
        pin,
      });
      expect(renewed, JSON.stringify(renewed)).toMatchObject({ s: 'ok', access_token: expect.any(String) });
    } finally {
      await stop();
    }
    expect(await connectionRefused(summary.apiUrl as string)).toBe('ECONNREFUSED');
  }, 60_000);
});

async function postJson(url: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await res.body.json()) as Record<string, unknown>;
}
