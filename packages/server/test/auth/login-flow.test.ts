import { ManualClock, noopLogger } from '@openalgo/core';
import { createFakeBroker, type FakeBrokerState } from '@openalgo/core/testing';
import { DEFAULT_SANDBOX_START } from '@openalgo/sandbox';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOGIN_STATE_TTL_MS, LoginStates } from '../../src/auth/login-state.js';
import { authRoutes } from '../../src/auth/routes.js';
import { type TestRegistry, testRegistry } from '../helpers/registry.js';
import { tempDir } from '../helpers/tmp.js';

let cleanup: () => void;
let clock: ManualClock;
let app: FastifyInstance;
let setup: TestRegistry;
let broker: FakeBrokerState;

beforeEach(async () => {
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  clock = new ManualClock(DEFAULT_SANDBOX_START);
  const fake = createFakeBroker();
  broker = fake.state;
  setup = testRegistry({ dir: tmp.dir, clock, plugins: [fake.plugin] });
  await setup.registry.init();
  app = Fastify();
  await app.register(authRoutes, {
    registry: setup.registry,
    catalog: setup.catalog,
    brokerConfigs: setup.brokerConfigs,
    loginStates: new LoginStates(clock),
    urls: () => ({
      http: 'http://127.0.0.1:5000',
      docs: 'http://127.0.0.1:5000/api/docs',
      ws: 'ws://127.0.0.1:5000/ws',
      wsPort: undefined,
    }),
    secureCookies: false,
    clock,
    logger: noopLogger,
  });
});
afterEach(async () => {
  await app.close();
  await setup.close();
  cleanup();
});

/** Starts a login; returns the state from the redirect and the cookie the browser got. */
async function beginLogin(): Promise<{ state: string; cookie: string }> {
  const res = await app.inject({ method: 'GET', url: '/auth/fakebroker/login' });
  expect(res.statusCode).toBe(302);
  const location = new URL(res.headers.location as string);
  expect(location.origin).toBe('https://fake-broker.invalid');
  expect(location.searchParams.get('api_key')).toBe('app-key');
  const state = location.searchParams.get('state') as string;
  const setCookie = String(res.headers['set-cookie']);
  expect(setCookie).toMatch(/^oa_login_state=[^;]+; Path=\/auth\/; Max-Age=600; HttpOnly; SameSite=Lax$/);
  return { state, cookie: setCookie.split(';')[0] as string };
}

describe('broker login', () => {
  it('completes with matching state and cookie: stores the session and shows the new key once', async () => {
    const { state, cookie } = await beginLogin();
    const res = await app.inject({
      method: 'GET',
      url: `/auth/fakebroker/callback?request_token=good&state=${encodeURIComponent(state)}`,
      headers: { cookie },
    });
    expect(res.statusCode).toBe(200);
    expect(broker.logins).toEqual([{ request_token: 'good' }]);
    const key = /<p class="key">([0-9a-f]{64})<\/p>/.exec(res.body)?.[1];
    expect(key).toBeDefined();
    const resolved = await setup.registry.resolveApiKey(key as string);
    expect(resolved.ok && resolved.account.userId).toBe('AB1234');
    expect(setup.store.sessions.get('fakebroker')).toBeDefined();
    expect(res.body).not.toContain('tok-secret-123456');
    // Logging in again keeps the key and does not show any key.
    const again = await beginLogin();
    const second = await app.inject({
      method: 'POST',
      url: '/auth/fakebroker/callback',
      headers: { cookie: again.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `request_token=good&state=${encodeURIComponent(again.state)}`,
    });
    expect(second.statusCode).toBe(200);
    expect(second.body).not.toMatch(/[0-9a-f]{64}/);
  });

  it.each([
    ['a missing cookie', (s: string, _c: string) => ({ query: s, cookie: undefined })],
    ['a missing state', (_s: string, c: string) => ({ query: undefined, cookie: c })],
    ['a state from another login', (_s: string, c: string) => ({ query: 'forged-state', cookie: c })],
    [
      'a cookie from another login',
      (s: string, _c: string) => ({ query: s, cookie: 'oa_login_state=other' }),
    ],
  ])('rejects %s without calling the broker', async (_name, build) => {
    const { state, cookie } = await beginLogin();
    const { query, cookie: sent } = build(state, cookie);
    const res = await app.inject({
      method: 'GET',
      url: `/auth/fakebroker/callback?request_token=good${query ? `&state=${encodeURIComponent(query)}` : ''}`,
      headers: sent ? { cookie: sent } : {},
    });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Login rejected');
    expect(broker.logins).toEqual([]);
    expect(setup.store.sessions.get('fakebroker')).toBeUndefined();
  });

  it('rejects a reused state and an expired one', async () => {
    const { state, cookie } = await beginLogin();
    const url = `/auth/fakebroker/callback?request_token=good&state=${encodeURIComponent(state)}`;
    expect((await app.inject({ method: 'GET', url, headers: { cookie } })).statusCode).toBe(200);
    const reused = await app.inject({ method: 'GET', url, headers: { cookie } });
    expect(reused.statusCode).toBe(403);
    expect(reused.body).toContain('already used');
    const late = await beginLogin();
    await clock.advance(LOGIN_STATE_TTL_MS + 1);
    const expired = await app.inject({
      method: 'GET',
      url: `/auth/fakebroker/callback?request_token=good&state=${encodeURIComponent(late.state)}`,
      headers: { cookie: late.cookie },
    });
    expect(expired.statusCode).toBe(403);
    expect(expired.body).toContain('expired');
    expect(broker.logins).toHaveLength(1);
  });

  it('shows a broker failure as a page, not a crash', async () => {
    const { state, cookie } = await beginLogin();
    const res = await app.inject({
      method: 'GET',
      url: `/auth/fakebroker/callback?request_token=bad&state=${encodeURIComponent(state)}`,
      headers: { cookie },
    });
    expect(res.statusCode).toBe(502);
    expect(res.body).toContain('Login failed');
    expect(setup.store.sessions.get('fakebroker')).toBeUndefined();
  });

  it('answers 404 for an unknown broker and logs the sandbox in without a redirect', async () => {
    const unknown = await app.inject({ method: 'GET', url: '/auth/nosuch/login' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('No broker plugin');
    const sandbox = await app.inject({ method: 'GET', url: '/auth/sandbox/login' });
    expect(sandbox.statusCode).toBe(200);
    expect(sandbox.body).toContain('Logged in to sandbox');
  });
});

describe('accounts page', () => {
  it('lists accounts, brokers with login buttons and diagnostics, escaping everything', async () => {
    broker.next.userId = '<script>alert(1)</script>';
    const { state, cookie } = await beginLogin();
    await app.inject({
      method: 'GET',
      url: `/auth/fakebroker/callback?request_token=good&state=${state}`,
      headers: { cookie },
    });
    setup.catalog.diagnostics.push({
      path: '/x',
      level: 'error',
      code: 'IMPORT_FAILED',
      packageName: '@openalgo/broker-<b>',
      message: 'boom & <i>bust</i>',
    });
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).not.toContain('<script>alert(1)</script>');
    expect(res.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(res.body).toContain('boom &amp; &lt;i&gt;bust&lt;/i&gt;');
    expect(res.body).toContain('href="/auth/fakebroker/login"');
    expect(res.body).toContain('<code>sandbox</code>');
    expect(res.body).toMatch(/class="ok">active/);
  });
});
