import {
  equivalence,
  type IntendedDifference as IntendedRow,
  type WireRequest,
  type WireRules,
} from '@openalgo/testkit/oracle';
import { expect } from 'vitest';

/**
 * What SmartAPI reads, so what the comparison looks at: the headers it reads (brokers.md §2.2:
 * auth, the six `X-` headers, how the body is encoded and what is accepted back) and the one that
 * names the client. The rest (host, content-length, connection, accept-encoding) is transport.
 */
export const ANGEL_WIRE: WireRules = {
  headers: [
    'authorization',
    'content-type',
    'accept',
    'x-usertype',
    'x-sourceid',
    'x-clientlocalip',
    'x-clientpublicip',
    'x-macaddress',
    'x-privatekey',
    'user-agent',
  ],
};

/**
 * Every way our requests may differ from what smartapi-javascript 1.0.27 sends for the same call:
 * the one table. Each case names the rows it expects and `expectEquivalent` asserts exactly those
 * differences exist, so any other difference (a renamed field, a number spelled as a JSON number, a
 * lost `X-` header) fails the case that shows it.
 *
 * Equal by construction, so not listed: `X-ClientLocalIP` and `X-MACAddress`. The SDK sends the
 * host's address and MAC (stubbed to 127.0.0.1 and a zero MAC here, see ../sdk/official-sdk.ts); our
 * config defaults to the same neutral values. Angel does not validate either (§2.2).
 */
export const INTENDED = {
  userAgent: {
    at: 'header.user-agent',
    sdk: 'axios/0.20.0',
    ours: undefined,
    why: 'SmartAPI does not read a User-Agent; we do not pose as the SDK’s HTTP library and undici sends none of its own',
  },
  publicIp: {
    at: 'header.x-clientpublicip',
    sdk: 'null',
    ours: '127.0.0.1',
    why: 'the SDK builds its HTTP client before its public-IP lookup answers, so it always sends the literal "null" (§2.2); Angel does not validate the header, and we send the configured placeholder instead of a word that is not an address',
  },
  getBody: {
    at: 'json',
    sdk: '{}',
    ours: undefined,
    why: 'the SDK writes a JSON body `{}` on every GET (§2.2); a GET body has no meaning in HTTP, Angel ignores it, and some proxies refuse it',
  },
  detailsBody: {
    at: 'json',
    sdk: 'null',
    ours: undefined,
    why: 'on order/v1/details/{id} the SDK writes the literal body `null` (§2.4); the id is in the path, a GET carries no body',
  },
} as const satisfies Record<string, IntendedRow>;

export type IntendedDifference = keyof typeof INTENDED;

/**
 * Requests we send that the SDK call does not, because the SDK's caller supplies what the adapter
 * must look up. Each case names the extras it expects and `expectRequests` asserts exactly those are
 * sent besides the compared one, in that order.
 */
export const EXTRA_REQUESTS = {
  cancelReadsVariety: {
    request: 'GET /rest/secure/angelbroking/order/v1/getOrderBook',
    before: true,
    why: "cancelOrder needs the order's own variety (§2.4 `{variety, orderid}`); an SDK user passes it, OpenAlgo's cancel carries only the order id, so the adapter reads it from the order book first",
  },
  fundsReadPositions: {
    request: 'GET /rest/secure/angelbroking/order/v1/getPosition',
    before: false,
    why: 'RMS m2m fields read 0 while positions carry real P&L (§2.8), so funds take realised and unrealised P&L from the positions book',
  },
} as const satisfies Record<string, { request: string; before: boolean; why: string }>;

export type ExtraRequest = keyof typeof EXTRA_REQUESTS;

/**
 * Asserts `ours` is the compared request (`METHOD path`) with exactly the named extras around it,
 * and returns the compared one.
 */
export function expectRequests(
  ours: readonly WireRequest[],
  compared: string,
  extras: readonly ExtraRequest[] = [],
): WireRequest | undefined {
  const before = extras.filter((id) => EXTRA_REQUESTS[id].before).map((id) => EXTRA_REQUESTS[id].request);
  const after = extras.filter((id) => !EXTRA_REQUESTS[id].before).map((id) => EXTRA_REQUESTS[id].request);
  expect(ours.map((r) => `${r.method} ${r.path}`)).toEqual([...before, compared, ...after]);
  return ours[before.length];
}

/** What every call shows. */
export const ALWAYS: readonly IntendedDifference[] = ['userAgent', 'publicIp'];
/** What every GET without a path parameter shows. */
export const GET: readonly IntendedDifference[] = [...ALWAYS, 'getBody'];

/** `expectEquivalent` / `expectAllEquivalent` assert exactly the named rows differ (testkit's oracle). */
export const { expectEquivalent, expectAllEquivalent } = equivalence(INTENDED, ANGEL_WIRE);
