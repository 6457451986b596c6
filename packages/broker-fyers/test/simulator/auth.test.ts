import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formFields, loginWithForm } from '../../src/simulator/browser-login.js';
import { appIdHash, call, claimsOf, login, loginUrl, type Started, startSimulator } from './support.js';

let s: Started;
beforeEach(async () => {
  s = await startSimulator();
});
afterEach(async () => {
  await s.sim.close();
});

describe('login page (generate-authcode)', () => {
  it('shows a plain form carrying the OAuth parameters', async () => {
    const page = await call(
      s.origin,
      'GET',
      new URL(loginUrl(s.sim, 'abc')).pathname + new URL(loginUrl(s.sim, 'abc')).search,
    );
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const { action, fields } = formFields(page.text);
    expect(action).toBe('/api/v3/generate-authcode');
    expect(fields).toMatchObject({
      client_id: 'TESTAPP001-100',
      redirect_uri: s.sim.redirectUrl,
      state: 'abc',
      response_type: 'code',
    });
    expect(Object.keys(fields)).toEqual(expect.arrayContaining(['fy_id', 'password']));
  });

  it('refuses an unknown client_id or a redirect_uri other than the registered one', async () => {
    const bad = new URL(loginUrl(s.sim));
    bad.searchParams.set('client_id', 'OTHER-100');
    expect((await call(s.origin, 'GET', bad.pathname + bad.search)).status).toBe(400);
    const elsewhere = new URL(loginUrl(s.sim));
    elsewhere.searchParams.set('redirect_uri', 'http://127.0.0.1:9/elsewhere');
    const reply = await call(s.origin, 'GET', elsewhere.pathname + elsewhere.search);
    expect(reply.status).toBe(400);
    expect(reply.text).toContain('redirect_uri');
  });

  it('redirects with s, code, auth_code and state after a good password', async () => {
    const params = await loginWithForm(loginUrl(s.sim, 'xyz'), s.sim.credentials);
    expect(params).toMatchObject({ s: 'ok', code: '200', state: 'xyz' });
    expect(params.auth_code?.split('.')).toHaveLength(3);
  });

  it('shows the form again with an error for a wrong password, and issues no code', async () => {
    await expect(
      loginWithForm(loginUrl(s.sim), { userId: s.sim.credentials.userId, password: 'wrong' }),
    ).rejects.toThrow(/answered 401 without a redirect/);
  });
});

