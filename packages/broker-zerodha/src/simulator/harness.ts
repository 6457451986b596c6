import { randomBytes } from 'node:crypto';
import type { ContractHarness } from '@openalgo/testkit';
import {
  type BrokerSimulatorHarnessOptions,
  type FaultRoutes,
  redirectLogin,
  simulatorHarness,
  suiteBackdoorOf,
} from '@openalgo/testkit/simulator';
import zerodha from '../index.js';
import { loginWithForm } from './browser-login.js';
import { RATE_LIMIT_BODY } from './envelope.js';
import { createKiteSimulator, DEFAULT_MASTER_SIZE } from './kite-simulator.js';

export type KiteSimulatorHarnessOptions = BrokerSimulatorHarnessOptions;

/** The Kite route each adapter operation calls, for faults scoped to one operation. */
export const KITE_FAULT_ROUTES: FaultRoutes = {
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
  placeGtt: { method: 'POST', path: '/gtt/triggers' },
  modifyGtt: { method: 'PUT', path: '/gtt/triggers/:id' },
  cancelGtt: { method: 'DELETE', path: '/gtt/triggers/:id' },
  getGtts: { method: 'GET', path: '/gtt/triggers' },
};

/**
 * The contract harness for Zerodha: each check gets a fresh Kite simulator (a fresh account) and the
 * REAL adapter logged in through its own auth — the login form is posted and the redirect's
 * `request_token` exchanged by `completeLogin`. The kit's harness shares the downloaded master.
 */
export function kiteSimulatorHarness(options: KiteSimulatorHarnessOptions = {}): ContractHarness {
  const masterSize = options.masterSize ?? DEFAULT_MASTER_SIZE;
  return simulatorHarness({
    name: 'zerodha over the Kite simulator',
    plugin: zerodha,
    start: options.start,
    seed: options.seed,
    logger: options.logger,
    startSimulator: ({ clock, seed, logger }) =>
      createKiteSimulator({
        clock,
        seed,
        masterSize,
        apiKey: 'kitesimkey',
        apiSecret: randomBytes(16).toString('hex'),
        redirectUrl: 'http://127.0.0.1:9/auth/zerodha/callback',
        logger,
      }),
    config: (simulator) => ({
      apiKey: simulator.credentials.apiKey,
      apiSecret: simulator.credentials.apiSecret,
      redirectUrl: simulator.redirectUrl,
      baseUrls: {
        api: simulator.apiUrl,
        login: simulator.loginUrl,
        ws: simulator.wsUrl,
        instruments: simulator.instrumentsUrl,
      },
    }),
    login: redirectLogin((loginUrl, simulator) => loginWithForm(loginUrl, simulator.credentials)),
    backdoor: ({ backdoor }) => ({
      orders: async () =>
        backdoor.orders().map((o) => ({
          orderId: o.orderId,
          ...(o.tag === null ? {} : { tag: o.tag }),
          symbol: o.instrument?.symbol ?? o.tradingsymbol,
          exchange: o.instrument?.exchange ?? o.exchange,
          quantity: o.quantity,
          status: o.engineStatus ?? o.status ?? 'unknown',
        })),
      ...suiteBackdoorOf(backdoor),
    }),
    faults: {
      name: 'the Kite simulator',
      controller: (simulator) => simulator.backdoor.faults,
      routes: KITE_FAULT_ROUTES,
      rateLimitBody: () => RATE_LIMIT_BODY,
    },
  });
}
