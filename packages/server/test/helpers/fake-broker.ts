import {
  type AdapterImplementation,
  type BrokerPlugin,
  CONTRACT_VERSION,
  defineBroker,
  type Instrument,
  type Order,
  type OrderAck,
  type Session,
  type TaggedOrderRequest,
} from '@openalgo/core';
import { z } from 'zod';

export const FakeConfigSchema = z.object({
  apiKey: z.string().min(1, { error: 'must not be empty' }),
  apiSecret: z.string().min(1, { error: 'must not be empty' }),
});
export type FakeConfig = z.infer<typeof FakeConfigSchema>;

const INSTRUMENT: Instrument = {
  symbol: 'SBIN',
  exchange: 'NSE',
  brsymbol: 'SBIN-EQ',
  brexchange: 'NSE',
  token: '3045',
  name: 'STATE BANK OF INDIA',
  expiry: '',
  strike: 0,
  lotSize: 1,
  tickSize: 0.05,
  instrumentType: 'EQ',
};

/** What the fake broker saw, for assertions. */
export interface FakeBrokerState {
  logins: Array<Record<string, string>>;
  placed: TaggedOrderRequest[];
  orders: Order[];
  /** The session the next completeLogin returns (userId, expiry). */
  next: { userId: string; expiresAt: number };
  created: number;
}

function order(request: TaggedOrderRequest, orderId: string): Order {
  return {
    orderId,
    clientOrderId: request.clientOrderId,
    symbol: request.symbol,
    exchange: request.exchange,
    action: request.action,
    priceType: request.priceType,
    product: request.product,
    quantity: request.quantity,
    filledQuantity: 0,
    pendingQuantity: request.quantity,
    price: request.price,
    triggerPrice: request.triggerPrice,
    averagePrice: 0,
    status: 'open',
    rawStatus: 'OPEN',
    timestamp: '2026-01-05T09:30:00+05:30',
    raw: {},
  };
}

/**
 * A redirect-login broker plugin written for the server's tests: `loginUrl(state)` points at a fake
 * broker, `completeLogin` needs `request_token=good`, and the adapter keeps orders in memory.
 */
export function fakeRedirectBroker(id = 'fakebroker'): {
  plugin: BrokerPlugin<FakeConfig>;
  state: FakeBrokerState;
} {
  const state: FakeBrokerState = {
    logins: [],
    placed: [],
    orders: [],
    next: { userId: 'AB1234', expiresAt: Date.UTC(2030, 0, 1) },
    created: 0,
  };
  const unsupported = () => Promise.reject(new Error('not used in these tests'));
  const plugin = defineBroker<FakeConfig>({
    manifest: {
      id,
      name: 'Fake Broker',
      contract: CONTRACT_VERSION,
      exchanges: ['NSE'],
      auth: 'redirect',
      credentials: [
        { name: 'apiKey', label: 'API key' },
        { name: 'apiSecret', label: 'API secret', secret: true },
      ],
      capabilities: { placeOrder: true, getOrders: true, getQuotes: true, downloadInstruments: true },
      priceTypes: ['MARKET', 'LIMIT'],
      products: ['MIS', 'CNC'],
    },
    configSchema: FakeConfigSchema,
    auth(config) {
      return {
        loginUrl: (loginState) =>
          `https://fake-broker.invalid/login?api_key=${encodeURIComponent(config.apiKey)}&state=${encodeURIComponent(loginState)}`,
        async completeLogin(params): Promise<Session> {
          state.logins.push({ ...params });
          if (params.request_token !== 'good') throw new Error('bad request token');
          return {
            broker: id,
            userId: state.next.userId,
            accessToken: 'tok-secret-123456',
            expiresAt: state.next.expiresAt,
          };
        },
        async logout() {},
      };
    },
    create(): AdapterImplementation {
      state.created += 1;
      const manifest = plugin.manifest;
      return {
        manifest,
        async placeOrder(request): Promise<OrderAck> {
          state.placed.push(request);
          const orderId = `F${state.orders.length + 1}`;
          state.orders.push(order(request, orderId));
          return { orderId, clientOrderId: request.clientOrderId };
        },
        modifyOrder: unsupported,
        cancelOrder: unsupported,
        getOrders: async () => state.orders.slice(),
        getOrder: unsupported,
        getTrades: async () => [],
        getPositions: async () => [],
        getHoldings: async () => [],
        getFunds: unsupported,
        getQuotes: unsupported,
        getDepth: unsupported,
        getHistory: unsupported,
        async *downloadInstruments() {
          yield INSTRUMENT;
        },
      };
    },
  });
  return { plugin, state };
}
