import { ManualClock, noopLogger } from '@openalgo/core';
import { createFakeBroker, type FakeBrokerState } from '@openalgo/core/testing';
import { DEFAULT_SANDBOX_START } from '@openalgo/sandbox';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LoginStates } from '../../src/auth/login-state.js';
import { authRoutes } from '../../src/auth/routes.js';
import { type TestRegistry, testRegistry } from '../helpers/registry.js';
import { tempDir } from '../helpers/tmp.js';

// A redirect broker whose refresh needs something only the user knows (Fyers' PIN): the server asks for
// it before sending the browser to the broker, keeps it with the login's state, and hands it over once.
let cleanup: () => void;
let app: FastifyInstance;
let setup: TestRegistry;
let broker: FakeBrokerState;

beforeEach(async () => {
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  const clock = new ManualClock(DEFAULT_SANDBOX_START);
  const fake = createFakeBroker({
    manifest: {
      credentials: [
        { name: 'apiKey', label: 'API key' },
        { name: 'apiSecret', label: 'API secret', secret: true },
        { name: 'pin', label: 'PIN', secret: true, perLogin: true, required: false },
      ],
    },
    refresh: async (session) => session,
  });
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
      docs: '',
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

async function formStep(): Promise<{ state: string; cookie: string }> {
  const res = await app.inject({ method: 'GET', url: '/auth/fakebroker/login' });
  expect(res.statusCode).toBe(200);
  expect(res.body).toContain('action="/auth/fakebroker/login"');
  expect(res.body).toMatch(/<input name="pin" type="password"/);
  const state = /name="state" value="([^"]+)"/.exec(res.body)?.[1] as string;
  return { state, cookie: String(res.headers['set-cookie']).split(';')[0] as string };
}

describe('per-login fields before a redirect login', () => {
  it('keeps the typed PIN with the state and gives it to the broker at the callback', async () => {
    const { state, cookie } = await formStep();
    const posted = await app.inject({
      method: 'POST',
      url: '/auth/fakebroker/login',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ state, pin: '4321', apiSecret: 'not-taken' }).toString(),
    });
    expect(posted.statusCode).toBe(302);
    const location = new URL(posted.headers.location as string);
    expect(location.origin).toBe('https://fake-broker.invalid');
    expect(location.searchParams.get('state')).toBe(state);
    expect(posted.headers.location).not.toContain('4321');
    const done = await app.inject({
      method: 'GET',
      url: `/auth/fakebroker/callback?request_token=good&state=${encodeURIComponent(state)}&pin=evil`,
      headers: { cookie },
    });
    expect(done.statusCode).toBe(200);
    // Only declared per-login fields are kept, the typed value wins over the redirect's, and it reached
    // the session (sealed in the vault) for the broker's refresh.
    expect(broker.logins).toEqual([{ request_token: 'good', pin: '4321' }]);
    const sealed = setup.store.sessions.get('fakebroker');
    expect(sealed && setup.security.vault.open(sealed).loginSecrets).toEqual({ pin: '4321' });
  });

  it('refuses the form without the cookie of the browser that opened it', async () => {
    const { state } = await formStep();
    const posted = await app.inject({
      method: 'POST',
      url: '/auth/fakebroker/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ state, pin: '4321' }).toString(),
    });
    expect(posted.statusCode).toBe(403);
    expect(broker.logins).toEqual([]);
  });

  it('a used state cannot carry fields into another login', async () => {
    const { state, cookie } = await formStep();
    const form = { cookie, 'content-type': 'application/x-www-form-urlencoded' };
    await app.inject({
      method: 'GET',
      url: `/auth/fakebroker/callback?request_token=good&state=${state}`,
      headers: { cookie },
    });
    const late = await app.inject({
      method: 'POST',
      url: '/auth/fakebroker/login',
      headers: form,
      payload: new URLSearchParams({ state, pin: '9999' }).toString(),
    });
    expect(late.statusCode).toBe(403);
  });
});
