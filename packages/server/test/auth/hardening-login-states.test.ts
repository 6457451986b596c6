import { ManualClock, noopLogger } from '@openalgo/core';
import { createFakeBroker } from '@openalgo/core/testing';
import { DEFAULT_SANDBOX_START } from '@openalgo/sandbox';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOGIN_STATE_TTL_MS, LoginStates, MAX_PENDING_PER_ADDRESS } from '../../src/auth/login-state.js';
import { authRoutes } from '../../src/auth/routes.js';
import { type TestRegistry, testRegistry } from '../helpers/registry.js';
import { tempDir } from '../helpers/tmp.js';

/** Anonymous hits on /auth/<broker>/login can no longer evict anyone else's login in progress. */

const TOTAL = 20;
let cleanup: () => void;
let clock: ManualClock;
let app: FastifyInstance;
let setup: TestRegistry;
let states: LoginStates;

beforeEach(async () => {
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  clock = new ManualClock(DEFAULT_SANDBOX_START);
  const fake = createFakeBroker();
  setup = testRegistry({ dir: tmp.dir, clock, plugins: [fake.plugin] });
  await setup.registry.init();
  // A small global cap keeps the test fast; the production one is MAX_PENDING.
  states = new LoginStates(clock, LOGIN_STATE_TTL_MS, { perAddress: MAX_PENDING_PER_ADDRESS, total: TOTAL });
  app = Fastify();
  await app.register(authRoutes, {
    registry: setup.registry,
    catalog: setup.catalog,
    brokerConfigs: setup.brokerConfigs,
    loginStates: states,
    urls: () => ({ http: 'http://127.0.0.1:5000', docs: '', ws: '', wsPort: undefined }),
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

async function beginLogin(ip: string) {
  const res = await app.inject({ method: 'GET', url: '/auth/fakebroker/login', remoteAddress: ip });
  if (res.statusCode !== 302) return { status: res.statusCode, body: res.body };
  const state = new URL(res.headers.location as string).searchParams.get('state') as string;
  return { status: 302, state, cookie: String(res.headers['set-cookie']).split(';')[0] as string };
}

async function finish(login: { state?: string; cookie?: string }, ip: string) {
  const res = await app.inject({
    method: 'GET',
    url: `/auth/fakebroker/callback?request_token=good&state=${encodeURIComponent(login.state ?? '')}`,
    headers: { cookie: login.cookie ?? '' },
    remoteAddress: ip,
  });
  return res.statusCode;
}

describe('pending login states', () => {
  it('one address evicts only its own oldest pending login, never another address', async () => {
    const victim = await beginLogin('192.0.2.10');
    const flooderFirst = await beginLogin('198.51.100.7');
    for (let i = 0; i < 50; i++) expect((await beginLogin('198.51.100.7')).status).toBe(302);
    expect(states.size).toBe(1 + MAX_PENDING_PER_ADDRESS);
    // The flooder's own first login was pushed out; the victim's still completes.
    expect(await finish(flooderFirst, '198.51.100.7')).toBe(403);
    expect(await finish(victim, '192.0.2.10')).toBe(200);
  });

  it('when the server is full a new login is refused with 429, and nobody is evicted', async () => {
    const victim = await beginLogin('192.0.2.10');
    for (let i = 1; i < TOTAL; i++) expect((await beginLogin(`203.0.113.${i}`)).status).toBe(302);
    const refused = await beginLogin('203.0.113.200');
    expect(refused.status).toBe(429);
    expect(refused.body).toMatch(/Too many logins/);
    expect(states.size).toBe(TOTAL);
    expect(await finish(victim, '192.0.2.10')).toBe(200);
    // Expired states free their places.
    await clock.advance(LOGIN_STATE_TTL_MS);
    expect((await beginLogin('203.0.113.200')).status).toBe(302);
    expect(states.size).toBe(1);
  });
});
