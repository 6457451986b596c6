import type { BrokerAdapter } from '@openalgo/core';
import { KiteConnect } from 'kiteconnect';
import nock from 'nock';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { ACCESS_TOKEN, API_KEY, makeAdapter, type Reply } from '../helpers.js';
import type { WireRequest } from './wire.js';

/** A root nothing listens on: nock answers before a socket opens, and a miss fails to connect. */
export const SDK_ROOT = 'http://127.0.0.1:1';

export type Kite = InstanceType<typeof KiteConnect>;

/** The official client as a Kite user builds it, pointed at the fake root. */
export function sdkKite(options: { accessToken?: string } = { accessToken: ACCESS_TOKEN }): Kite {
  return new KiteConnect({
    api_key: API_KEY,
    root: SDK_ROOT,
    ...(options.accessToken === undefined ? {} : { access_token: options.accessToken }),
  });
}

/**
 * nock for one test file: no request may leave the machine (only loopback is allowed, and nothing
 * listens on the fake root's port), and no interceptor outlives its test.
 */
export function useNock(): void {
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  afterEach(() => {
    nock.cleanAll();
  });
  afterAll(() => {
    nock.enableNetConnect();
  });
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE'] as const;

/**
 * Runs `call` with every request to the fake root answered by `reply` (a JSON body unless it says
 * otherwise, since the SDK only resolves a JSON or CSV answer), and returns each request exactly as
 * the SDK wrote it, body as the raw string. Its interceptors end with it.
 */
export async function sdkRequests(
  reply: Reply,
  call: (kite: Kite) => Promise<unknown>,
  kite: Kite = sdkKite(),
): Promise<WireRequest[]> {
  const seen: WireRequest[] = [];
  const data = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? null);
  const headers = { 'content-type': 'application/json', ...reply.headers };
  for (const method of METHODS) {
    const scope = nock(SDK_ROOT)
      .persist()
      .intercept(() => true, method)
      .reply(reply.status, data, headers);
    scope.on('request', (req: WireRequest, _interceptor: unknown, body: string) => {
      seen.push({ method: req.method, path: req.path, headers: { ...req.headers }, body: body || undefined });
    });
  }
  try {
    await call(kite);
  } finally {
    // The next call in the same test answers with its own reply.
    nock.cleanAll();
  }
  return seen;
}

/**
 * Runs `call` on our adapter as the plugin serves it (behind core's contract boundary), its
 * requests answered by `routes` on undici's MockAgent, and returns what it sent.
 */
export async function adapterRequests(
  routes: Parameters<typeof makeAdapter>[0],
  call: (adapter: BrokerAdapter) => Promise<unknown>,
): Promise<WireRequest[]> {
  const t = makeAdapter(routes);
  try {
    await call(t.adapter);
  } finally {
    await t.agent.close();
  }
  return t.seen;
}
