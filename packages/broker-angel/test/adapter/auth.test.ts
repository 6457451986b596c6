import { isOpenAlgoError, ManualClock, SessionSchema, totpCode, verifyTotp } from '@openalgo/core';
import { RecordingLogger } from '@openalgo/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { angelSessionExpiry, createAngelAuth } from '../../src/auth.js';
import {
  API_KEY,
  angelError,
  CLIENT_CODE,
  FEED_TOKEN,
  failure,
  INVALID_TOKEN,
  JWT,
  jsonBody,
  MIDNIGHT_IST,
  mockAngel,
  NOW,
  ok,
  RATE_LIMIT,
  REFRESH_TOKEN,
  type Route,
  testConfig,
  testSession,
} from './helpers.js';

const LOGIN = 'POST /rest/auth/angelbroking/user/v1/loginByPassword';
const REFRESH = 'POST /rest/auth/angelbroking/jwt/v1/generateTokens';
const LOGOUT = 'POST /rest/secure/angelbroking/user/v1/logout';
/** A base32 TOTP secret, as an authenticator app stores it. */
const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

const TOKENS = ok({ jwtToken: JWT, refreshToken: REFRESH_TOKEN, feedToken: FEED_TOKEN });

const agents: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const a of agents.splice(0)) await a.close();
});

function auth(routes: Record<string, Route>, config = testConfig(), clock = new ManualClock(NOW)) {
  const { agent, seen } = mockAngel(routes);
  agents.push(agent);
  const logger = new RecordingLogger();
  return {
    auth: createAngelAuth(config, { http: { dispatcher: agent }, clock, logger }),
    seen,
    logger,
    clock,
  };
}

const BASE_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json',
  'x-usertype': 'USER',
  'x-sourceid': 'WEB',
  'x-clientlocalip': '127.0.0.1',
  'x-clientpublicip': '127.0.0.1',
  'x-macaddress': '00:00:00:00:00:00',
  'x-privatekey': API_KEY,
};

describe('session expiry', () => {
  it('is the next midnight IST, also just before and just after it', () => {
    expect(angelSessionExpiry(NOW)).toBe(MIDNIGHT_IST);
    expect(angelSessionExpiry(MIDNIGHT_IST - 1)).toBe(MIDNIGHT_IST);
    expect(angelSessionExpiry(MIDNIGHT_IST)).toBe(MIDNIGHT_IST + 86_400_000);
  });
});

