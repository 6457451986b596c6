import nock from 'nock';
import { afterAll, afterEach, beforeAll } from 'vitest';
// The account both sides act for: the adapter tests' API key, client code and tokens.
import { API_KEY, CLIENT_CODE, FEED_TOKEN, JWT, ok, REFRESH_TOKEN, type Reply } from '../adapter/helpers.js';
import { officialSdk } from '../sdk/official-sdk.js';
import type { SmartApi } from '../sdk/sdk-types.js';
import type { WireRequest } from './wire.js';

/** A root nothing listens on: nock answers before a socket opens, and a miss fails to connect. */
export const SDK_ROOT = 'http://127.0.0.1:1';

export { CLIENT_CODE, FEED_TOKEN, JWT, ok, REFRESH_TOKEN, type Reply };

/** The official client as an Angel user builds it, pointed at the fake root (logged in unless told). */
export function sdkClient(options: { loggedIn?: boolean } = {}): SmartApi {
  const { SmartAPI } = officialSdk();
  const client = new SmartAPI({ api_key: API_KEY, root: SDK_ROOT });
  if (options.loggedIn !== false) client.setAccessToken(JWT);
  return client;
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

/**
 * Runs `call` with every request to the fake root answered by `reply`, and returns each request
 * exactly as the SDK wrote it, body as the raw string. Its interceptors end with it.
 */
export async function sdkRequests(
  reply: Reply,
  call: (client: SmartApi) => unknown,
  client: SmartApi = sdkClient(),
): Promise<WireRequest[]> {
  const seen: WireRequest[] = [];
  const data = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? null);
  const headers = { 'content-type': 'application/json', ...reply.headers };
  for (const method of ['GET', 'POST'] as const) {
    const scope = nock(SDK_ROOT)
      .persist()
      .intercept(() => true, method)
      .reply(reply.status, data, headers);
    scope.on('request', (req: WireRequest, _interceptor: unknown, body: string) => {
      seen.push({ method: req.method, path: req.path, headers: { ...req.headers }, body: body || undefined });
    });
  }
  try {
    await call(client);
  } finally {
    nock.cleanAll();
  }
  return seen;
}
