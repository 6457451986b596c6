import { join } from 'node:path';
import {
  type BrokerAdapter,
  InstrumentIndex,
  type InstrumentLookup,
  JournalingAdapter,
  ManualClock,
  noopLogger,
  TradingService,
} from '@openalgo/core';
import type { FakeAdapter } from '@openalgo/core/testing';
import { DEFAULT_SANDBOX_START } from '@openalgo/sandbox';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { AccountContext } from '../../../src/accounts/types.js';
import { SqliteStore } from '../../../src/store/sqlite-store.js';
import { tempDir } from '../../helpers/tmp.js';
import { API_KEY, FAKE_INSTRUMENTS, OTHER_KEY, TestResolver } from './accounts.js';
import { buildApiApp } from './app.js';
import { existingOrder } from './cases.js';
import { scriptedBroker } from './scripted-broker.js';

/**
 * The API as the server runs it for idempotency: a real SQLite store in a temp dir, every order
 * through core's JournalingAdapter over a scripted FakeAdapter (the "broker"), broker tags TAG1,
 * TAG2… (never reused across a restart, as random tags would not be). API_KEY is account `acct-a`,
 * OTHER_KEY account `acct-b`; both trade at the same broker so its book shows every order.
 */
export interface KeyedHarness {
  app: FastifyInstance;
  adapter: FakeAdapter;
  store: SqliteStore;
  clock: ManualClock;
  /** Sends `body` to `path`, with an `Idempotency-Key` header when `key` is given. */
  send(path: string, body: object, key?: string, apiKey?: string): Promise<LightMyRequestResponse>;
  /** Closes the app and the store and opens both again on the same data dir (a restart). */
  restart(): Promise<void>;
  /** Orders the broker holds that carry `brokerTag`. */
  atBroker(brokerTag: string): number;
  close(): Promise<void>;
}

export async function keyedHarness(): Promise<KeyedHarness> {
  const adapter = scriptedBroker();
  adapter.setOrders([existingOrder()]);
  const clock = new ManualClock(DEFAULT_SANDBOX_START);
  const instruments = InstrumentIndex.fromRows(FAKE_INSTRUMENTS, { clock });
  const app = await keyedApp(adapter, instruments, clock);
  // The same object, not a copy: restart() replaces its app and store in place.
  return Object.assign(app, {
    adapter,
    atBroker: (brokerTag: string) => adapter.ordersWithClientOrderId(brokerTag).length,
  });
}

export type KeyedApp = Omit<KeyedHarness, 'adapter' | 'atBroker'>;

/** The app of the harness over any broker adapter (a real one over a loopback simulator too). */
export async function keyedApp(
  adapter: BrokerAdapter,
  instruments: InstrumentLookup,
  clock: ManualClock,
): Promise<KeyedApp> {
  const { dir, cleanup } = tempDir('openalgo-idempotency-');
  const path = join(dir, 'openalgo.db');
  let next = 1;
  let store = SqliteStore.open(path);

  const account = (accountId: string): AccountContext => {
    const journaled = new JournalingAdapter({
      inner: adapter,
      journal: store.journal,
      accountId,
      venue: 'live',
      clock,
      logger: noopLogger,
      durable: false,
    });
    const trading = new TradingService({
      adapter: journaled,
      clock,
      reconcile: { attempts: 1, intervalMs: 0 },
      newClientOrderId: () => `TAG${next++}`,
    });
    return {
      accountId,
      broker: adapter.manifest.id,
      userId: 'FAKEUSER',
      dataAdapter: adapter,
      executionAdapter: journaled,
      trading,
      instruments,
      analyzeMode: false,
      logger: noopLogger,
    };
  };
  const open = () => {
    const resolver = new TestResolver().add(API_KEY, account('acct-a')).add(OTHER_KEY, account('acct-b'));
    return buildApiApp(resolver, { rateLimits: false, clock, idempotency: store.idempotency });
  };

  const harness: KeyedApp = {
    app: await open(),
    store,
    clock,
    send(path, body, key, apiKey = API_KEY) {
      return harness.app.inject({
        method: 'POST',
        url: `/api/v1/${path}`,
        payload: { apikey: apiKey, ...body },
        headers: key === undefined ? {} : { 'idempotency-key': key },
      });
    },
    async restart() {
      await harness.app.close();
      store.close();
      store = SqliteStore.open(path);
      harness.store = store;
      harness.app = await open();
    },
    async close() {
      await harness.app.close();
      store.close();
      cleanup();
    },
  };
  return harness;
}
