import {
  type BrokerAuth,
  CONTRACT_VERSION,
  defineBroker,
  FAULT_OPS,
  type Instrument,
  type ManualClock,
} from '@openalgo/core';
import { instrumentRow } from '@openalgo/core/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { FaultRoutes } from '../../src/simulator/fault-routes.js';
import { FaultController } from '../../src/simulator/faults.js';
import { redirectLogin, simulatorHarness } from '../../src/simulator/simulator-harness.js';

const ROWS: Instrument[] = [
  instrumentRow({ symbol: 'SBIN', exchange: 'NSE', token: '3045' }),
  instrumentRow({ symbol: 'NIFTY', exchange: 'NSE_INDEX', token: '256265' }),
];
const FIXTURES = { equity: { symbol: 'SBIN', exchange: 'NSE' as const } };
const ROUTES = Object.fromEntries(
  FAULT_OPS.map((op) => [op, { method: 'GET', path: `/${op}` }]),
) as FaultRoutes;

/** One fake simulator: a URL, a login that echoes the state, a fault controller, a request log. */
class FakeSimulator {
  static started: FakeSimulator[] = [];
  readonly url: string;
  readonly faults: FaultController;
  downloads = 0;
  closed = false;

  constructor(
    readonly clock: ManualClock,
    readonly seed: number,
  ) {
    this.url = `http://sim-${FakeSimulator.started.length}.invalid`;
    this.faults = new FaultController(clock);
    FakeSimulator.started.push(this);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

const closedAdapters: string[] = [];

/** A redirect-login plugin whose adapter reads its master from the simulator it is configured for. */
const plugin = defineBroker({
  manifest: {
    id: 'simfake',
    name: 'Simulated fake',
    contract: CONTRACT_VERSION,
    exchanges: ['NSE', 'NSE_INDEX'],
    auth: 'redirect',
    capabilities: { downloadInstruments: true, getFunds: true },
    priceTypes: ['MARKET'],
    products: ['CNC'],
  },
  configSchema: z.object({ url: z.url(), apiKey: z.string().min(1) }),
  auth: (config): BrokerAuth => ({
    loginUrl: (state) => `${config.url}/login?state=${state}`,
    completeLogin: async (params) => ({
      broker: 'simfake',
      userId: params.user ?? 'nobody',
      accessToken: `token-for-${config.apiKey}`,
      expiresAt: Number.MAX_SAFE_INTEGER,
    }),
    logout: async () => {},
  }),
  create: ({ config, session }) => {
    const simulator = FakeSimulator.started.find((s) => s.url === config.url) as FakeSimulator;
    return {
      async *downloadInstruments() {
        simulator.downloads += 1;
        yield* ROWS;
      },
      getFunds: async () => ({ availableCash: 1, usedMargin: 0, total: 1, note: session.userId }) as never,
      close: async () => {
        closedAdapters.push(config.url);
      },
    };
  },
});

function harness(overrides: { failLogin?: boolean } = {}) {
  return simulatorHarness({
    name: 'fake over its simulator',
    plugin,
    seed: 7,
    fixtures: FIXTURES,
    startSimulator: async ({ clock, seed }) => new FakeSimulator(clock, seed),
    config: (simulator) => ({ url: simulator.url, apiKey: 'k1' }),
    login: redirectLogin(async (loginUrl) => {
      const state = new URL(loginUrl).searchParams.get('state') ?? '';
      return overrides.failLogin ? { state: 'forged', user: 'U1' } : { state, user: 'U1' };
    }),
    backdoor: () => ({
      orders: async () => [],
      requests: () => [],
      setPrice: async () => {},
      expireSession: async () => {},
    }),
    faults: { controller: (simulator) => simulator.faults, routes: ROUTES, name: 'the fake simulator' },
  });
}

describe('simulatorHarness', () => {
  it('starts a fresh simulator per check, logs the real plugin in, and shares one downloaded master', async () => {
    FakeSimulator.started = [];
    const h = harness();
    expect(h.name).toBe('fake over its simulator');
    expect(h.manifest).toBe(plugin.manifest);
    expect(h.fixtures).toBe(FIXTURES);

    const first = await h.setup();
    const second = await h.setup();
    const [one, two] = FakeSimulator.started as [FakeSimulator, FakeSimulator];
    expect(FakeSimulator.started).toHaveLength(2);
    expect(one.seed).toBe(7);
    expect(first.clock).toBe(one.clock);
    expect(second.clock).not.toBe(first.clock);
    // The master came through the first check's adapter only; the second check reuses it.
    expect([one.downloads, two.downloads]).toEqual([1, 0]);
    expect(second.instruments.get('SBIN', 'NSE')?.token).toBe('3045');
    expect([...(second.instruments.all?.() ?? [])]).toHaveLength(2);
    // The adapter was created with the session from the plugin's own completeLogin.
    expect(await second.adapter.getFunds()).toMatchObject({ note: 'U1' });

    await first.teardown();
    expect(one.closed).toBe(true);
    expect(two.closed).toBe(false);
    expect(closedAdapters).toContain(one.url);
    await second.teardown();
  });

  it("arms the suite's faults on the simulator of the check, on the route of the operation", async () => {
    FakeSimulator.started = [];
    const instance = await harness().setup();
    const simulator = FakeSimulator.started[0] as FakeSimulator;
    instance.backdoor.injectFault({ kind: 'serverError', op: 'getFunds' });
    expect(simulator.faults.take('serverError', 'GET', '/getOrders')).toBeUndefined();
    expect(simulator.faults.take('serverError', 'GET', '/getFunds')).toMatchObject({ status: 503 });
    instance.backdoor.injectFault({ kind: 'malformed', op: 'getFunds' });
    instance.backdoor.clearFaults();
    expect(simulator.faults.armed()).toEqual([]);
    await instance.teardown();
  });

  it('closes the simulator when the login fails, and says the state was lost', async () => {
    FakeSimulator.started = [];
    await expect(harness({ failLogin: true }).setup()).rejects.toThrow(
      /the login redirect lost the state \(got forged\)/,
    );
    expect(FakeSimulator.started[0]?.closed).toBe(true);
  });
});
