import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIMULATED_INSTRUMENTS_DIR } from '../../src/services.js';
import { firstTick } from './support/feed.js';
import { cookieOf, firstForm, submitFirstForm } from './support/forms.js';
import { placeModifyListCancel } from './support/order-round-trip.js';
import {
  connectionRefused,
  filesHolding,
  filesUnder,
  type SimulatedServer,
  startSimulatedServer,
} from './support/simulated-server.js';

/**
 * `openalgo serve --broker fyers --simulate` (issue 11, "Done means"): the real Fyers adapter over the
 * wire to the API v3 simulator, logged in as a browser does — the server's PIN form, Fyers' login page,
 * the redirect back with `auth_code` — then the order cycle over `/api/v1` and ticks from the HSM
 * socket to an OpenAlgo WebSocket client.
 */
let sim: SimulatedServer;

/** What the user types on the server's PIN form: the simulator's PIN, which the banner prints. */
let TYPED_PIN: string;

beforeAll(async () => {
  sim = await startSimulatedServer('fyers');
  TYPED_PIN = sim.server.simulation()?.login?.extra?.PIN ?? '';
}, 120_000);

afterAll(async () => {
  await sim?.close();
});

/** The browser's part: our PIN form → Fyers' login page → back to our callback with the auth code. */
async function logInThroughTheBrowserFlow(): Promise<string> {
  const simulation = sim.server.simulation();
  if (!simulation?.login) throw new Error('the simulation offers no login credentials');
  const start = await request(simulation.loginUrl);
  const pinPage = await start.body.text();
  expect(start.statusCode, pinPage).toBe(200);
  const cookie = cookieOf(start);
  expect(cookie).toMatch(/^oa_login_state=/);
  // Before the redirect the server asks the per-login PIN, posting back to its own login route.
  const pinForm = firstForm(pinPage);
  expect(pinForm.action).toBe('/auth/fyers/login');
  expect(Object.keys(pinForm.fields).sort()).toEqual(['pin', 'state']);
  const kept = await submitFirstForm(simulation.loginUrl, pinPage, { pin: TYPED_PIN }, cookie);
  await kept.body.dump();
  expect(kept.statusCode).toBe(302);
  const loginPage = String(kept.headers.location);
  expect(loginPage).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v3\/generate-authcode\?/);
  expect(loginPage).not.toContain(TYPED_PIN);
  expect(new URL(loginPage).searchParams.get('redirect_uri')).toBe(simulation.callbackUrl);

  const page = await request(loginPage);
  const html = await page.body.text();
  expect(page.statusCode, html).toBe(200);
  const { userId, password } = simulation.login;
  const submitted = await submitFirstForm(loginPage, html, { fy_id: userId, password });
  await submitted.body.dump();
  expect(submitted.statusCode).toBe(302);
  const callback = new URL(String(submitted.headers.location));
  expect(`${callback.origin}${callback.pathname}`).toBe(simulation.callbackUrl);
  expect(callback.searchParams.get('auth_code')).toBeTruthy();
  expect(callback.searchParams.get('state')).toBe(pinForm.fields.state);
  const result = await request(callback, { headers: { cookie } });
  const done = await result.body.text();
  expect(result.statusCode, done).toBe(200);
  return done;
}

describe('openalgo serve --broker fyers --simulate', () => {
  it('says the broker is simulated and how to log in', () => {
    const { urls, banner, key } = sim;
    const simulation = sim.server.simulation();
    expect(simulation).toMatchObject({
      broker: 'fyers',
      packageName: '@openalgo/broker-fyers',
      loginUrl: `${urls.http}/auth/fyers/login`,
      callbackUrl: `${urls.http}/auth/fyers/callback`,
    });
    expect(banner).toContain('fyers is SIMULATED');
    expect(banner).toContain(`Log in:     ${urls.http}/auth/fyers/login`);
    expect(banner).toContain(`user id ${simulation?.login?.userId}, password ${simulation?.login?.password}`);
    expect(TYPED_PIN).toMatch(/^\d{4}$/);
    expect(banner).toContain(`PIN: ${TYPED_PIN}`);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
  });

  it('logs in through the browser flow, then places, modifies, lists and cancels orders over the real adapter', async () => {
    const early = await sim.post('funds', {});
    expect(early.status).toBeGreaterThanOrEqual(400);
    expect(early.body.message).toContain('/auth/fyers/login');

    const page = await logInThroughTheBrowserFlow();
    expect(page).toContain('Logged in to fyers');
    expect(page).not.toContain(TYPED_PIN);
    const { server } = sim;
    expect(server.accounts.summaries().find((a) => a.id === server.defaultAccount.id)).toMatchObject({
      broker: 'fyers',
      session: 'active',
      userId: sim.server.simulation()?.login?.userId,
    });
    // The PIN typed before the redirect is sealed with the session, for the refresh to use.
    const sealed = server.store.sessions.get(server.defaultAccount.id);
    const session = sealed && server.security.vault.open(sealed);
    expect(session?.loginSecrets).toEqual({ pin: TYPED_PIN });
    expect(session?.refreshToken).toBeTruthy();

    const funds = await sim.post('funds', {});
    expect(funds, JSON.stringify(funds.body)).toMatchObject({ status: 200, body: { status: 'success' } });
    expect(Number(funds.body.data?.availablecash)).toBeGreaterThan(0);
    // The login opened the account, which loads Fyers' segment masters (10⁵ rows) in the background.
    const loaded = await server.instruments.settled('fyers');
    expect(loaded?.rows).toBeGreaterThan(100_000);
    const symbol = await sim.post('symbol', { symbol: 'SBIN', exchange: 'NSE' });
    expect(symbol).toMatchObject({
      status: 200,
      body: { status: 'success', data: { brsymbol: 'NSE:SBIN-EQ', token: '10100000003045' } },
    });

    await placeModifyListCancel(sim.post, server, { symbol: 'SBIN', exchange: 'NSE' });
  }, 120_000);

  it('streams ticks from the simulated HSM socket to an OpenAlgo WebSocket client', async () => {
    const tick = await firstTick(sim.urls.ws, sim.key, 'fyers', { symbol: 'SBIN', exchange: 'NSE' });
    expect(tick).toMatchObject({ symbol: 'SBIN', exchange: 'NSE', mode: 1 });
    expect(Number(tick.data?.ltp)).toBeGreaterThan(0);
  }, 30_000);

  it('closes the simulator with the server and never writes its secret key or the password to disk', async () => {
    const { server, dir } = sim;
    const configured = server.brokerConfigs.get('fyers');
    if (!configured?.ok) throw new Error('fyers should be configured by its simulator');
    const { secretKey, baseUrls } = configured.config as { secretKey: string; baseUrls: { api: string } };
    const password = server.simulation()?.login?.password as string;
    await server.close();
    expect(await connectionRefused(baseUrls.api)).toBe('ECONNREFUSED');
    expect(server.brokerConfigs.get('fyers')?.ok).toBe(false);

    const dataDir = join(dir, 'data');
    const files = filesUnder(dataDir);
    // The simulated masters are cached apart, so a real run never reads them back.
    expect(files.some((f) => f.includes(`${SIMULATED_INSTRUMENTS_DIR}/fyers/`))).toBe(true);
    expect(files.some((f) => f.includes(join(dataDir, 'instruments', 'fyers')))).toBe(false);
    expect(filesHolding(dataDir, secretKey)).toEqual([]);
    expect(filesHolding(dataDir, password)).toEqual([]);
    expect(filesHolding(dataDir, `"pin":"${TYPED_PIN}"`)).toEqual([]);
  }, 30_000);
});
