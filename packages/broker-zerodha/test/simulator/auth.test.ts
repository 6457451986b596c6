import { createHash } from 'node:crypto';
import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loginWithForm } from '../../src/simulator/browser-login.js';
import { keysOf, mockData, startSimulator, type TestSimulator } from './support.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let t: TestSimulator;
beforeEach(async () => {
  t = await startSimulator();
});
afterEach(() => t.close());

const TOKEN_EXCEPTION = {
  status: 'error',
  error_type: 'TokenException',
  data: null,
};

describe('authenticated routes', () => {
  it('answer with a live token, X-Kite-Version 3 and `token api_key:access_token`', async () => {
    const answer = await t.call('/user/profile');
    expect(answer.status).toBe(200);
    expect(keysOf((answer.body as { data: unknown }).data)).toEqual(keysOf(mockData('profile.json')));
  });

  it.each([
    ['no X-Kite-Version', { authorization: 'token testkey:TOKEN' }],
    ['X-Kite-Version 2', { 'x-kite-version': '2', authorization: 'token testkey:TOKEN' }],
    ['no Authorization', { 'x-kite-version': '3' }],
    ['a Bearer header', { 'x-kite-version': '3', authorization: 'Bearer TOKEN' }],
    ['another api key', { 'x-kite-version': '3', authorization: 'token otherkey:TOKEN' }],
    ['an unknown access token', { 'x-kite-version': '3', authorization: 'token testkey:nosuchtoken' }],
  ])('refuse %s with 403 TokenException', async (_name, headers) => {
    const real = Object.fromEntries(
      Object.entries(headers).map(([k, v]) => [k, v.replace('TOKEN', t.accessToken)]),
    );
    const answer = await t.call('/orders', { anonymous: true, headers: real });
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject(TOKEN_EXCEPTION);
    expect(typeof (answer.body as { message: unknown }).message).toBe('string');
  });

  it('refuse every token after expireSession(), until a new login', async () => {
    t.sim.backdoor.expireSession();
    expect((await t.call('/orders')).status).toBe(403);
    expect((await t.call('/portfolio/positions')).body).toMatchObject(TOKEN_EXCEPTION);
    const fresh = t.sim.backdoor.issueSession().accessToken;
    const headers = { 'x-kite-version': '3', authorization: `token testkey:${fresh}` };
    expect((await t.call('/orders', { anonymous: true, headers })).status).toBe(200);
    // The old token stays dead.
    expect((await t.call('/orders')).status).toBe(403);
  });

  it('refuse a token once the clock passes 06:00 IST the next day', async () => {
    // 09:30 IST Monday → 05:59 IST Tuesday is 20h29m later.
    await t.clock.advance((20 * 60 + 29) * 60_000);
    expect((await t.call('/orders')).status).toBe(200);
    await t.clock.advance(60_000);
    expect((await t.call('/orders')).status).toBe(403);
  });

  it('refuse a token after DELETE /session/token (logout)', async () => {
    const out = await t.call('/session/token', {
      method: 'DELETE',
      query: { api_key: 'testkey', access_token: t.accessToken },
    });
    expect(out.body).toEqual({ status: 'success', data: true });
    expect((await t.call('/orders')).status).toBe(403);
  });

  it('do not need auth for the instrument master', async () => {
    const answer = await t.call('/instruments/NSE', { anonymous: true });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/csv');
  });
});

