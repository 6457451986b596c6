import { randomBytes } from 'node:crypto';
import {
  type BrokerAdapter,
  type Instrument,
  InstrumentIndex,
  type InstrumentRef,
  type Logger,
  ManualClock,
  noopLogger,
} from '@openalgo/core';
import { DEFAULT_SANDBOX_START, generateUniverse } from '@openalgo/sandbox';
import type { ContractHarness, Fault, HarnessFixtures } from '@openalgo/testkit';
import type { RouteMatch } from '@openalgo/testkit/simulator';
import zerodha from '../index.js';
import { loginWithForm } from './browser-login.js';
import { RATE_LIMIT_BODY } from './envelope.js';
import { createKiteSimulator, DEFAULT_MASTER_SIZE, type KiteSimulator } from './kite-simulator.js';

export interface KiteSimulatorHarnessOptions {
  /** Epoch ms the ManualClock starts at (default: Monday 5 January 2026, 09:30 IST). */
  start?: number;
  seed?: number;
  masterSize?: number;
  logger?: Logger;
}

/** The Kite route each adapter operation calls, for faults scoped to one operation. */
const OP_ROUTES: Readonly<Record<string, RouteMatch>> = {
  placeOrder: { method: 'POST', path: '/orders/:variety' },
  modifyOrder: { method: 'PUT', path: '/orders/:variety/:orderId' },
  cancelOrder: { method: 'DELETE', path: '/orders/:variety/:orderId' },
  getOrders: { method: 'GET', path: '/orders' },
  getOrder: { method: 'GET', path: '/orders/:orderId' },
  getTrades: { method: 'GET', path: '/trades' },
  getPositions: { method: 'GET', path: '/portfolio/positions' },
  getHoldings: { method: 'GET', path: '/portfolio/holdings' },
  getFunds: { method: 'GET', path: '/user/margins' },
  getQuotes: { method: 'GET', path: '/quote' },
  getDepth: { method: 'GET', path: '/quote' },
  getHistory: { method: 'GET', path: '/instruments/historical/:token/:interval' },
  downloadInstruments: { method: 'GET', path: '/instruments' },
  getMargin: { method: 'POST', path: '/margins/*' },
};

function scope(fault: Fault): { match?: RouteMatch } {
  if (!('op' in fault) || fault.op === undefined) return {};
  const match = OP_ROUTES[fault.op];
  if (!match) throw new RangeError(`the Kite simulator has no route for operation ${fault.op}`);
  return { match };
}

/** The suite's faults as the kit's, on the Kite route of the operation. */
export function injectKiteFault(simulator: KiteSimulator, fault: Fault): void {
  const faults = simulator.backdoor.faults;
  switch (fault.kind) {
    case 'rateLimit':
      faults.rateLimitBurst({
        count: fault.count ?? Number.MAX_SAFE_INTEGER,
        retryAfterSeconds: Math.max(1, Math.ceil(fault.retryAfterMs / 1000)),
        body: () => RATE_LIMIT_BODY,
        ...scope(fault),
      });
      return;
    case 'loseResponse':
      faults.resetAfterCommit(scope(fault));
      return;
    case 'serverError':
      faults.serverError({ ...scope(fault), ...(fault.count === undefined ? {} : { count: fault.count }) });
      return;
    case 'malformed':
      faults.malformedBody(scope(fault));
      return;
    case 'latency':
      faults.latency(fault.ms);
  }
}

const REF = (row: Instrument): InstrumentRef => ({ symbol: row.symbol, exchange: row.exchange });

/** SBIN, the nearest NIFTY future, a middle-strike call of the nearest expiry, the NIFTY index. */
function chooseFixtures(universe: readonly Instrument[]): HarnessFixtures {
  const equity = universe.find((r) => r.exchange === 'NSE' && r.symbol === 'SBIN');
  if (!equity) throw new Error('the sandbox universe has no SBIN to trade');
  const nifty = universe.filter((r) => r.exchange === 'NFO' && r.name === 'NIFTY');
  // The universe lists each chain in expiry order, so the first row of a kind is the nearest.
  const future = nifty.find((r) => r.instrumentType === 'FUT');
  const firstCall = nifty.find((r) => r.instrumentType === 'CE');
  const calls = nifty.filter((r) => r.instrumentType === 'CE' && r.expiry === firstCall?.expiry);
  const option = calls[Math.floor(calls.length / 2)];
  const index = universe.find((r) => r.exchange === 'NSE_INDEX' && r.symbol === 'NIFTY');
  return {
    equity: REF(equity),
    ...(future ? { future: REF(future) } : {}),
    ...(option ? { option: REF(option) } : {}),
    ...(index ? { index: REF(index) } : {}),
  };
}