describe('validate-authcode', () => {
  it('exchanges the code for a JWT access token with hsm_key, fy_id and a future exp, and a refresh token', async () => {
    const { accessToken, refreshToken } = await login(s);
    const claims = claimsOf(accessToken);
    expect(typeof claims.hsm_key).toBe('string');
    expect(claims.fy_id).toBe(s.sim.credentials.userId);
    expect(claims.exp as number).toBeGreaterThan(s.clock.now() / 1000);
    expect(refreshToken.split('.')).toHaveLength(3);
  });

  it('answers −437 for a code used twice or never issued', async () => {
    const params = await loginWithForm(loginUrl(s.sim), s.sim.credentials);
    const body = { grant_type: 'authorization_code', appIdHash: appIdHash(s.sim), code: params.auth_code };
    expect((await call(s.origin, 'POST', '/api/v3/validate-authcode', { body })).body.s).toBe('ok');
    const again = await call(s.origin, 'POST', '/api/v3/validate-authcode', { body });
    expect(again.body).toEqual({ s: 'error', code: -437, message: 'invalid auth code' });
    const made = await call(s.origin, 'POST', '/api/v3/validate-authcode', {
      body: { ...body, code: 'a.b.c' },
    });
    expect(made.body.code).toBe(-437);
  });

  it('answers −371 for a wrong appIdHash, and reads JSON sent with a form content type', async () => {
    const params = await loginWithForm(loginUrl(s.sim), s.sim.credentials);
    const wrong = await call(s.origin, 'POST', '/api/v3/validate-authcode', {
      body: { grant_type: 'authorization_code', appIdHash: 'f'.repeat(64), code: params.auth_code },
    });
    expect(wrong.body.code).toBe(-371);
    const asForm = await call(s.origin, 'POST', '/api/v3/validate-authcode', {
      raw: JSON.stringify({
        grant_type: 'authorization_code',
        appIdHash: appIdHash(s.sim),
        code: params.auth_code,
      }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(asForm.body).toMatchObject({ s: 'ok', code: 200, message: '' });
  });
});

describe('validate-refresh-token', () => {
  it('gives a new working access token for the refresh token and the PIN', async () => {
    const { refreshToken } = await login(s);
    const reply = await call(s.origin, 'POST', '/api/v3/validate-refresh-token', {
      body: {
        grant_type: 'refresh_token',
        appIdHash: appIdHash(s.sim),
        refresh_token: refreshToken,
        pin: '4321',
      },
    });
    expect(reply.body.s).toBe('ok');
    const auth = { authorization: `${s.sim.credentials.appId}:${String(reply.body.access_token)}` };
    expect((await call(s.origin, 'GET', '/api/v3/profile', { headers: auth })).body.s).toBe('ok');
  });

  it('answers −501 for a wrong PIN, an unknown token, and every token after the session expired', async () => {
    const { refreshToken } = await login(s);
    const body = {
      grant_type: 'refresh_token',
      appIdHash: appIdHash(s.sim),
      refresh_token: refreshToken,
      pin: '0000',
    };
    const expected = { s: 'error', code: -501, message: 'Please provide valid refresh token' };
    expect((await call(s.origin, 'POST', '/api/v3/validate-refresh-token', { body })).body).toEqual(expected);
    const unknown = { ...body, pin: '4321', refresh_token: 'x.y.z' };
    expect((await call(s.origin, 'POST', '/api/v3/validate-refresh-token', { body: unknown })).body).toEqual(
      expected,
    );
    s.sim.backdoor.expireSession();
    const dead = { ...body, pin: '4321' };
    expect((await call(s.origin, 'POST', '/api/v3/validate-refresh-token', { body: dead })).body).toEqual(
      expected,
    );
  });
});

describe('session expiry and logout', () => {
  it('answers −16 on /api/v3 and /data/history, −15 on other /data routes, all HTTP 401', async () => {
    const { auth } = await login(s);
    s.sim.backdoor.expireSession();
    const api = await call(s.origin, 'GET', '/api/v3/orders', { headers: auth });
    expect(api.status).toBe(401);
    expect(api.body).toEqual({ s: 'error', code: -16, message: 'Could not authenticate the user' });
    const history = await call(
      s.origin,
      'GET',
      '/data/history?symbol=NSE:SBIN-EQ&resolution=D&date_format=1&range_from=2026-01-01&range_to=2026-01-02',
      { headers: auth },
    );
    expect(history.body.code).toBe(-16);
    const quotes = await call(s.origin, 'GET', '/data/quotes?symbols=NSE:SBIN-EQ', { headers: auth });
    expect(quotes.status).toBe(401);
    expect(quotes.body).toEqual({ s: 'error', code: -15, message: 'Please provide valid token' });
  });

  it('expires a token at its JWT exp (the 03:00 IST rollover), and a new login works again', async () => {
    const { auth, accessToken } = await login(s);
    const exp = claimsOf(accessToken).exp as number;
    await s.clock.advance(exp * 1000 - s.clock.now());
    expect((await call(s.origin, 'GET', '/api/v3/funds', { headers: auth })).body.code).toBe(-16);
    const fresh = await login(s);
    expect((await call(s.origin, 'GET', '/api/v3/funds', { headers: fresh.auth })).body.s).toBe('ok');
  });

  it('refuses a missing, bare or foreign-app Authorization header on trading routes', async () => {
    const { accessToken } = await login(s);
    const headerSets: Record<string, string>[] = [
      {},
      { authorization: accessToken },
      { authorization: `OTHER-100:${accessToken}` },
    ];
    for (const headers of headerSets) {
      expect((await call(s.origin, 'GET', '/api/v3/profile', { headers })).body.code).toBe(-16);
    }
  });

  it('logs out: the token stops working; logging out a dead token says so', async () => {
    const { auth } = await login(s);
    const profile = await call(s.origin, 'GET', '/api/v3/profile', { headers: auth });
    expect(profile.body).toMatchObject({ s: 'ok', code: 200, data: { fy_id: s.sim.credentials.userId } });
    expect((await call(s.origin, 'POST', '/api/v3/logout', { headers: auth })).body.s).toBe('ok');
    expect((await call(s.origin, 'GET', '/api/v3/profile', { headers: auth })).body.code).toBe(-16);
    const again = await call(s.origin, 'POST', '/api/v3/logout', { headers: auth });
    expect(again.body).toEqual({ s: 'error', code: -16, message: 'Token is Invalid or Expired' });
  });
});
