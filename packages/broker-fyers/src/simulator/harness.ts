import { randomBytes } from 'node:crypto';
import type { ContractHarness } from '@openalgo/testkit';
import {
  type BrokerSimulatorHarnessOptions,
  type FaultRoutes,
  redirectLogin,
  simulatorHarness,
  suiteBackdoorOf,
} from '@openalgo/testkit/simulator';
import fyers from '../index.js';
import { loginWithForm } from './browser-login.js';
import { RATE_LIMIT_BODY } from './envelope.js';
import { createFyersSimulator, DEFAULT_MASTER_SIZE, type FyersSimulator } from './fyers-simulator.js';

export type FyersSimulatorHarnessOptions = BrokerSimulatorHarnessOptions;

/** The Fyers route each adapter operation calls, for faults scoped to one operation. */
export const FYERS_FAULT_ROUTES: FaultRoutes = {
  placeOrder: { method: 'POST', path: '/api/v3/orders/sync' },
  modifyOrder: { method: 'PATCH', path: '/api/v3/orders/sync' },
  cancelOrder: { method: 'DELETE', path: '/api/v3/orders/sync' },
  getOrders: { method: 'GET', path: '/api/v3/orders' },
  getOrder: { method: 'GET', path: '/api/v3/orders' },
  getTrades: { method: 'GET', path: '/api/v3/tradebook' },
  getPositions: { method: 'GET', path: '/api/v3/positions' },
  getHoldings: { method: 'GET', path: '/api/v3/holdings' },
  getFunds: { method: 'GET', path: '/api/v3/funds' },
  getQuotes: { method: 'GET', path: '/data/quotes' },
  getDepth: { method: 'GET', path: '/data/depth' },
  getHistory: { method: 'GET', path: '/data/history' },
  downloadInstruments: { method: 'GET', path: '/sym_details/:file' },
  getMargin: { method: 'POST', path: '/api/v3/multiorder/margin' },
  // Not offered yet (the manifest leaves the gtt capability false).
  placeGtt: undefined,
  modifyGtt: undefined,
  cancelGtt: undefined,
  getGtts: undefined,
};

/** The adapter's configuration input pointing at a simulator (`FyersConfigInput`). */
export function simulatedFyersConfig(simulator: FyersSimulator) {
  return {
    appId: simulator.credentials.appId,
    secretKey: simulator.credentials.secretKey,
    redirectUrl: simulator.redirectUrl,
    baseUrls: {
      api: simulator.apiUrl,
      data: simulator.dataUrl,
      login: simulator.loginUrl,
      stream: simulator.dataWsUrl,
      orderStream: simulator.orderWsUrl,
      instruments: simulator.instrumentsUrl,
    },
  };
}

/**
 * The contract harness for Fyers: each check gets a fresh Fyers simulator (a fresh account) and the
 * REAL adapter logged in through its own auth — the login form is posted, and the redirect's
 * `auth_code` (with the user's PIN, as the server's login form adds it) goes to `completeLogin`.
 */
export function fyersSimulatorHarness(options: FyersSimulatorHarnessOptions = {}): ContractHarness {
  const masterSize = options.masterSize ?? DEFAULT_MASTER_SIZE;
  return simulatorHarness({
    name: 'fyers over the Fyers simulator',
    plugin: fyers,
    start: options.start,
    seed: options.seed,
    logger: options.logger,
    startSimulator: ({ clock, seed, logger }) =>
      createFyersSimulator({
        clock,
        seed,
        masterSize,
        appId: 'FYSIMAPP01-100',
        secretKey: randomBytes(8).toString('hex').toUpperCase(),
        redirectUrl: 'http://127.0.0.1:9/auth/fyers/callback',
        logger,
      }),
    config: simulatedFyersConfig,
    login: redirectLogin(async (loginUrl, simulator) => ({
      ...(await loginWithForm(loginUrl, simulator.credentials)),
      pin: simulator.credentials.pin,
    })),
    backdoor: ({ backdoor }) => ({
      orders: async () =>
        (await backdoor.orders()).map((o) => ({
          orderId: o.id,
          ...(o.tag === undefined ? {} : { tag: o.tag }),
          symbol: o.instrument.symbol,
          exchange: o.instrument.exchange,
          quantity: o.quantity,
          status: o.engineStatus,
        })),
      ...suiteBackdoorOf(backdoor),
    }),
    faults: {
      name: 'the Fyers simulator',
      controller: (simulator) => simulator.backdoor.faults,
      routes: FYERS_FAULT_ROUTES,
      rateLimitBody: () => RATE_LIMIT_BODY,
    },
  });
}
