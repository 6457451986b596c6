import { ManualClock, SessionSchema } from '@openalgo/core';
import { RecordingLogger } from '@openalgo/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createZerodhaAuth, kiteChecksum, kiteLoginUrl, kiteSessionExpiry } from '../src/auth.js';
import {
  ACCESS_TOKEN,
  API_KEY,
  fixture,
  kiteError,
  mockKite,
  ok,
  testConfig,
  testSession,
} from './helpers.js';

const agents: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const a of agents.splice(0)) await a.close();
});

/** 2026-01-05 10:15:00 IST. */
const LOGIN_AT = Date.UTC(2026, 0, 5, 4, 45);

function auth(routes: Parameters<typeof mockKite>[0], clock = new ManualClock(LOGIN_AT)) {
  const { agent, seen } = mockKite(routes);
  agents.push(agent);
  const logger = new RecordingLogger();
  return {
    auth: createZerodhaAuth(testConfig(), { http: { dispatcher: agent }, clock, logger }),
    seen,
    logger,
  };
}

describe('checksum', () => {
  it('is sha256_hex(api_key + request_token + api_secret), plain concatenation', () => {
    // Computed independently: python3 -c "import hashlib; print(hashlib.sha256(b'kitefront'+b'reqtok123'+b's3cr3tvalue').hexdigest())"
    expect(kiteChecksum('kitefront', 'reqtok123', 's3cr3tvalue')).toBe(
      '9ebfd9f0c96a37b0d7c393a72d41cc2fbc8ad64cdf9c923adc40bd2111c23e49',
    );
  });
});

describe('login URL', () => {
  it('carries the api key, v=3 and the CSRF state inside redirect_params', () => {
    const url = new URL(kiteLoginUrl(testConfig(), 'st8-ab/c+d'));
    expect(`${url.origin}${url.pathname}`).toBe('https://kite.zerodha.com/connect/login');
    expect(url.searchParams.get('api_key')).toBe(API_KEY);
    expect(url.searchParams.get('v')).toBe('3');
    const redirectParams = new URLSearchParams(url.searchParams.get('redirect_params') ?? '');
    expect(redirectParams.get('state')).toBe('st8-ab/c+d');
  });

  it('follows the configured login base URL (simulator)', () => {
    const config = testConfig({ baseUrls: { login: 'http://127.0.0.1:7000/connect/login' } });
    expect(kiteLoginUrl(config, 's')).toMatch(
      /^http:\/\/127\.0\.0\.1:7000\/connect\/login\?v=3&api_key=kitefront&redirect_params=state%3Ds$/,
    );
    expect(
      createZerodhaAuth(config, {
        http: {},
        clock: new ManualClock(),
        logger: new RecordingLogger(),
      }).loginUrl?.('s'),
    ).toBe(kiteLoginUrl(config, 's'));
  });
});

describe('session expiry', () => {
  it('is the next 06:00 IST', () => {
    // 10:15 IST → 06:00 IST the next day.
    expect(kiteSessionExpiry(LOGIN_AT)).toBe(Date.UTC(2026, 0, 6, 0, 30));
    // 05:00 IST → 06:00 IST the same day; exactly 06:00 → the next day.
    expect(kiteSessionExpiry(Date.UTC(2026, 0, 4, 23, 30))).toBe(Date.UTC(2026, 0, 5, 0, 30));
    expect(kiteSessionExpiry(Date.UTC(2026, 0, 5, 0, 30))).toBe(Date.UTC(2026, 0, 6, 0, 30));
    // Month end rolls over.
    expect(kiteSessionExpiry(Date.UTC(2026, 0, 31, 12, 0))).toBe(Date.UTC(2026, 1, 1, 0, 30));
  });
});