/**
 * The contract harness for Zerodha: each check gets a fresh simulator (a fresh account) on its own
 * ManualClock, and the REAL adapter logged in through its own auth — the login form is posted and
 * the redirect's `request_token` exchanged by `completeLogin`. The instrument master is downloaded
 * through the adapter once (the full-size CSV) and shared by every check.
 */
export function kiteSimulatorHarness(options: KiteSimulatorHarnessOptions = {}): ContractHarness {
  const start = options.start ?? DEFAULT_SANDBOX_START;
  const seed = options.seed ?? 42;
  const masterSize = options.masterSize ?? DEFAULT_MASTER_SIZE;
  const logger = options.logger ?? noopLogger;
  let shared: InstrumentIndex | undefined;
  let loading: Promise<void> | undefined;

  async function loadMaster(adapter: BrokerAdapter, index: InstrumentIndex): Promise<void> {
    const result = await index.load(adapter.downloadInstruments(), { label: `zerodha simulator ${seed}` });
    if (!result.replaced) throw new Error(`the simulator's master did not load: ${result.message}`);
    shared = index;
  }

  return {
    name: 'zerodha over the Kite simulator',
    manifest: zerodha.manifest,
    fixtures: chooseFixtures(generateUniverse({ asOf: start, seed })),
    async setup() {
      const clock = new ManualClock(start);
      const simulator = await createKiteSimulator({
        clock,
        seed,
        masterSize,
        apiKey: 'kitesimkey',
        apiSecret: randomBytes(16).toString('hex'),
        redirectUrl: 'http://127.0.0.1:9/auth/zerodha/callback',
        logger,
      });
      const config = zerodha.configSchema.parse({
        apiKey: simulator.credentials.apiKey,
        apiSecret: simulator.credentials.apiSecret,
        redirectUrl: simulator.redirectUrl,
        baseUrls: {
          api: simulator.apiUrl,
          login: simulator.loginUrl,
          ws: simulator.wsUrl,
          instruments: simulator.instrumentsUrl,
        },
      });
      const runtime = { clock, logger, http: {} };
      const auth = zerodha.auth(config, runtime);
      const state = randomBytes(8).toString('hex');
      const loginUrl = auth.loginUrl?.(state);
      if (!loginUrl) throw new Error('the zerodha plugin has no login URL');
      const params = await loginWithForm(loginUrl, simulator.credentials);
      if (params.state !== state) throw new Error(`the login redirect lost the state (got ${params.state})`);
      const session = await auth.completeLogin(params);
      const index = shared ?? new InstrumentIndex({ clock });
      const adapter = await zerodha.create({ config, session, instruments: index, ...runtime });
      if (!shared) {
        loading ??= loadMaster(adapter, index);
        await loading;
      }
      const instruments = shared ?? index;
      return {
        adapter,
        instruments: {
          get: (symbol, exchange) => instruments.get(symbol, exchange),
          getByToken: (brexchange, token) => instruments.getByToken(brexchange, token),
          resolve: (symbol, exchange) => instruments.resolve(symbol, exchange),
          all: () => instruments.all(),
        },
        clock,
        backdoor: {
          orders: async () =>
            simulator.backdoor.orders().map((o) => ({
              orderId: o.orderId,
              ...(o.tag === null ? {} : { tag: o.tag }),
              symbol: o.instrument?.symbol ?? o.tradingsymbol,
              exchange: o.instrument?.exchange ?? o.exchange,
              quantity: o.quantity,
              status: o.engineStatus ?? o.status ?? 'unknown',
            })),
          requests: () =>
            simulator.backdoor
              .requests()
              .map((r) => ({ method: r.method, path: r.path, at: r.at, body: r.body })),
          setPrice: async (ref, price) => simulator.backdoor.setPrice(ref, price),
          advanceClock: (ms) => simulator.backdoor.advanceClock(ms),
          expireSession: async () => simulator.backdoor.expireSession(),
          injectFault: (fault) => injectKiteFault(simulator, fault),
          clearFaults: () => simulator.backdoor.faults.clear(),
        },
        async teardown() {
          await adapter.close?.();
          await simulator.close();
        },
      };
    },
  };
}
