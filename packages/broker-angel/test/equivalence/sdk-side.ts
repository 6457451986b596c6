import { recordSdkRequests, UNREACHABLE_ROOT, type WireRequest } from '@openalgo/testkit/oracle';
// The account both sides act for: the adapter tests' API key, client code and tokens.
import { API_KEY, CLIENT_CODE, FEED_TOKEN, JWT, ok, REFRESH_TOKEN, type Reply } from '../adapter/helpers.js';
import { officialSdk } from '../sdk/official-sdk.js';
import type { SmartApi } from '../sdk/sdk-types.js';

/** A root nothing listens on: nock answers before a socket opens, and a miss fails to connect. */
export const SDK_ROOT = UNREACHABLE_ROOT;

export { CLIENT_CODE, FEED_TOKEN, JWT, ok, REFRESH_TOKEN, type Reply };

/** The official client as an Angel user builds it, pointed at the fake root (logged in unless told). */
export function sdkClient(options: { loggedIn?: boolean } = {}): SmartApi {
  const { SmartAPI } = officialSdk();
  const client = new SmartAPI({ api_key: API_KEY, root: SDK_ROOT });
  if (options.loggedIn !== false) client.setAccessToken(JWT);
  return client;
}

/**
 * Runs `call` with every request to the fake root answered by `reply`, and returns each request
 * exactly as the SDK wrote it (testkit's nock recorder). Its interceptors end with it.
 */
export function sdkRequests(
  reply: Reply,
  call: (client: SmartApi) => unknown,
  client: SmartApi = sdkClient(),
): Promise<WireRequest[]> {
  return recordSdkRequests({ root: SDK_ROOT, reply, call: () => call(client) });
}
