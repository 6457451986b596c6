import type { BrokerAdapter } from '@openalgo/core';
import { recordSdkRequests, UNREACHABLE_ROOT, type WireRequest } from '@openalgo/testkit/oracle';
import { KiteConnect } from 'kiteconnect';
import { ACCESS_TOKEN, API_KEY, makeAdapter, type Reply } from '../helpers.js';

/** A root nothing listens on: nock answers before a socket opens, and a miss fails to connect. */
export const SDK_ROOT = UNREACHABLE_ROOT;

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
 * Runs `call` with every request to the fake root answered by `reply` (a JSON body unless it says
 * otherwise, since the SDK only resolves a JSON or CSV answer), and returns each request exactly as
 * the SDK wrote it (testkit's nock recorder). Its interceptors end with it.
 */
export function sdkRequests(
  reply: Reply,
  call: (kite: Kite) => Promise<unknown>,
  kite: Kite = sdkKite(),
): Promise<WireRequest[]> {
  return recordSdkRequests({ root: SDK_ROOT, reply, call: () => call(kite) });
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
