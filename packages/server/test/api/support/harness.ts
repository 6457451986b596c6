import type { FakeAdapter } from '@openalgo/core/testing';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { ApiRoutesOptions } from '../../../src/api/index.js';
import { API_KEY, fakeAccount, fakeTrading, TestResolver } from './accounts.js';
import { buildApiApp } from './app.js';
import { existingOrder } from './cases.js';
import { pinMarket, scriptedBroker } from './scripted-broker.js';

export interface FakeHarness {
  app: FastifyInstance;
  adapter: FakeAdapter;
  resolver: TestResolver;
  account: ReturnType<typeof fakeAccount>['account'];
  clock: ReturnType<typeof fakeAccount>['clock'];
  /** Back to a fresh state (adapter, client order ids, analyzer mode) without rebuilding the app. */
  reset(): void;
  /** Sends `body` to `path` as the endpoint expects it (JSON body, or query string for GET). */
  send(
    path: string,
    body: unknown,
    options?: { method?: 'GET' | 'POST'; slash?: boolean },
  ): Promise<LightMyRequestResponse>;
}

/** An app over a FakeAdapter holding one open order, keyed by API_KEY; rate limits off unless given. */
export async function fakeHarness(
  options: { adapter?: FakeAdapter; api?: Omit<Partial<ApiRoutesOptions>, 'resolver'> } = {},
): Promise<FakeHarness> {
  const adapter = options.adapter ?? scriptedBroker();
  adapter.setOrders([existingOrder()]);
  const { account, clock } = fakeAccount({ adapter });
  const resolver = new TestResolver().add(API_KEY, account);
  const app = await buildApiApp(resolver, { rateLimits: false, clock, ...options.api });
  return {
    app,
    adapter,
    resolver,
    account,
    clock,
    reset() {
      adapter.reset();
      pinMarket(adapter);
      adapter.setOrders([existingOrder()]);
      account.trading = fakeTrading(adapter, clock);
      account.analyzeMode = false;
    },
    send(path, body, { method = 'POST', slash = false } = {}) {
      const url = `/api/v1/${path}${slash ? '/' : ''}`;
      if (method === 'GET') return app.inject({ method, url, query: body as Record<string, string> });
      return app.inject({ method, url, payload: body as object });
    },
  };
}
