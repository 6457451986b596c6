import { istToEpoch } from '@openalgo/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUTH_PREFIX, REQUIRED_HEADERS, SECURE_PREFIX } from '../../src/simulator/index.js';
import { CREDENTIALS, SDK_HEADERS, startSimulator, type TestSimulator } from './support.js';

const LOGIN = `${AUTH_PREFIX}/user/v1/loginByPassword`;
const REFRESH = `${AUTH_PREFIX}/jwt/v1/generateTokens`;
const PROFILE = `${SECURE_PREFIX}/user/v1/getProfile`;

let t: TestSimulator;
beforeEach(async () => {
  t = await startSimulator();
});
afterEach(() => t.close());

function loginWith(totp: string, overrides: Record<string, unknown> = {}) {
  return t.call(LOGIN, {
    anonymous: true,
    json: { clientcode: CREDENTIALS.clientCode, password: CREDENTIALS.pin, totp, ...overrides },
  });
}

const INVALID_TOKEN = { success: false, message: 'Invalid Token', errorCode: 'AG8001', data: '' };

describe('loginByPassword', () => {
  it('answers jwt, refresh and feed tokens for client code + PIN + the current TOTP code', async () => {
    const answer = await loginWith(t.totp(), { state: 'xyz' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: true, message: 'SUCCESS', errorcode: '' });
    const data = answer.body.data as Record<string, string>;
    expect(Object.keys(data).sort()).toEqual(['feedToken', 'jwtToken', 'refreshToken', 'state']);
    expect(data.state).toBe('xyz');
    for (const token of [data.jwtToken, data.refreshToken, data.feedToken])
      expect(token).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    t.jwt = data.jwtToken as string;
    expect((await t.data<Record<string, unknown>>('/user/v1/getProfile', { method: 'GET' })).clientcode).toBe(
      'S123456',
    );
  });

  it('accepts the codes one 30-s step either side and refuses two steps away (AB1050)', async () => {
    expect((await loginWith(t.totp(-30_000))).body.status).toBe(true);
    expect((await loginWith(t.totp(30_000))).body.status).toBe(true);
    for (const offset of [-60_000, 60_000]) {
      const answer = await loginWith(t.totp(offset));
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        status: false,
        message: 'Invalid totp',
        errorcode: 'AB1050',
        data: null,
      });
    }
  });

  it('follows the simulator clock: a code goes stale as the clock moves', async () => {
    const code = t.totp();
    await t.clock.advance(65_000);
    expect((await loginWith(code)).body.errorcode).toBe('AB1050');
    expect((await loginWith(t.totp())).body.status).toBe(true);
  });

  it('refuses a wrong PIN or client code with AB1000, a missing field naming it', async () => {
    expect((await loginWith(t.totp(), { password: '9999' })).body.errorcode).toBe('AB1000');
    expect((await loginWith(t.totp(), { clientcode: 'X1' })).body.errorcode).toBe('AB1000');
    const missing = await loginWith(t.totp(), { password: '' });
    expect(missing.body).toMatchObject({ status: false, errorcode: 'AB1007' });
    expect(missing.body.message).toContain('password');
  });

  it('accepts the client code in lower case and the TOTP as a number', async () => {
    const code = t.totp();
    const answer = await loginWith(code, {
      clientcode: 's123456',
      totp: code.startsWith('0') ? code : Number(code),
    });
    expect(answer.body.status).toBe(true);
  });
});

describe('the six X- headers', () => {
  it('refuses a call missing any one of them, naming it', async () => {
    for (const name of REQUIRED_HEADERS) {
      const headers = { ...SDK_HEADERS };
      delete headers[name.toLowerCase()];
      const answer = await t.call(PROFILE, { method: 'GET', xHeaders: headers });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ success: false, errorCode: 'AG8004' });
      expect(answer.body.message).toContain(name);
    }
  });

  it('checks X-PrivateKey and X-UserType, not the IP or MAC values', async () => {
    const wrongKey = await t.call(PROFILE, {
      method: 'GET',
      xHeaders: { ...SDK_HEADERS, 'x-privatekey': 'nope' },
    });
    expect(wrongKey.body).toMatchObject({ success: false, message: 'Invalid API Key', errorCode: 'AG8004' });
    const userType = await t.call(PROFILE, {
      method: 'GET',
      xHeaders: { ...SDK_HEADERS, 'x-usertype': 'ADMIN' },
    });
    expect(userType.body).toMatchObject({ status: false, errorcode: 'AB1005' });
    const odd = { ...SDK_HEADERS, 'x-clientlocalip': 'CLIENT_LOCAL_IP', 'x-macaddress': 'MAC_ADDRESS' };
    expect((await t.call(PROFILE, { method: 'GET', xHeaders: odd })).body.status).toBe(true);
  });

  it('takes GETs with a JSON body ({} or null) and JSON junk in the query, as the SDKs send them', async () => {
    expect((await t.call(PROFILE, { method: 'GET', json: {} })).body.status).toBe(true);
    expect((await t.call(PROFILE, { method: 'GET', json: null })).body.status).toBe(true);
    const junk = `${PROFILE}?${encodeURIComponent('{"refreshToken":"abc"}')}`;
    expect((await t.call(junk, { method: 'GET' })).body.status).toBe(true);
  });
});

