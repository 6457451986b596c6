// The contract suite over Tortoise's simulator: every check gets a fresh simulator on its own
// ManualClock and the REAL plugin, logged in through its own auth.
import { brokerContractSuite } from '@openalgo/testkit';
import { simulatorHarness } from '@openalgo/testkit/simulator';
import { describe, it } from 'vitest';
import tortoise from '../src/plugin.js';
import { CREDENTIALS, startTortoiseSimulator } from './simulator.js';

const harness = simulatorHarness({
  name: 'tortoise over its simulator',
  plugin: tortoise,
  startSimulator: ({ clock, seed }) => startTortoiseSimulator({ clock, seed }),
  config: (sim) => ({ baseUrl: sim.url }),
  login: ({ auth }) => auth.completeLogin(CREDENTIALS),
  backdoor: (sim) => ({
    orders: async () =>
      sim.sandbox.backdoor.orders().map((order) => ({
        orderId: order.orderId,
        ...(order.clientOrderId ? { tag: order.clientOrderId } : {}),
        symbol: order.symbol,
        exchange: order.exchange,
        quantity: order.quantity,
        status: order.status,
      })),
    requests: () =>
      sim.server.requests.map((req) => ({ method: req.method, path: req.path, at: req.at, body: req.body })),
    setPrice: async (ref, price) => sim.sandbox.backdoor.setPrice(ref, price),
    advanceClock: (ms) => sim.sandbox.backdoor.advanceClock(ms),
    expireSession: async () => {
      sim.server.faults.expireTokensAt(sim.sandbox.clock.now());
    },
  }),
  faults: {
    name: 'the Tortoise simulator',
    controller: (sim) => sim.server.faults,
    rateLimitBody: () => ({ ok: false, error: { code: 'RATE_LIMITED', message: 'slow down' } }),
    routes: {
      placeOrder: { method: 'POST', path: '/v1/orders' },
      modifyOrder: { method: 'PUT', path: '/v1/orders/:orderId' },
      cancelOrder: { method: 'DELETE', path: '/v1/orders/:orderId' },
      getOrders: { method: 'GET', path: '/v1/orders' },
      getOrder: { method: 'GET', path: '/v1/orders/:orderId' },
      getTrades: { method: 'GET', path: '/v1/trades' },
      getPositions: { method: 'GET', path: '/v1/positions' },
      getHoldings: { method: 'GET', path: '/v1/holdings' },
      getFunds: { method: 'GET', path: '/v1/funds' },
      getQuotes: { method: 'GET', path: '/v1/quotes' },
      downloadInstruments: { method: 'GET', path: '/v1/instruments' },
      getDepth: undefined,
      getHistory: undefined,
      getMargin: undefined,
    },
  },
});

brokerContractSuite({ describe, it, harness });
