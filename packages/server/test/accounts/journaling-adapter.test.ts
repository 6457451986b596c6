import {
  type BrokerAdapter,
  BrokerError,
  isOpenAlgoError,
  ManualClock,
  noopLogger,
  type TaggedOrderRequest,
  TimeoutError,
  TradingService,
} from '@openalgo/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JournalingAdapter } from '../../src/accounts/journaling-adapter.js';
import { reconcilePendingOrders } from '../../src/accounts/reconcile-journal.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { fakeRedirectBroker } from '../helpers/fake-broker.js';
import { tempDir } from '../helpers/tmp.js';

let dir: string;
let cleanup: () => void;
let store: SqliteStore;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  store = SqliteStore.openDataDir(dir);
});
afterEach(() => {
  store.close();
  cleanup();
});

const clock = new ManualClock();
const request = (clientOrderId: string): TaggedOrderRequest => ({
  symbol: 'SBIN',
  exchange: 'NSE',
  action: 'BUY',
  quantity: 1,
  priceType: 'MARKET',
  product: 'MIS',
  price: 0,
  triggerPrice: 0,
  disclosedQuantity: 0,
  clientOrderId,
});

async function fakeAdapter() {
  const { plugin, state } = fakeRedirectBroker();
  const adapter = await plugin.create({
    config: { apiKey: 'k', apiSecret: 's' },
    session: { broker: 'fakebroker', userId: 'U', accessToken: 't', expiresAt: Date.UTC(2030, 0, 1) },
    instruments: {
      get: () => undefined,
      getByToken: () => undefined,
      resolve: () => {
        throw new Error('x');
      },
    },
    http: {},
    clock,
    logger: noopLogger,
  });
  return { adapter, state };
}

function journaled(inner: BrokerAdapter) {
  return new JournalingAdapter({
    inner,
    journal: store.journal,
    accountId: 'acc',
    venue: 'live',
    clock,
    logger: noopLogger,
    durable: true,
  });
}

describe('JournalingAdapter', () => {
  it('commits a pending row before the broker call and acknowledges it after', async () => {
    const { adapter } = await fakeAdapter();
    let seenDuringCall: string | undefined;
    const spy: BrokerAdapter = {
      ...adapter,
      placeOrder: async (req) => {
        seenDuringCall = store.journal.get('acc', req.clientOrderId)?.state;
        return adapter.placeOrder(req);
      },
    };
    const ack = await journaled(spy).placeOrder(request('c1'));
    expect(seenDuringCall).toBe('pending');
    expect(store.journal.get('acc', 'c1')).toMatchObject({
      state: 'acknowledged',
      brokerOrderId: ack.orderId,
    });
  });

  it('records a definite rejection as failed and an ambiguous one as unknown', async () => {
    const { adapter } = await fakeAdapter();
    const failing = (error: Error): BrokerAdapter => ({
      ...adapter,
      placeOrder: () => Promise.reject(error),
    });
    await expect(
      journaled(failing(new BrokerError('margin', { broker: 'f' }))).placeOrder(request('f1')),
    ).rejects.toThrow('margin');
    expect(store.journal.get('acc', 'f1')?.state).toBe('failed');
    await expect(
      journaled(failing(new TimeoutError('slow', { broker: 'f' }))).placeOrder(request('u1')),
    ).rejects.toThrow('slow');
    expect(store.journal.get('acc', 'u1')).toMatchObject({ state: 'unknown', outcome: { code: 'TIMEOUT' } });
  });

  it('settles an unknown order when an order book shows its client order id', async () => {
    const { adapter, state } = await fakeAdapter();
    // The broker took the order but the answer was lost.
    const lossy: BrokerAdapter = {
      ...adapter,
      placeOrder: async (req) => {
        await adapter.placeOrder(req);
        throw new TimeoutError('reset after send', { broker: 'f', mayHaveReachedBroker: true });
      },
    };
    const trading = new TradingService({ adapter: journaled(lossy), clock, logger: noopLogger });
    const ack = await trading.placeOrder({
      symbol: 'SBIN',
      exchange: 'NSE',
      action: 'BUY',
      quantity: 1,
      clientOrderId: 'r1',
    });
    expect(ack).toMatchObject({ orderId: 'F1', reconciled: true });
    expect(state.placed).toHaveLength(1);
    expect(store.journal.get('acc', 'r1')).toMatchObject({ state: 'acknowledged', brokerOrderId: 'F1' });
  });

  it('never sends a client order id twice', async () => {
    const { adapter, state } = await fakeAdapter();
    const journal = journaled(adapter);
    const first = await journal.placeOrder(request('d1'));
    const again = await journal.placeOrder(request('d1'));
    expect(again.orderId).toBe(first.orderId);
    expect(state.placed).toHaveLength(1);
    store.journal.begin(
      { accountId: 'acc', clientOrderId: 'd2', venue: 'live', request: {}, at: 1 },
      { durable: false },
    );
    const refused = await journal.placeOrder(request('d2')).catch((e: unknown) => e);
    expect(isOpenAlgoError(refused, 'ORDER_STATE_UNKNOWN')).toBe(true);
    expect(state.placed).toHaveLength(1);
  });

  it('does not send an order it could not record', async () => {
    const { adapter, state } = await fakeAdapter();
    const journal = journaled(adapter);
    store.close();
    const error = await journal.placeOrder(request('n1')).catch((e: unknown) => e);
    expect(isOpenAlgoError(error, 'BROKER_UNAVAILABLE')).toBe(true);
    expect((error as { mayHaveReachedBroker?: boolean }).mayHaveReachedBroker).toBe(false);
    expect(state.placed).toHaveLength(0);
    store = SqliteStore.openDataDir(dir);
  });
});

describe('reconcilePendingOrders', () => {
  it('settles rows a crash left pending from the order book, sending nothing', async () => {
    const { adapter, state } = await fakeAdapter();
    await adapter.placeOrder(request('seen'));
    for (const id of ['seen', 'lost']) {
      store.journal.begin(
        { accountId: 'acc', clientOrderId: id, venue: 'live', request: request(id), at: 1 },
        { durable: true },
      );
    }
    const result = await reconcilePendingOrders({
      journal: store.journal,
      accountId: 'acc',
      venue: 'live',
      adapter,
      clock,
      logger: noopLogger,
    });
    expect(result).toEqual({ acknowledged: ['seen'], unknown: ['lost'], deferred: false });
    expect(store.journal.get('acc', 'seen')).toMatchObject({ state: 'acknowledged', brokerOrderId: 'F1' });
    expect(store.journal.get('acc', 'lost')?.state).toBe('unknown');
    expect(state.placed).toHaveLength(1);
  });

  it('leaves rows pending when the order book cannot be read', async () => {
    const { adapter } = await fakeAdapter();
    store.journal.begin(
      { accountId: 'acc', clientOrderId: 'p', venue: 'live', request: {}, at: 1 },
      { durable: true },
    );
    const broken: BrokerAdapter = { ...adapter, getOrders: () => Promise.reject(new Error('down')) };
    const result = await reconcilePendingOrders({
      journal: store.journal,
      accountId: 'acc',
      venue: 'live',
      adapter: broken,
      clock,
      logger: noopLogger,
    });
    expect(result.deferred).toBe(true);
    expect(store.journal.get('acc', 'p')?.state).toBe('pending');
  });
});