describe('completeLogin', () => {
  it('POST /session/token form api_key, request_token, checksum → Session', async () => {
    const { auth: a, seen } = auth({
      'POST /session/token': { status: 200, body: fixture('generate_session.json') },
    });
    const session = await a.completeLogin({
      request_token: 'reqtok123',
      action: 'login',
      status: 'success',
      state: 'x',
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.method).toBe('POST');
    expect(seen[0]?.path).toBe('/session/token');
    expect(seen[0]?.headers).toEqual({
      'x-kite-version': '3',
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(seen[0]?.body).toBe(
      'api_key=kitefront&request_token=reqtok123&checksum=9ebfd9f0c96a37b0d7c393a72d41cc2fbc8ad64cdf9c923adc40bd2111c23e49',
    );
    expect(SessionSchema.parse(session)).toEqual({
      broker: 'zerodha',
      userId: 'XX0000',
      accessToken: 'XXXXXX',
      expiresAt: Date.UTC(2026, 0, 6, 0, 30),
      meta: { userName: 'Kite Connect', loginTime: '2021-01-01 16:15:14' },
    });
  });

  it('a used or expired request token is AUTH_FAILED, not SESSION_EXPIRED', async () => {
    const { auth: a } = auth({
      'POST /session/token': kiteError(403, 'TokenException', 'Token is invalid or has expired.'),
    });
    await expect(a.completeLogin({ request_token: 'old' })).rejects.toMatchObject({ code: 'AUTH_FAILED' });
  });

  it('a callback without request_token, or with a failed status, never calls Kite', async () => {
    const { auth: a, seen } = auth({});
    await expect(a.completeLogin({ state: 'x' })).rejects.toMatchObject({
      code: 'AUTH_FAILED',
      field: 'request_token',
    });
    await expect(a.completeLogin({ request_token: 'r', status: 'cancelled' })).rejects.toMatchObject({
      code: 'AUTH_FAILED',
    });
    expect(seen).toEqual([]);
  });

  it('keeps a refresh token when Kite issues one, and refreshes with its own checksum', async () => {
    const data = {
      ...fixture<{ data: Record<string, unknown> }>('generate_session.json').data,
      refresh_token: 'rfrtok456',
    };
    const { auth: a, seen } = auth({
      'POST /session/token': ok(data),
      'POST /session/refresh_token': ok({ access_token: 'newaccess789', refresh_token: 'rfrtok456' }),
    });
    const session = await a.completeLogin({ request_token: 'reqtok123' });
    expect(session.refreshToken).toBe('rfrtok456');
    const renewed = await a.refresh?.(session);
    expect(renewed).toMatchObject({
      accessToken: 'newaccess789',
      refreshToken: 'rfrtok456',
      userId: 'XX0000',
    });
    expect(seen[1]?.body).toBe(
      'api_key=kitefront&refresh_token=rfrtok456&checksum=d8ecd4448ae14ad6ad704d809f98894f0524c26f8f8f8160d71529e1b515f170',
    );
    await expect(a.refresh?.(testSession())).rejects.toMatchObject({ code: 'SESSION_EXPIRED' });
  });
});

describe('logout', () => {
  it('DELETE /session/token?api_key=…&access_token=… with the session’s Authorization', async () => {
    const { auth: a, seen } = auth({
      'DELETE /session/token': { status: 200, body: fixture('session_logout.json') },
    });
    await a.logout(testSession());
    expect(seen).toEqual([
      {
        method: 'DELETE',
        path: `/session/token?api_key=${API_KEY}&access_token=${ACCESS_TOKEN}`,
        headers: { 'x-kite-version': '3', authorization: `token ${API_KEY}:${ACCESS_TOKEN}` },
        body: undefined,
      },
    ]);
  });

  it('reports a failed logout', async () => {
    const { auth: a } = auth({ 'DELETE /session/token': kiteError(500, 'GeneralException', 'boom') });
    await expect(a.logout(testSession())).rejects.toMatchObject({
      code: 'BROKER_ERROR',
      raw: { status: 500 },
    });
  });
});
