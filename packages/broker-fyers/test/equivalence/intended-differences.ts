import { expect } from 'vitest';
import { type Difference, differences, type WireRequest } from './wire.js';

interface Intended {
  at: string;
  /** What the SDK sends there (a pattern when it echoes a per-call value); `undefined` = absent. */
  sdk: string | RegExp | undefined;
  ours: string | RegExp | undefined;
  why: string;
}

/**
 * Every way our requests may differ from what fyers-api-v3 1.9.0 sends for the same call: the one
 * table. Each case names the rows it expects and `expectEquivalent` asserts exactly those differences
 * exist, so any other difference (a renamed field, a number sent as a string, a lost header) fails
 * the case that shows it.
 *
 * Not compared with an SDK request, because one side never makes it:
 * - `exit_position` (`DELETE /positions`): the adapter has no exit primitive; core's `closeAllPositions`
 *   reads positions and places MARKET orders, compared with the SDK's `get_positions` + `place_order`.
 * - refresh (`validate-refresh-token`) and margin (`multiorder/margin`): the JS SDK has no such call;
 *   our bodies are held to the Go SDK's / OpenAlgo's (brokers.md §3.2, §3.4) in session and portfolio.
 * - GTT, multi-order, multileg, convert, option chain, alerts, smart orders, reports: the adapter never
 *   sends them (test/sdk/not-served.ts lists them for the simulator).
 * - `generateAuthCode` is a URL, not a request: compared decoded (we encode `redirect_uri`, the SDK does not).
 */
export const INTENDED = {
  userAgent: {
    at: 'header.user-agent',
    sdk: /^axios\/\d+\.\d+\.\d+$/,
    ours: undefined,
    why: 'Fyers does not read a User-Agent; the SDK sends axios’ own, we do not pose as the SDK and our HTTP client sends none',
  },
  version: {
    at: 'header.version',
    sdk: '2.0',
    ours: undefined,
    why: 'the JS SDK sends its constructor option `Version` (default "2.0"), the Python SDK sends 3, Postman 3, OpenAlgo none; Fyers answers the same v3 shapes without it (brokers.md §3.2), which are what the adapter maps',
  },
  bodilessFormType: {
    at: 'header.content-type',
    sdk: 'application/x-www-form-urlencoded',
    ours: undefined,
    why: 'axios labels a POST without data as a form (logout_user posts no body); a request without a body has nothing to label',
  },
} as const satisfies Record<string, Intended>;

export type IntendedDifference = keyof typeof INTENDED;

/** The differences every authenticated call shows. */
export const ALWAYS: readonly IntendedDifference[] = ['userAgent', 'version'];

function matcher(value: string | RegExp | undefined): unknown {
  return value instanceof RegExp ? expect.stringMatching(value) : value;
}

/** Asserts `ours` differs from `sdk` in exactly the named rows of the table. */
export function expectEquivalent(
  sdk: WireRequest | undefined,
  ours: WireRequest | undefined,
  intended: readonly IntendedDifference[],
): void {
  if (!sdk || !ours) throw new Error(`a side sent no request (sdk: ${Boolean(sdk)}, ours: ${Boolean(ours)})`);
  const expected = [...new Set(intended)]
    .map((id) => INTENDED[id])
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
    .map((row) => ({ at: row.at, sdk: matcher(row.sdk), ours: matcher(row.ours) }));
  const found: Difference[] = differences(sdk, ours);
  expect(found).toEqual(expected);
}

/** Pairs the two sides' requests in order (a chunked call sends several) and compares each pair. */
export function expectAllEquivalent(
  sdk: readonly WireRequest[],
  ours: readonly WireRequest[],
  intended: readonly IntendedDifference[],
): void {
  expect(ours).toHaveLength(sdk.length);
  for (const [i, request] of sdk.entries()) expectEquivalent(request, ours[i], intended);
}