describe('completeLogin', () => {
  it('loginByPassword with the six X- headers and the API key, no Authorization; a session until midnight IST', async () => {
    const t = auth({ [LOGIN]: TOKENS });
    const session = await t.auth.completeLogin({ clientCode: CLIENT_CODE, pin: '1234', totp: '123456' });
    expect(t.seen).toHaveLength(1);
    expect(t.seen[0]?.path).toBe('/rest/auth/angelbroking/user/v1/loginByPassword');
    expect(t.seen[0]?.headers).toEqual(BASE_HEADERS);
    expect(t.seen[0]?.body).toBe(
      JSON.stringify({ clientcode: CLIENT_CODE, password: '1234', totp: '123456' }),
    );
    expect(SessionSchema.parse(session)).toEqual({
      broker: 'angel',
      userId: CLIENT_CODE,
      accessToken: JWT,
      refreshToken: REFRESH_TOKEN,
      feedToken: FEED_TOKEN,
      expiresAt: MIDNIGHT_IST,
    });
  });

  it('takes the client code from the configuration when the form does not ask for it', async () => {
    const t = auth({ [LOGIN]: TOKENS }, testConfig({ clientCode: 'B99' }));
    const session = await t.auth.completeLogin({ pin: '1234', totp: '654321' });
    expect(session.userId).toBe('B99');
    expect(jsonBody(t.seen[0])).toMatchObject({ clientcode: 'B99' });
  });

  it('a code typed as the app shows it ("123 456") is sent without the space', async () => {
    const t = auth({ [LOGIN]: TOKENS });
    await t.auth.completeLogin({ clientCode: CLIENT_CODE, pin: '1234', totp: '123 456' });
    expect(jsonBody(t.seen[0])).toMatchObject({ totp: '123456' });
  });

  it.each([
    [{ pin: '1234', totp: '123456' }, 'clientCode'],
    [{ clientCode: CLIENT_CODE, totp: '123456' }, 'pin'],
    [{ clientCode: CLIENT_CODE, pin: '1234' }, 'totp'],
    [{ clientCode: CLIENT_CODE, pin: '1234', totp: '12345' }, 'totp'],
    [{ clientCode: CLIENT_CODE, pin: '1234', totp: '123456', totpSecret: 'not base32!' }, 'totpSecret'],
  ])('refuses %j naming %s, before any request', async (params, field) => {
    const t = auth({ [LOGIN]: TOKENS });
    const err = await failure(t.auth.completeLogin(params));
    expect(isOpenAlgoError(err, 'AUTH_FAILED')).toBe(true);
    expect(isOpenAlgoError(err) && err.field).toBe(field);
    expect(t.seen).toHaveLength(0);
  });

  it.each([
    ['an invalid TOTP (AB1050)', angelError('AB1050', 'Invalid totp'), 'AUTH_FAILED'],
    ['a wrong PIN (AB1007 "AMX error")', angelError('AB1007', 'AMX Error'), 'AUTH_FAILED'],
    ['AG8001 at login', INVALID_TOKEN, 'AUTH_FAILED'],
    ['the plain-text 403 rate limit', RATE_LIMIT, 'RATE_LIMITED'],
  ])('%s is %s, sent once', async (_name, reply, code) => {
    const t = auth({ [LOGIN]: reply });
    const err = await failure(t.auth.completeLogin({ clientCode: CLIENT_CODE, pin: '1234', totp: '123456' }));
    expect(isOpenAlgoError(err, code as 'AUTH_FAILED')).toBe(true);
    expect(t.seen).toHaveLength(1);
  });

  it('with the opt-in TOTP secret: the code is generated when not typed, and {pin, totpSecret} kept with the session', async () => {
    const t = auth({ [LOGIN]: TOKENS });
    const session = await t.auth.completeLogin({
      clientCode: CLIENT_CODE,
      pin: '1234',
      totpSecret: 'jbsw y3dp ehpk 3pxp jbsw y3dp ehpk 3pxp',
    });
    expect(jsonBody(t.seen[0])).toEqual({
      clientcode: CLIENT_CODE,
      password: '1234',
      totp: totpCode(TOTP_SECRET, NOW),
    });
    expect(session.loginSecrets).toEqual({ pin: '1234', totpSecret: TOTP_SECRET });
    const alias = await t.auth.completeLogin({
      clientCode: CLIENT_CODE,
      pin: '1',
      totp: '000000',
      rememberTotpSecret: TOTP_SECRET,
    });
    expect(alias.loginSecrets).toEqual({ pin: '1', totpSecret: TOTP_SECRET });
  });

  it('without it nothing secret is kept', async () => {
    const t = auth({ [LOGIN]: TOKENS });
    const session = await t.auth.completeLogin({ clientCode: CLIENT_CODE, pin: '1234', totp: '123456' });
    expect(session.loginSecrets).toBeUndefined();
  });
});

