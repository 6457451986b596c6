import { join } from 'node:path';
import { totpCode } from '@openalgo/core';
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
 * `openalgo serve --broker angel --simulate` (issue 10, "Done means"): the real Angel adapter over the
 * wire to the SmartAPI simulator, logged in on the server's own credential page with a TOTP code, then
 * the order cycle over `/api/v1` and ticks from SmartStream to an OpenAlgo WebSocket client.
 */
let sim: SimulatedServer;

beforeAll(async () => {
  sim = await startSimulatedServer('angel');
}, 120_000);

afterAll(async () => {
  await sim?.close();
});

/** What the banner tells the user to type: the client code, the trading PIN and the base32 TOTP secret. */
function typedCredentials(): { clientCode: string; pin: string; totpSecret: string } {
  const login = sim.server.simulation()?.login;
  const totpSecret = login?.extra?.['TOTP secret'];
  if (!login || !/^\d{4,6}$/.test(login.password) || !totpSecret || !/^[A-Z2-7]+$/.test(totpSecret)) {
    throw new Error(`unexpected simulated login: ${JSON.stringify(login)}`);
  }
  return { clientCode: login.userId, pin: login.password, totpSecret };
}

/** The user's part: our login page → type the PIN and the authenticator's current code → our callback. */
async function logInWithATotpCode(): Promise<{ status: number; html: string }> {
  const simulation = sim.server.simulation();
  if (!simulation) throw new Error('the server runs no simulation');
  const { pin, totpSecret } = typedCredentials();
  const start = await request(simulation.loginUrl);
  const page = await start.body.text();
  expect(start.statusCode, page).toBe(200);
  const cookie = cookieOf(start);
  expect(cookie).toMatch(/^oa_login_state=/);
  // The simulator's API key and client code are configured, so the page asks only the per-login fields.
  expect(Object.keys(firstForm(page).fields).sort()).toEqual(['pin', 'state', 'totp', 'totpSecret']);
  // The code an authenticator shows now, on the clock the server hands its simulator.
  const totp = totpCode(totpSecret, sim.clock.now());
  const submitted = await submitFirstForm(simulation.loginUrl, page, { pin, totp }, cookie);
  return { status: submitted.statusCode, html: await submitted.body.text() };
}

