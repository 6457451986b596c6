import { totpCode } from '@openalgo/core';
import type { ContractHarness } from '@openalgo/testkit';
import {
  type BrokerSimulatorHarnessOptions,
  type FaultRoutes,
  simulatorHarness,
  suiteBackdoorOf,
} from '@openalgo/testkit/simulator';
import angel from '../index.js';
import { createAngelSimulator } from './angel-simulator.js';
import { SECURE_PREFIX } from './context.js';
import { RATE_LIMIT_TEXT } from './envelope.js';
import { MASTER_PATH } from './market-routes.js';
import { DEFAULT_MASTER_SIZE } from './master.js';

export type AngelSimulatorHarnessOptions = BrokerSimulatorHarnessOptions;

const route = (path: string) => ({ method: 'POST', path: `${SECURE_PREFIX}${path}` });
const read = (path: string) => ({ method: 'GET', path: `${SECURE_PREFIX}${path}` });

/** The SmartAPI route each adapter operation calls, for faults scoped to one operation. */
export const ANGEL_FAULT_ROUTES: FaultRoutes = {
  placeOrder: route('/order/v1/placeOrder'),
  modifyOrder: route('/order/v1/modifyOrder'),
  cancelOrder: route('/order/v1/cancelOrder'),
  getOrders: read('/order/v1/getOrderBook'),
  // One order is read from `details/{uniqueorderid}` when its unique id is known, else from the book:
  // every GET under order/v1 (the one-shot faults the suite arms on getOrder hit whichever comes first).
  getOrder: read('/order/v1/*'),
  getTrades: read('/order/v1/getTradeBook'),
  getPositions: read('/order/v1/getPosition'),
  getHoldings: read('/portfolio/v1/getHolding'),
  getFunds: read('/user/v1/getRMS'),
  getQuotes: route('/market/v1/quote'),
  getDepth: route('/market/v1/quote'),
  getHistory: route('/historical/v1/getCandleData'),
  downloadInstruments: { method: 'GET', path: MASTER_PATH },
  getMargin: route('/margin/v1/batch'),
  // Not offered yet (the manifest leaves the gtt capability false).
  placeGtt: undefined,
  modifyGtt: undefined,
  cancelGtt: undefined,
  getGtts: undefined,
};

/**
 * The contract harness for Angel: each check gets a fresh simulator (a fresh account) and the REAL
 * adapter logged in through its own auth with a TOTP code from the simulator's clock. The kit's
 * harness shares the downloaded master.
 */
export function angelSimulatorHarness(options: AngelSimulatorHarnessOptions = {}): ContractHarness {
  const masterSize = options.masterSize ?? DEFAULT_MASTER_SIZE;
  return simulatorHarness({
    name: 'angel over the SmartAPI simulator',
    plugin: angel,
    start: options.start,
    seed: options.seed,
    logger: options.logger,
    startSimulator: ({ clock, seed, logger }) => createAngelSimulator({ clock, seed, masterSize, logger }),
    config: (simulator) => ({
      apiKey: simulator.credentials.apiKey,
      clientCode: simulator.credentials.clientCode,
      baseUrls: {
        api: simulator.apiUrl,
        stream: simulator.wsUrl,
        orderStream: simulator.orderWsUrl,
        instruments: simulator.instrumentsUrl,
      },
    }),
    login: ({ simulator, auth }) => {
      const { clientCode, pin, totpSecret } = simulator.credentials;
      return auth.completeLogin({ clientCode, pin, totp: totpCode(totpSecret, simulator.clock.now()) });
    },
    backdoor: ({ backdoor }) => ({
      orders: async () =>
        backdoor.orders().map((o) => ({
          orderId: o.orderId,
          ...(o.tag === '' ? {} : { tag: o.tag }),
          symbol: o.instrument?.symbol ?? o.tradingsymbol,
          exchange: o.instrument?.exchange ?? o.exchange,
          quantity: o.quantity,
          status: o.engineStatus ?? 'unknown',
        })),
      ...suiteBackdoorOf(backdoor),
    }),
    faults: {
      name: 'the Angel simulator',
      controller: (simulator) => simulator.backdoor.faults,
      routes: ANGEL_FAULT_ROUTES,
      rateLimitBody: () => RATE_LIMIT_TEXT,
    },
  });
}
