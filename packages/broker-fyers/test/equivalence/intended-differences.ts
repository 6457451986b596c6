import {
  equivalence,
  type IntendedDifference as IntendedRow,
  type WireRules,
} from '@openalgo/testkit/oracle';

/**
 * What Fyers reads, so what the comparison looks at: the headers it reads (auth, the optional API
 * `version`, how the body is encoded) and the one that names the client. A repeated query key keeps
 * its values in order, and a comma-joined symbol list stays one string, so the symbols' order and
 * separator are compared too (the JS SDK percent-encodes `:` and `,`, §3.4; Fyers decodes first).
 * Fyers parses JSON whatever the Content-Type says (§3.2), as the comparison does.
 */
export const FYERS_WIRE: WireRules = { headers: ['authorization', 'version', 'content-type', 'user-agent'] };

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
} as const satisfies Record<string, IntendedRow>;

export type IntendedDifference = keyof typeof INTENDED;

/** The differences every authenticated call shows. */
export const ALWAYS: readonly IntendedDifference[] = ['userAgent', 'version'];

/** `expectEquivalent` / `expectAllEquivalent` assert exactly the named rows differ (testkit's oracle). */
export const { differences, expectEquivalent, expectAllEquivalent } = equivalence(INTENDED, FYERS_WIRE);