describe('login page', () => {
  it('is a plain HTML form for the app’s api key; a wrong key is refused', async () => {
    const ok = await request(`${t.sim.loginUrl}?api_key=testkey&v=3&redirect_params=state%3Dabc`);
    const html = await ok.body.text();
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toContain('text/html');
    expect(html).toMatch(/<form method="post" action="\/connect\/login">/);
    expect(html).toContain('name="user_id"');
    expect(html).toContain('type="password" name="password"');
    expect(html).toContain('name="redirect_params" value="state=abc"');
    const bad = await request(`${t.sim.loginUrl}?api_key=nope&v=3`);
    await bad.body.dump();
    expect(bad.statusCode).toBe(400);
  });

  it('redirects back with request_token, action, status and the decoded redirect_params', async () => {
    const url = `${t.sim.loginUrl}?api_key=testkey&v=3&redirect_params=${encodeURIComponent('state=abc&x=1')}`;
    const params = await loginWithForm(url, { userId: 'zt0001', password: 'pass123' });
    expect(params).toMatchObject({ action: 'login', type: 'login', status: 'success', state: 'abc', x: '1' });
    expect(params.request_token).toMatch(/^[A-Za-z0-9]{32}$/);
  });

  it('redirects to the registered URL, or the redirect_url the login URL names', async () => {
    const post = async (extra: Record<string, string>) => {
      const res = await request(t.sim.loginUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          api_key: 'testkey',
          user_id: 'ZT0001',
          password: 'pass123',
          ...extra,
        }).toString(),
      });
      await res.body.dump();
      return { status: res.statusCode, location: String(res.headers.location) };
    };
    const registered = await post({});
    expect(registered.status).toBe(302);
    expect(registered.location.startsWith(`${t.sim.redirectUrl}?request_token=`)).toBe(true);
    const named = await post({ redirect_url: 'http://127.0.0.1:5000/auth/zerodha/callback' });
    expect(new URL(named.location).pathname).toBe('/auth/zerodha/callback');
  });

  it('shows the form again, without a redirect, for a wrong password', async () => {
    const res = await request(t.sim.loginUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ api_key: 'testkey', user_id: 'ZT0001', password: 'wrong' }).toString(),
    });
    const html = await res.body.text();
    expect(res.statusCode).toBe(401);
    expect(res.headers.location).toBeUndefined();
    expect(html).toContain('Invalid user ID or password.');
  });
});

describe('POST /session/token', () => {
  async function requestToken(): Promise<string> {
    const params = await loginWithForm(`${t.sim.loginUrl}?api_key=testkey&v=3`, {
      userId: 'ZT0001',
      password: 'pass123',
    });
    return params.request_token as string;
  }

  it('exchanges a request token with the right checksum for a session shaped like generate_session.json', async () => {
    const token = await requestToken();
    const data = await t.data<Record<string, unknown>>('/session/token', {
      method: 'POST',
      anonymous: true,
      form: { api_key: 'testkey', request_token: token, checksum: sha256(`testkey${token}testsecret`) },
    });
    expect(keysOf(data)).toEqual(keysOf(mockData('generate_session.json')));
    expect(data).toMatchObject({
      user_id: 'ZT0001',
      api_key: 'testkey',
      broker: 'ZERODHA',
      refresh_token: '',
    });
    expect(data.login_time).toBe('2026-01-05 09:30:00');
    const headers = { 'x-kite-version': '3', authorization: `token testkey:${String(data.access_token)}` };
    expect((await t.call('/orders', { anonymous: true, headers })).status).toBe(200);
  });

  it('refuses a wrong checksum with 403 TokenException "Invalid checksum"', async () => {
    const token = await requestToken();
    const answer = await t.call('/session/token', {
      method: 'POST',
      anonymous: true,
      form: { api_key: 'testkey', request_token: token, checksum: sha256(`testkey${token}wrongsecret`) },
    });
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({ ...TOKEN_EXCEPTION, message: 'Invalid checksum' });
  });

  it('accepts a request token once', async () => {
    const token = await requestToken();
    const form = { api_key: 'testkey', request_token: token, checksum: sha256(`testkey${token}testsecret`) };
    expect((await t.call('/session/token', { method: 'POST', anonymous: true, form })).status).toBe(200);
    const again = await t.call('/session/token', { method: 'POST', anonymous: true, form });
    expect(again.status).toBe(403);
    expect(again.body).toMatchObject(TOKEN_EXCEPTION);
  });

  it('refuses a missing field with 400 InputException', async () => {
    const answer = await t.call('/session/token', {
      method: 'POST',
      anonymous: true,
      form: { api_key: 'testkey' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ status: 'error', error_type: 'InputException', data: null });
  });
});
