import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { join } from 'node:path';
import zerodha from '@openalgo/broker-zerodha';
import { createKiteSimulator, type KiteSimulator, loginWithForm } from '@openalgo/broker-zerodha/simulator';
import { type BrokerPlugin, InstrumentRegistry, ManualClock, noopLogger } from '@openalgo/core';
import { busiestWindow, RecordingLogger } from '@openalgo/core/testing';
import sandboxPlugin from '@openalgo/sandbox';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrokerCatalog } from '../../src/accounts/broker-catalog.js';
import { type BrokerConfigResult, resolveBrokerConfig } from '../../src/accounts/broker-config.js';
import { AccountRegistry, SANDBOX_ACCOUNT } from '../../src/accounts/registry.js';
import { loadSecretKey } from '../../src/auth/secret-key.js';
import { openSecurity } from '../../src/auth/security.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { TEST_SECRET_HEX, tempDir } from '../helpers/tmp.js';
import { buildApiApp, json } from './support/app.js';

/**
 * The "done means" for rate windows: the real Zerodha adapter, through the server's API and
 * accounts, against the Kite simulator with its limits on, all on one manual clock. A burst of 200
 * placeorders, 400 paced at 9.5/s with a re-login in the middle of the minute, then a 250-leg
 * basket: Kite never answers 429, never sees more than 10 order writes in any second or 200 in any
 * 60 s, and every basket leg is placed.
 *
 * Time only moves when nothing is on the wire (undici's diagnostics channels count requests in
 * flight), and then straight to the next sleeper, so a request reaches the simulator at the very
 * clock time its limiter slot says.
 */
const clock = new ManualClock(Date.UTC(2026, 0, 5, 4, 0, 0));
const logger = new RecordingLogger();
let dir: string;
let cleanup: () => void;
let sim: KiteSimulator;
let store: SqliteStore;
let registry: AccountRegistry;
let app: FastifyInstance;
let apiKey: string;

let onWire = 0;
const created = () => onWire++;
const finished = () => onWire--;
const CHANNELS: Array<[string, () => void]> = [
  ['undici:request:create', created],
  ['undici:request:trailers', finished],
  ['undici:request:error', finished],
];

let pendingApiCalls = 0;
function call(path: string, body: object): Promise<LightMyRequestResponse> {
  pendingApiCalls++;
  return app
    .inject({ method: 'POST', url: `/api/v1/${path}`, payload: { apikey: apiKey, ...body } })
    .finally(() => pendingApiCalls--);
}

/** Event-loop turns (not time) until nothing is on the wire and nothing moved for a few turns. */
async function quiesce(): Promise<void> {
  let still = 0;
  let last = '';
  for (let turn = 0; turn < 100_000; turn++) {
    await new Promise((resolve) => setImmediate(resolve));
    const state = `${onWire}/${clock.pendingSleeps}/${pendingApiCalls}`;
    if (onWire === 0 && state === last) {
      if (++still >= 5) return;
    } else {
      still = 0;
    }
    last = state;
  }
  throw new Error('the server never went quiet');
}

/** Steps the clock from sleeper to sleeper, never past `target`, quiet between steps. */
async function advanceTo(target: number): Promise<void> {
  for (;;) {
    await quiesce();
    const next = clock.nextWakeAt();
    if (next === undefined || next > target) break;
    await clock.set(Math.max(next, clock.now()));
  }
  if (target > clock.now()) await clock.set(target);
}

/** Steps the clock until `done` (the API calls answered). */
async function driveUntil(done: () => boolean): Promise<void> {
  for (;;) {
    await quiesce();
    if (done()) return;
    const next = clock.nextWakeAt();
    if (next === undefined) throw new Error('waiting on nothing the clock can wake');
    await clock.set(Math.max(next, clock.now()));
  }
}

async function logIn(): Promise<void> {
  const config = zerodha.configSchema.parse(simulatedConfig());
  const auth = zerodha.auth(config, { clock, logger: noopLogger, http: {} });
  const params = await loginWithForm(auth.loginUrl?.('rate-windows') as string, sim.credentials);
  const result = await registry.completeLogin('zerodha', params);
  apiKey ??= result.apiKey as string;
  const opened = await registry.resolveApiKey(apiKey);
  if (!opened.ok) throw new Error(opened.message);
}

function simulatedConfig() {
  return {
    apiKey: sim.credentials.apiKey,
    apiSecret: sim.credentials.apiSecret,
    redirectUrl: sim.redirectUrl,
    baseUrls: { api: sim.apiUrl, login: sim.loginUrl, ws: sim.wsUrl, instruments: sim.instrumentsUrl },
  };
}

beforeAll(async () => {
  for (const [name, fn] of CHANNELS) subscribe(name, fn);
  ({ dir, cleanup } = tempDir());
  sim = await createKiteSimulator({ clock, rateLimits: true, masterSize: 2_000, apiKey: 'ratewindowskey' });
  store = SqliteStore.openDataDir(dir);
  const security = openSecurity(store, loadSecretKey(dir, { OPENALGO_SECRET_KEY: TEST_SECRET_HEX }));
  const catalog: BrokerCatalog = { appDir: dir, entries: new Map(), diagnostics: [] };
  catalog.entries.set('sandbox', {
    id: 'sandbox',
    plugin: sandboxPlugin as BrokerPlugin,
    origin: 'built-in',
    builtin: true,
  });
  catalog.entries.set('zerodha', {
    id: 'zerodha',
    plugin: zerodha as BrokerPlugin,
    origin: 'test',
    builtin: false,
  });
  const brokerConfigs = new Map<string, BrokerConfigResult<unknown>>([
    [
      'sandbox',
      resolveBrokerConfig(sandboxPlugin as BrokerPlugin, {
        file: {},
        env: {},
        dataDir: dir,
        inject: { accountId: SANDBOX_ACCOUNT, scheduler: false },
      }),
    ],
    ['zerodha', { ok: true, config: zerodha.configSchema.parse(simulatedConfig()) }],
  ]);
  const instruments = new InstrumentRegistry(join(dir, 'instruments'), clock, noopLogger);
  registry = new AccountRegistry({
    store,
    catalog,
    brokerConfigs,
    instruments,
    vault: security.vault,
    apiKeys: security.apiKeys,
    clock,
    logger,
  });
  await registry.init();
  // The server's per-key limit is not what this test is about: let the broker's windows decide.
  app = await buildApiApp(registry, {
    clock,
    rateLimits: { ordersPerSecond: 10_000, otherPerSecond: 10_000 },
  });
  await logIn();
  await instruments.settled('zerodha');
}, 60_000);