describe('tokens', () => {
  it('answers AG8003 without Authorization and AG8001 (HTTP 200, camelCase) for an unknown jwt', async () => {
    const missing = await t.call(PROFILE, { method: 'GET', anonymous: true });
    expect(missing.status).toBe(200);
    expect(missing.body).toEqual({ success: false, message: 'Token missing', errorCode: 'AG8003', data: '' });
    t.jwt = 'eyJhbGciOiJIUzUxMiJ9.e30.bad';
    const bad = await t.call(PROFILE, { method: 'GET' });
    expect(bad.status).toBe(200);
    expect(bad.body).toEqual(INVALID_TOKEN);
  });

  it('accepts the jwt with or without `Bearer `', async () => {
    const raw = await t.call(PROFILE, { method: 'GET', anonymous: true, headers: { authorization: t.jwt } });
    expect(raw.body.status).toBe(true);
  });

  it('ends every session at midnight IST: AG8001 after it, a new login works', async () => {
    const before = istToEpoch(2026, 1, 5, 23, 59, 59);
    await t.clock.advance(before - t.clock.now());
    expect((await t.call(PROFILE, { method: 'GET' })).body.status).toBe(true);
    await t.clock.advance(1_000);
    expect((await t.call(PROFILE, { method: 'GET' })).body).toEqual(INVALID_TOKEN);
    await t.login();
    expect((await t.call(PROFILE, { method: 'GET' })).body.status).toBe(true);
  });

  it('generateTokens swaps a live refresh token for new tokens; a bad one is AB8050', async () => {
    const first = await t.login();
    const answer = await t.call(REFRESH, { json: { refreshToken: first.refreshToken } });
    expect(answer.body).toMatchObject({ status: true, errorcode: '' });
    const data = answer.body.data as Record<string, string>;
    expect(data.jwtToken).not.toBe(first.jwtToken);
    t.jwt = data.jwtToken as string;
    expect((await t.call(PROFILE, { method: 'GET' })).body.status).toBe(true);
    const bad = await t.call(REFRESH, { json: { refreshToken: 'eyJ.nope.x' } });
    expect(bad.body).toEqual({
      status: false,
      message: 'Invalid Refresh Token',
      errorcode: 'AB8050',
      data: null,
    });
  });

  it('a forced expiry kills jwt and refresh token alike until the next login', async () => {
    const first = await t.login();
    t.sim.backdoor.expireSession();
    expect((await t.call(PROFILE, { method: 'GET' })).body).toEqual(INVALID_TOKEN);
    const refresh = await t.call(REFRESH, { json: { refreshToken: first.refreshToken } });
    expect(refresh.body).toMatchObject({ status: false, errorcode: 'AB8051' });
    await t.login();
    expect((await t.call(PROFILE, { method: 'GET' })).body.status).toBe(true);
  });

  it('logout ends the jwt at once', async () => {
    await t.login();
    const out = await t.call(`${SECURE_PREFIX}/user/v1/logout`, {
      json: { clientcode: CREDENTIALS.clientCode },
    });
    expect(out.body).toEqual({ status: true, message: 'SUCCESS', errorcode: '', data: '' });
    expect((await t.call(PROFILE, { method: 'GET' })).body).toEqual(INVALID_TOKEN);
  });

  it('getProfile answers the documented fields', async () => {
    await t.login();
    const profile = await t.data<Record<string, unknown>>('/user/v1/getProfile', { method: 'GET' });
    expect(Object.keys(profile).sort()).toEqual(
      [
        'brokerid',
        'clientcode',
        'email',
        'exchanges',
        'lastlogintime',
        'mobileno',
        'name',
        'products',
      ].sort(),
    );
    expect(profile.lastlogintime).toBe('05-Jan-2026 09:30:00');
  });
});
