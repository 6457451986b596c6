import { ManualClock } from '@openalgo/core';
import { RecordingLogger } from '@openalgo/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createFyersAuth, decodeJwtClaims, fyersAppIdHash, fyersTokenExpiry } from '../../src/auth.js';
import {
  API,
  APP_ID,
  EXPIRES_AT_S,
  failure,
  fyersError,
  jwt,
  mockFyers,
  NOW_MS,
  ok,
  REDIRECT_URL,
  SECRET_KEY,
  testConfig,
  testSession,
} from './helpers.js';

const APP_ID_HASH = 'a262ce4ab9e5f016a1d2f21d976c5573c45375021e3a33e65a8ea9b4237e86c5';
const AUTH_CODE = jwt({ sub: 'auth_code', app_id: 'TESTAPP1XY', nonce: 'n0nce-abcdef' });
const ACCESS = jwt({ fy_id: 'XY01234', hsm_key: 'hsmKEY-abcdef012345', exp: EXPIRES_AT_S });
const REFRESH = jwt({ sub: 'refresh_token', exp: EXPIRES_AT_S + 86_400 * 15 });
const PIN = '4321';

const agents: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const a of agents.splice(0)) await a.close();
});

function setup(routes: Parameters<typeof mockFyers>[0]) {
  const { agent, seen } = mockFyers(routes);
  agents.push(agent);
  const logger = new RecordingLogger();
  const clock = new ManualClock(NOW_MS);
  const auth = createFyersAuth(testConfig(), { http: { dispatcher: agent }, clock, logger });
  return { auth, seen, logger, clock };
}

describe('pieces', () => {
  it('appIdHash = sha256_hex(app_id + ":" + secret)', () => {
    expect(fyersAppIdHash(APP_ID, SECRET_KEY)).toBe(APP_ID_HASH);
  });

  it('JWT claims are read without a signature check; junk is undefined', () => {
    expect(decodeJwtClaims(ACCESS)).toMatchObject({ fy_id: 'XY01234', exp: EXPIRES_AT_S });
    expect(decodeJwtClaims('not-a-jwt')).toBeUndefined();
    expect(decodeJwtClaims('a.bm90IGpzb24.c')).toBeUndefined();
    expect(decodeJwtClaims(`a.${Buffer.from('[1]').toString('base64url')}.c`)).toBeUndefined();
  });

  it('expiry from exp; without one, the next 03:00 IST rollover (with a warning)', () => {
    expect(fyersTokenExpiry(ACCESS, NOW_MS)).toBe(EXPIRES_AT_S * 1000);
    const logger = new RecordingLogger();
    // NOW is 2026-01-05 15:00 IST → next rollover 2026-01-06 03:00 IST = 2026-01-05 21:30 UTC.
    expect(fyersTokenExpiry('opaque', NOW_MS, logger)).toBe(Date.UTC(2026, 0, 5, 21, 30));
    expect(logger.messages('warn')).toHaveLength(1);
  });

  it('login URL: generate-authcode with client_id, redirect_uri, response_type=code and the state', () => {
    const { auth } = setup({});
    expect(auth.loginUrl?.('st4te-xyz')).toBe(
      `https://api-t1.fyers.in/api/v3/generate-authcode?client_id=${APP_ID}&redirect_uri=${encodeURIComponent(REDIRECT_URL)}&response_type=code&state=st4te-xyz`,
    );
  });
});

describe('completeLogin', () => {
  it('POST /api/v3/validate-authcode {grant_type, appIdHash, code}, no Authorization; session from the JWT', async () => {
    const t = setup({
      [`POST ${API}/validate-authcode`]: ok({ access_token: ACCESS, refresh_token: REFRESH }),
    });
    const session = await t.auth.completeLogin({ auth_code: AUTH_CODE, state: 's', pin: PIN });
    expect(session).toEqual({
      broker: 'fyers',
      userId: 'XY01234',
      accessToken: ACCESS,
      refreshToken: REFRESH,
      expiresAt: EXPIRES_AT_S * 1000,
      loginSecrets: { pin: PIN },
    });
    expect(t.seen).toHaveLength(1);
    const [req] = t.seen;
    expect(req?.path).toBe('/api/v3/validate-authcode');
    expect(req?.headers).toEqual({ 'content-type': 'application/json' });
    expect(req?.body).toBe(
      `{"grant_type":"authorization_code","appIdHash":"${APP_ID_HASH}","code":"${AUTH_CODE}"}`,
    );
  });

  it('without fy_id in the token, the user id comes from GET /api/v3/profile', async () => {
    const bare = jwt({ hsm_key: 'k', exp: EXPIRES_AT_S });
    const t = setup({
      [`POST ${API}/validate-authcode`]: ok({ access_token: bare, refresh_token: REFRESH }),
      [`GET ${API}/profile`]: ok({ data: { fy_id: 'YK04391', name: 'KUMAR' } }),
    });
    const session = await t.auth.completeLogin({ auth_code: AUTH_CODE });
    expect(session.userId).toBe('YK04391');
    expect(session.loginSecrets).toBeUndefined();
    expect(t.seen[1]?.headers).toEqual({ authorization: `${APP_ID}:${bare}` });
  });

  it('a bad auth code (−437) is AUTH_FAILED and is not retried', async () => {
    const t = setup({ [`POST ${API}/validate-authcode`]: fyersError(200, -437, 'invalid auth code') });
    const err = await failure(t.auth.completeLogin({ auth_code: AUTH_CODE }));
    expect(err.code).toBe('AUTH_FAILED');
    expect(err.broker).toBe('fyers');
    expect(t.seen).toHaveLength(1);
  });

  it('no auth_code, a failed redirect, or a malformed PIN fail before anything is sent', async () => {
    const t = setup({});
    const missing = await failure(t.auth.completeLogin({ state: 's' }));
    expect([missing.code, missing.field]).toEqual(['AUTH_FAILED', 'auth_code']);
    expect((await failure(t.auth.completeLogin({ s: 'error', auth_code: AUTH_CODE }))).code).toBe(
      'AUTH_FAILED',
    );
    const pin = await failure(t.auth.completeLogin({ auth_code: AUTH_CODE, pin: '12ab' }));
    expect([pin.code, pin.field]).toEqual(['INVALID_REQUEST', 'pin']);
    expect(pin.message).not.toContain('12ab');
    expect(t.seen).toHaveLength(0);
  });
});