describe('openalgo serve --broker angel --simulate', () => {
  it('says the broker is simulated and what to type on the login page', () => {
    const { urls, banner, key } = sim;
    const simulation = sim.server.simulation();
    expect(simulation).toMatchObject({
      broker: 'angel',
      packageName: '@openalgo/broker-angel',
      loginUrl: `${urls.http}/auth/angel/login`,
      callbackUrl: `${urls.http}/auth/angel/callback`,
    });
    expect(banner).toContain('angel is SIMULATED');
    expect(banner).toContain(`Log in:     ${urls.http}/auth/angel/login`);
    const { clientCode, pin, totpSecret } = typedCredentials();
    expect(banner).toContain(`user id ${clientCode}, password ${pin}`);
    expect(banner).toContain(`TOTP secret: ${totpSecret}`);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a wrong TOTP code on the login page, naming it, and leaves the account logged out', async () => {
    const simulation = sim.server.simulation();
    if (!simulation) throw new Error('the server runs no simulation');
    const { pin, totpSecret } = typedCredentials();
    const start = await request(simulation.loginUrl);
    const page = await start.body.text();
    const good = totpCode(totpSecret, sim.clock.now());
    // Three 30 s steps ahead: outside the ±1 step the simulator accepts.
    const wrong = totpCode(totpSecret, sim.clock.now() + 90_000);
    expect(wrong).not.toBe(good);
    const submitted = await submitFirstForm(simulation.loginUrl, page, { pin, totp: wrong }, cookieOf(start));
    const html = await submitted.body.text();
    expect(submitted.statusCode).toBe(502);
    expect(html).toMatch(/totp/i);
    expect(html).not.toContain(pin);
    expect(html).not.toContain(totpSecret);
    const early = await sim.post('funds', {});
    expect(early.status).toBeGreaterThanOrEqual(400);
    expect(early.body.message).toContain('/auth/angel/login');
    // Angel allows one login a second (§2.7): the next test's login comes a second later.
    sim.clock.skip(1_500);
  }, 30_000);

  it('logs in with a TOTP code, then places, modifies, lists and cancels orders over the real adapter', async () => {
    const { status, html } = await logInWithATotpCode();
    expect(status, html).toBe(200);
    expect(html).toContain('Logged in to angel');
    const { clientCode, pin, totpSecret } = typedCredentials();
    const { server } = sim;
    expect(server.accounts.summaries().find((a) => a.id === server.defaultAccount.id)).toMatchObject({
      broker: 'angel',
      session: 'active',
      userId: clientCode,
    });
    // The TOTP secret field was left empty: nothing for a re-login is kept with the session.
    const sealed = server.store.sessions.get(server.defaultAccount.id);
    expect(sealed && server.security.vault.open(sealed).loginSecrets).toBeUndefined();
    expect(html).not.toContain(pin);
    expect(html).not.toContain(totpSecret);

    const funds = await sim.post('funds', {});
    expect(funds, JSON.stringify(funds.body)).toMatchObject({ status: 200, body: { status: 'success' } });
    expect(Number(funds.body.data?.availablecash)).toBeGreaterThan(0);
    // The login opened the account, which loads Angel's scrip master (10⁵ rows) in the background.
    const loaded = await server.instruments.settled('angel');
    expect(loaded?.rows).toBeGreaterThan(100_000);
    const symbol = await sim.post('symbol', { symbol: 'SBIN', exchange: 'NSE' });
    expect(symbol).toMatchObject({
      status: 200,
      body: { status: 'success', data: { brsymbol: 'SBIN-EQ', token: '3045' } },
    });

    await placeModifyListCancel(sim.post, server, { symbol: 'SBIN', exchange: 'NSE' });
  }, 120_000);

  it('streams ticks from the simulated SmartStream to an OpenAlgo WebSocket client', async () => {
    const tick = await firstTick(sim.urls.ws, sim.key, 'angel', { symbol: 'SBIN', exchange: 'NSE' });
    expect(tick).toMatchObject({ symbol: 'SBIN', exchange: 'NSE', mode: 1 });
    expect(Number(tick.data?.ltp)).toBeGreaterThan(0);
  }, 30_000);

  it('closes the simulator with the server and never writes the PIN or TOTP secret to disk', async () => {
    const { server, dir } = sim;
    const configured = server.brokerConfigs.get('angel');
    if (!configured?.ok) throw new Error('angel should be configured by its simulator');
    const { apiKey, baseUrls } = configured.config as { apiKey: string; baseUrls: { api: string } };
    const { pin, totpSecret } = typedCredentials();
    await server.close();
    expect(await connectionRefused(baseUrls.api)).toBe('ECONNREFUSED');
    expect(server.brokerConfigs.get('angel')?.ok).toBe(false);

    const dataDir = join(dir, 'data');
    const files = filesUnder(dataDir);
    // The simulated master is cached apart, so a real run never reads it back.
    expect(files.some((f) => f.includes(`${SIMULATED_INSTRUMENTS_DIR}/angel/`))).toBe(true);
    expect(files.some((f) => f.includes(join(dataDir, 'instruments', 'angel')))).toBe(false);
    expect(filesHolding(dataDir, apiKey)).toEqual([]);
    expect(filesHolding(dataDir, totpSecret)).toEqual([]);
    // A 4-digit PIN could occur by chance in binary files; it is searched as the login field it was.
    expect(filesHolding(dataDir, `"pin":"${pin}"`)).toEqual([]);
  }, 30_000);
});