describe('refresh', () => {
  const renewed = ok({ jwtToken: 'jwtNEW', refreshToken: 'refreshNEW', feedToken: 'feedNEW' });

  it('generateTokens {refreshToken} under the current JWT; new tokens, expiry at the next midnight IST', async () => {
    const clock = new ManualClock(MIDNIGHT_IST - 60_000);
    const t = auth({ [REFRESH]: renewed }, testConfig(), clock);
    const fresh = await t.auth.refresh?.(testSession());
    expect(t.seen[0]?.path).toBe('/rest/auth/angelbroking/jwt/v1/generateTokens');
    expect(t.seen[0]?.headers).toEqual({ ...BASE_HEADERS, authorization: `Bearer ${JWT}` });
    expect(jsonBody(t.seen[0])).toEqual({ refreshToken: REFRESH_TOKEN });
    expect(fresh).toMatchObject({ accessToken: 'jwtNEW', refreshToken: 'refreshNEW', feedToken: 'feedNEW' });
    expect(fresh?.expiresAt).toBe(MIDNIGHT_IST);
  });

  it('a refused refresh token with the stored secrets: logs in again with a fresh TOTP code', async () => {
    const clock = new ManualClock(MIDNIGHT_IST + 3 * 3_600_000);
    const t = auth(
      { [REFRESH]: angelError('AB8051', 'Invalid Refresh Token'), [LOGIN]: renewed },
      testConfig(),
      clock,
    );
    const expired = testSession({ loginSecrets: { pin: '1234', totpSecret: TOTP_SECRET } });
    const fresh = await t.auth.refresh?.(expired);
    expect(t.seen.map((r) => `${r.method} ${r.path}`)).toEqual([REFRESH, LOGIN]);
    const sent = jsonBody(t.seen[1]) as { clientcode: string; password: string; totp: string };
    expect(sent.clientcode).toBe(CLIENT_CODE);
    expect(sent.password).toBe('1234');
    expect(verifyTotp(TOTP_SECRET, sent.totp, clock.now())).toBe(true);
    expect(t.seen[1]?.headers.authorization).toBeUndefined();
    expect(fresh).toMatchObject({
      accessToken: 'jwtNEW',
      loginSecrets: { pin: '1234', totpSecret: TOTP_SECRET },
    });
    expect(fresh?.expiresAt).toBe(MIDNIGHT_IST + 86_400_000);
  });

  it('an expired JWT (AG8001) on generateTokens counts as refused too', async () => {
    const t = auth({ [REFRESH]: INVALID_TOKEN, [LOGIN]: renewed });
    const fresh = await t.auth.refresh?.(
      testSession({ loginSecrets: { pin: '1234', totpSecret: TOTP_SECRET } }),
    );
    expect(fresh?.accessToken).toBe('jwtNEW');
  });

  it('a refused refresh token without stored secrets: the refusal, no login attempt', async () => {
    const t = auth({ [REFRESH]: angelError('AB8050', 'Invalid Refresh Token'), [LOGIN]: renewed });
    const err = await failure(t.auth.refresh?.(testSession()) ?? Promise.resolve());
    expect(isOpenAlgoError(err, 'AUTH_FAILED')).toBe(true);
    expect(t.seen).toHaveLength(1);
  });

  it('a transient failure is passed on, not answered with a login', async () => {
    const t = auth({ [REFRESH]: { status: 503, body: 'busy' }, [LOGIN]: renewed });
    const err = await failure(
      t.auth.refresh?.(testSession({ loginSecrets: { pin: '1234', totpSecret: TOTP_SECRET } })) ??
        Promise.resolve(),
    );
    expect(isOpenAlgoError(err, 'BROKER_UNAVAILABLE')).toBe(true);
    expect(t.seen).toHaveLength(1);
  });

  it('no refresh token: the stored secrets log in again, or the session cannot be renewed', async () => {
    const t = auth({ [LOGIN]: renewed });
    const withSecrets = testSession({
      refreshToken: undefined,
      loginSecrets: { pin: '1234', totpSecret: TOTP_SECRET },
    });
    expect((await t.auth.refresh?.(withSecrets))?.accessToken).toBe('jwtNEW');
    const err = await failure(
      t.auth.refresh?.(testSession({ refreshToken: undefined })) ?? Promise.resolve(),
    );
    expect(isOpenAlgoError(err, 'SESSION_EXPIRED')).toBe(true);
  });
});

describe('logout', () => {
  it('POST logout {clientcode} under the JWT; `data: null` and `data: ""` both succeed', async () => {
    const t = auth({ [LOGOUT]: [ok(null), ok('')] });
    await t.auth.logout(testSession());
    await t.auth.logout(testSession());
    expect(t.seen[0]?.path).toBe('/rest/secure/angelbroking/user/v1/logout');
    expect(t.seen[0]?.headers).toEqual({ ...BASE_HEADERS, authorization: `Bearer ${JWT}` });
    expect(jsonBody(t.seen[0])).toEqual({ clientcode: CLIENT_CODE });
  });
});