afterAll(async () => {
  await app?.close();
  await registry?.close();
  store?.close();
  await sim?.close();
  for (const [name, fn] of CHANNELS) unsubscribe(name, fn);
  cleanup?.();
});

const ORDER = {
  strategy: 'rate-windows',
  symbol: 'SBIN',
  exchange: 'NSE',
  action: 'BUY',
  quantity: 1,
  pricetype: 'MARKET',
  product: 'CNC',
};

describe('rate windows per broker login, against the Kite simulator with its limits on', () => {
  it('burst, paced flow with a re-login, 250-leg basket: no 429 from Kite, never over its windows', async () => {
    const statuses = new Map<number, number>();
    const count = (res: LightMyRequestResponse) =>
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
    const start = clock.now();

    // 1. A burst of 200 placeorders at one instant.
    const burst = Array.from({ length: 200 }, () => call('placeorder', ORDER));
    let burstDone = 0;
    for (const p of burst) void p.then(() => burstDone++);
    await driveUntil(() => burstDone === 200);
    for (const res of await Promise.all(burst)) count(res);
    // What the windows could not take within the per-call bound was refused here, before Kite.
    expect(statuses.get(429)).toBeGreaterThan(0);
    for (const res of await Promise.all(burst)) {
      if (res.statusCode !== 200) expect(json(res)).toMatchObject({ code: 'RATE_LIMITED' });
    }

    // 2. 400 placeorders paced at 9.5/s, with a re-login in the middle of the minute.
    const pacedStart = clock.now() + 1_000;
    const paced: Array<Promise<LightMyRequestResponse>> = [];
    for (let i = 0; i < 400; i++) {
      await advanceTo(pacedStart + Math.round((i * 1000) / 9.5));
      if (i === 200) {
        await driveUntil(() => pendingApiCalls === 0);
        await logIn();
      }
      paced.push(call('placeorder', ORDER));
    }
    await driveUntil(() => pendingApiCalls === 0);
    for (const res of await Promise.all(paced)) count(res);

    // 3. One basket of 250 legs: paced inside the windows, every leg placed.
    const legs = Array.from({ length: 250 }, (_, i) => ({
      ...ORDER,
      action: i % 2 === 0 ? 'BUY' : 'SELL',
      symbol: 'SBIN',
    }));
    const basketCall = call('basketorder', { strategy: 'rate-windows', orders: legs });
    await driveUntil(() => pendingApiCalls === 0);
    const basket = await basketCall;
    expect(basket.statusCode, basket.body).toBe(200);
    const results = json(basket).results as Array<{ status: string }>;
    expect(results).toHaveLength(250);
    expect(results.filter((r) => r.status === 'success')).toHaveLength(250);
    // It paced rather than failed, and said so in the log.
    const pacing = logger.records.filter((r) => r.msg === 'pacing inside the broker rate window');
    expect(pacing.length).toBeGreaterThan(0);
    expect(pacing[0]?.obj).toMatchObject({ operation: 'basket', total: 250, bucket: 'orders' });

    // At the broker: no 429, ≤ 10 order writes in any second, ≤ 200 in any 60 s.
    const requests = sim.backdoor.requests();
    const writes = requests
      .filter((r) => r.method !== 'GET' && r.path.startsWith('/orders/'))
      .map((r) => r.at)
      .sort((a, b) => a - b);
    const answered = logger.records.filter((r) => r.msg === 'http request');
    // Every write was answered, and each answer logged with its status.
    expect(answered.length).toBeGreaterThanOrEqual(writes.length);
    expect(answered.filter((r) => (r.obj as { status?: number }).status === 429)).toEqual([]);
    expect(busiestWindow(writes, 1_000)).toBeLessThanOrEqual(10);
    expect(busiestWindow(writes, 60_000)).toBeLessThanOrEqual(200);
    // The windows were really pushed: full seconds and a full minute.
    expect(busiestWindow(writes, 1_000)).toBe(10);
    expect(busiestWindow(writes, 60_000)).toBe(200);
    // Orders went out under two sessions: the re-login did not reset the windows.
    const tokens = new Set(
      requests
        .filter((r) => r.path.startsWith('/orders/') && r.method !== 'GET')
        .map((r) => String(r.headers.authorization)),
    );
    expect(tokens.size).toBe(2);
    expect(clock.now() - start).toBeGreaterThan(120_000);

    // Restart: the windows are written behind on close, exactly the writes Kite saw in the last minute.
    await registry.close();
    const saved = store.rateWindows.load('zerodha', sim.credentials.userId)?.orders;
    expect(saved).toEqual(writes.filter((at) => at > clock.now() - 60_000));
  }, 600_000);
});