describe('refresh and logout', () => {
  it('POST /api/v3/validate-refresh-token with the refresh token and the kept PIN', async () => {
    const renewed = jwt({ fy_id: 'XY01234', hsm_key: 'k2', exp: EXPIRES_AT_S + 86_400 });
    const t = setup({ [`POST ${API}/validate-refresh-token`]: ok({ access_token: renewed }) });
    const session = testSession({ refreshToken: REFRESH, loginSecrets: { pin: PIN } });
    const next = await t.auth.refresh?.(session);
    expect(next).toEqual({ ...session, accessToken: renewed, expiresAt: (EXPIRES_AT_S + 86_400) * 1000 });
    expect(t.seen[0]?.headers).toEqual({ 'content-type': 'application/json' });
    expect(t.seen[0]?.body).toBe(
      `{"grant_type":"refresh_token","appIdHash":"${APP_ID_HASH}","refresh_token":"${REFRESH}","pin":"${PIN}"}`,
    );
  });

  it('without a refresh token or a PIN the session cannot be renewed: SESSION_EXPIRED, nothing sent', async () => {
    const t = setup({});
    const noPin = await failure(
      t.auth.refresh?.(testSession({ refreshToken: REFRESH })) ?? Promise.resolve(),
    );
    expect(noPin.code).toBe('SESSION_EXPIRED');
    expect(noPin.message).toContain('no PIN');
    const noToken = await failure(
      t.auth.refresh?.(testSession({ refreshToken: undefined, loginSecrets: { pin: PIN } })) ??
        Promise.resolve(),
    );
    expect(noToken.code).toBe('SESSION_EXPIRED');
    expect(t.seen).toHaveLength(0);
  });

  it('a refused refresh token (−501) is AUTH_FAILED', async () => {
    const t = setup({
      [`POST ${API}/validate-refresh-token`]: fyersError(200, -501, 'Please provide valid refresh token'),
    });
    const err = await failure(
      t.auth.refresh?.(testSession({ refreshToken: REFRESH, loginSecrets: { pin: PIN } })) ??
        Promise.resolve(),
    );
    expect(err.code).toBe('AUTH_FAILED');
  });

  it('logout: POST /api/v3/logout with the Authorization header and no body; a dead token counts as logged out', async () => {
    const t = setup({
      [`POST ${API}/logout`]: [
        ok({ message: 'logged out' }),
        fyersError(200, -16, 'Token is Invalid or Expired'),
      ],
    });
    await t.auth.logout(testSession({ accessToken: ACCESS }));
    await t.auth.logout(testSession({ accessToken: ACCESS }));
    expect(t.seen).toHaveLength(2);
    expect(t.seen[0]?.headers).toEqual({ authorization: `${APP_ID}:${ACCESS}` });
    expect(t.seen[0]?.body).toBeUndefined();
  });
});

describe('secrets never reach the logs', () => {
  it('login, refresh and a failed call log neither the secret, the hash, the code, the PIN nor any token', async () => {
    const renewed = jwt({ fy_id: 'XY01234', hsm_key: 'k2', exp: EXPIRES_AT_S + 86_400 });
    const t = setup({
      [`POST ${API}/validate-authcode`]: ok({ access_token: ACCESS, refresh_token: REFRESH }),
      [`POST ${API}/validate-refresh-token`]: [ok({ access_token: renewed }), fyersError(200, -501, 'bad')],
    });
    const session = await t.auth.completeLogin({ auth_code: AUTH_CODE, pin: PIN });
    await t.auth.refresh?.(session);
    await failure(t.auth.refresh?.(session) ?? Promise.resolve());
    const logged = JSON.stringify(t.logger.records);
    expect(t.logger.records.length).toBeGreaterThan(0);
    for (const secret of [SECRET_KEY, APP_ID_HASH, AUTH_CODE, ACCESS, REFRESH, renewed, `"${PIN}"`]) {
      expect(logged).not.toContain(secret);
    }
  });
});
