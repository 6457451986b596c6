import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ServerHandle } from '../../src/app.js';
import type { ServerUrls } from '../../src/auth/pages.js';
import { SIMULATED_INSTRUMENTS_DIR } from '../../src/services.js';
import { firstForm } from './support/forms.js';
import {
  connectionRefused,
  filesUnder,
  type Post,
  type Reply,
  type SimulatedServer,
  startSimulatedServer,
} from './support/simulated-server.js';

/**
 * `openalgo serve --broker zerodha --simulate`: the real Zerodha adapter over the wire to the Kite
 * simulator its package ships, through the normal login routes, REST API and feed. Needs
 * packages/broker-zerodha built (its `./simulator` export); the repo root declares it, so the loader finds it.
 */
let sim: SimulatedServer;
let dir: string;
let server: ServerHandle;
let urls: ServerUrls;
let banner: string;
let key: string;
let post: Post;

beforeAll(async () => {
  sim = await startSimulatedServer('zerodha');
  ({ dir, server, urls, banner, key, post } = sim);
}, 60_000);

afterAll(async () => {
  await sim?.close();
});

/** The browser's part of the login: our login route → the simulator's form → back to our callback. */
async function logInThroughTheBrowserFlow(): Promise<string> {
  const simulation = server.simulation();
  if (!simulation?.login) throw new Error('the simulation offers no login credentials');
  const start = await request(simulation.loginUrl);
  await start.body.dump();
  expect(start.statusCode).toBe(302);
  const cookie = String(start.headers['set-cookie']).split(';')[0] as string;
  expect(cookie).toMatch(/^oa_login_state=/);
  const loginPage = String(start.headers.location);
  const page = await request(loginPage);
  expect(page.statusCode).toBe(200);
  const { action, fields } = firstForm(await page.body.text());
  fields.user_id = simulation.login.userId;
  fields.password = simulation.login.password;
  const submitted = await request(new URL(action, loginPage), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  await submitted.body.dump();
  expect(submitted.statusCode).toBe(302);
  const callback = new URL(String(submitted.headers.location));
  expect(`${callback.origin}${callback.pathname}`).toBe(simulation.callbackUrl);
  expect(callback.searchParams.get('request_token')).toBeTruthy();
  expect(callback.searchParams.get('state')).toBeTruthy();
  const result = await request(callback, { headers: { cookie } });
  const html = await result.body.text();
  expect(result.statusCode, html).toBe(200);
  return html;
}

describe('openalgo serve --broker zerodha --simulate', () => {
  it('says the broker is simulated and how to log in', () => {
    const simulation = server.simulation();
    expect(simulation).toMatchObject({
      broker: 'zerodha',
      packageName: '@openalgo/broker-zerodha',
      loginUrl: `${urls.http}/auth/zerodha/login`,
      callbackUrl: `${urls.http}/auth/zerodha/callback`,
    });
    expect(banner).toContain('zerodha is SIMULATED');
    expect(banner).toContain(`Log in:     ${urls.http}/auth/zerodha/login`);
    expect(banner).toContain(`user id ${simulation?.login?.userId}, password ${simulation?.login?.password}`);
    expect(banner).toContain(`API key:    ${key}`);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
  });

  it('logs in through the simulator, then places, modifies, lists and cancels orders over the real adapter', async () => {
    // Before the login the key's account has no session, and says where to get one.
    const early = await post('funds', {});
    expect(early.status).toBeGreaterThanOrEqual(400);
    expect(early.body.message).toContain('/auth/zerodha/login');

    const page = await logInThroughTheBrowserFlow();
    expect(page).toContain('Logged in to zerodha');
    expect(page).toContain(server.simulation()?.login?.userId as string);
    expect(server.accounts.summaries().find((a) => a.id === server.defaultAccount.id)).toMatchObject({
      broker: 'zerodha',
      session: 'active',
      userId: server.simulation()?.login?.userId,
    });

    const funds = await post('funds', {});
    expect(funds).toMatchObject({ status: 200, body: { status: 'success' } });
    expect(Number(funds.body.data?.availablecash)).toBeGreaterThan(0);
    // The login opened the account (funds waited for that), which loads Kite's master (10⁵ rows) in
    // the background.
    const loaded = await server.instruments.settled('zerodha');
    expect(loaded?.rows).toBeGreaterThan(100_000);
    const symbol = await post('symbol', { symbol: 'SBIN', exchange: 'NSE' });
    expect(symbol).toMatchObject({ status: 200, body: { status: 'success', data: { brsymbol: 'SBIN' } } });

    const quote = await post('quotes', { symbol: 'SBIN', exchange: 'NSE' });
    expect(quote.status).toBe(200);
    const ltp = Number(quote.body.data?.ltp);
    expect(ltp).toBeGreaterThan(0);
    const tick = (n: number) => Math.round(n * 20) / 20;
    const order = { strategy: 'sim', symbol: 'SBIN', exchange: 'NSE', action: 'BUY', product: 'CNC' };
    const placed = await post('placeorder', {
      ...order,
      quantity: 1,
      pricetype: 'LIMIT',
      // Below the market so it rests, inside Kite's ±20% circuit band so it is accepted.
      price: tick(ltp * 0.9),
    });
    expect(placed).toMatchObject({ status: 200, body: { status: 'success' } });
    const orderid = placed.body.orderid as string;

    const newPrice = tick(ltp * 0.85);
    const modified = await post('modifyorder', {
      ...order,
      orderid,
      quantity: 1,
      pricetype: 'LIMIT',
      price: newPrice,
      disclosed_quantity: 0,
      trigger_price: 0,
    });
    expect(modified).toMatchObject({ status: 200, body: { status: 'success', orderid } });
    const book = await post('orderbook', {});
    expect(book.body.data?.orders?.find((o) => o.orderid === orderid)).toMatchObject({
      symbol: 'SBIN',
      exchange: 'NSE',
      action: 'BUY',
      product: 'CNC',
      pricetype: 'LIMIT',
      price: newPrice,
      order_status: 'open',
    });

    const cancelled = await post('cancelorder', { strategy: 'sim', orderid });
    expect(cancelled).toMatchObject({ status: 200, body: { status: 'success', orderid } });
    const status = await post('orderstatus', { strategy: 'sim', orderid });
    expect(status).toMatchObject({ status: 200, body: { data: { orderid, order_status: 'cancelled' } } });

    const market = await post('placeorder', { ...order, quantity: 2, pricetype: 'MARKET' });
    expect(market).toMatchObject({ status: 200, body: { status: 'success' } });
    const filled = market.body.orderid as string;
    const filledStatus = await post('orderstatus', { strategy: 'sim', orderid: filled });
    expect(filledStatus.body.data).toMatchObject({ orderid: filled, order_status: 'complete' });
    const trades = await post('tradebook', {});
    expect((trades.body.data as unknown as Array<Record<string, unknown>>).map((t) => t.orderid)).toContain(
      filled,
    );
    const positions = await post('positionbook', {});
    expect(positions.body.data as unknown as Array<Record<string, unknown>>).toContainEqual(
      expect.objectContaining({ symbol: 'SBIN', exchange: 'NSE', product: 'CNC', quantity: 2 }),
    );

    // Every order went through the journal, bound to the zerodha account.
    const journal = server.store.journal.list(server.defaultAccount.id);
    expect(journal.filter((e) => e.state === 'acknowledged').map((e) => e.brokerOrderId)).toEqual(
      expect.arrayContaining([orderid, filled]),
    );
  }, 60_000);

  it('streams market data from the simulated ticker over the WebSocket feed', async () => {
    const socket = new WebSocket(urls.ws);
    const messages: Reply[] = [];
    const waiters: Array<{ test: (m: Reply) => boolean; resolve: (m: Reply) => void }> = [];
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as Reply;
      messages.push(message);
      for (const w of [...waiters]) {
        if (w.test(message)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(message);
        }
      }
    });
    const next = (test: (m: Reply) => boolean) =>
      new Promise<Reply>((resolvePromise) => {
        const found = messages.find(test);
        if (found) resolvePromise(found);
        else waiters.push({ test, resolve: resolvePromise });
      });
    await new Promise<void>((resolveOpen, reject) => {
      socket.once('open', () => resolveOpen());
      socket.once('error', reject);
    });
    socket.send(JSON.stringify({ action: 'authenticate', api_key: key }));
    expect(await next((m) => m.type === 'auth')).toMatchObject({ status: 'success', broker: 'zerodha' });
    socket.send(
      JSON.stringify({ action: 'subscribe', symbols: [{ symbol: 'SBIN', exchange: 'NSE' }], mode: 1 }),
    );
    expect(await next((m) => m.type === 'subscribe')).toMatchObject({ status: 'success' });
    const data = await next((m) => m.type === 'market_data');
    expect(data).toMatchObject({ symbol: 'SBIN', exchange: 'NSE', mode: 1 });
    expect(Number(data.data?.ltp)).toBeGreaterThan(0);
    socket.close();
  }, 30_000);

  it('closes the simulator with the server and never writes its api secret to disk', async () => {
    const simulated = server.brokerConfigs.get('zerodha');
    if (!simulated?.ok) throw new Error('zerodha should be configured by its simulator');
    const { apiSecret, baseUrls } = simulated.config as { apiSecret: string; baseUrls: { api: string } };
    const password = server.simulation()?.login?.password as string;
    await server.close();
    expect(await connectionRefused(baseUrls.api)).toBe('ECONNREFUSED');
    expect(server.brokerConfigs.get('zerodha')?.ok).toBe(false);

    const dataDir = join(dir, 'data');
    const files = filesUnder(dataDir);
    // The simulated master is cached apart, so a real run never reads it back.
    expect(files.some((f) => f.includes(`${SIMULATED_INSTRUMENTS_DIR}/zerodha/`))).toBe(true);
    expect(files.some((f) => f.includes(join(dataDir, 'instruments', 'zerodha')))).toBe(false);
    for (const file of files) {
      const bytes = readFileSync(file).toString('latin1');
      expect(bytes.includes(apiSecret), file).toBe(false);
      expect(bytes.includes(password), file).toBe(false);
    }
  }, 30_000);
});
