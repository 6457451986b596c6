import {
  equivalence,
  type IntendedDifference as IntendedRow,
  type WireRules,
} from '@openalgo/testkit/oracle';

/**
 * What Kite reads, so what the comparison looks at: the headers it reads (auth, API version, how the
 * body is encoded) and the one that names the client. Kite answers a quote as a map keyed by
 * instrument, so the order of repeated `i` keys (and of repeated form fields) does not matter.
 */
export const KITE_WIRE: WireRules = {
  headers: ['authorization', 'x-kite-version', 'content-type', 'user-agent'],
  repeatedQueryValues: 'any-order',
};

/**
 * Every way our requests may differ from what kiteconnect 5.3.0 sends for the same call: the one
 * table. Each case names the rows it expects and `expectEquivalent` asserts exactly those differences
 * exist, so any other difference (a renamed field, a number spelled differently, a lost header)
 * fails the case that shows it.
 *
 * Not compared, because the adapter never makes the call: `exitOrder` (the SDK's cancel for CO/BO
 * varieties; OpenAlgo places `regular` only), `getOHLC` and `getLTP` (OpenAlgo quotes and depth both
 * come from the full `GET /quote`), and every variety but `regular`.
 */
export const INTENDED = {
  userAgent: {
    at: 'header.user-agent',
    sdk: 'kiteconnectjs/5.3.0',
    ours: undefined,
    why: 'Kite does not require a User-Agent; we do not pose as the official SDK, and our HTTP client sends none of its own',
  },
  bodylessContentType: {
    at: 'header.content-type',
    sdk: 'application/x-www-form-urlencoded',
    ours: undefined,
    why: 'the SDK labels every GET and DELETE as a form although it sends no body; a request without a body has nothing to label',
  },
  variety: {
    at: 'form.variety',
    sdk: 'regular',
    ours: undefined,
    why: 'the SDK copies the variety from the URL (/orders/{variety}) into the form as well; Kite reads it from the path',
  },
  modifyOrderId: {
    at: 'form.order_id',
    sdk: /^\d+$/,
    ours: undefined,
    why: 'the SDK copies the order id from the URL (/orders/{variety}/{order_id}) into the form; Kite reads it from the path',
  },
  cancelVariety: {
    at: 'query.variety',
    sdk: 'regular',
    ours: undefined,
    why: 'a DELETE sends its parameters as the query, so the SDK repeats the path variety there; Kite reads the path',
  },
  queryOrderId: {
    at: 'query.order_id',
    sdk: /^\d+$/,
    ours: undefined,
    why: 'the SDK repeats the order id of the path (cancel, order history) as a query parameter; Kite reads the path',
  },
  historyToken: {
    at: 'query.instrument_token',
    sdk: /^\d+$/,
    ours: undefined,
    why: 'the SDK repeats the path instrument token as a query parameter; Kite reads the path',
  },
  historyInterval: {
    at: 'query.interval',
    sdk: /^(minute|\d+minute|day)$/,
    ours: undefined,
    why: 'the SDK repeats the path interval as a query parameter; Kite reads the path',
  },
  historyContinuous: {
    at: 'query.continuous',
    sdk: '0',
    ours: undefined,
    why: "continuous=0 is Kite's default; OpenAlgo never asks for continuous futures data",
  },
  historyAlwaysOi: {
    at: 'query.oi',
    sdk: '0',
    ours: '1',
    why: 'OpenAlgo candles carry open interest, so we always ask for it (Kite answers 0 where there is none)',
  },
  marketProtection: {
    at: 'form.market_protection',
    sdk: undefined,
    ours: '-1',
    why: "since 2026-04-01 Kite rejects a MARKET or SL-M order without market protection; -1 is Kite's automatic protection, and the SDK's typed order params do not carry the field",
  },
  gttTriggerIdForm: {
    at: 'form.trigger_id',
    sdk: /^\d+$/,
    ours: undefined,
    why: 'the SDK copies the trigger id from the URL (/gtt/triggers/{trigger_id}) into the form; Kite reads it from the path',
  },
  gttTriggerIdQuery: {
    at: 'query.trigger_id',
    sdk: /^\d+$/,
    ours: undefined,
    why: 'a DELETE sends its parameters as the query, so the SDK repeats the path trigger id there; Kite reads the path',
  },
} as const satisfies Record<string, IntendedRow>;

export type IntendedDifference = keyof typeof INTENDED;

/** The two differences every request without a body (a GET, a DELETE) shows. */
export const BODYLESS: readonly IntendedDifference[] = ['userAgent', 'bodylessContentType'];

/** `expectEquivalent` / `expectAllEquivalent` assert exactly the named rows differ (testkit's oracle). */
export const { expectEquivalent, expectAllEquivalent } = equivalence(INTENDED, KITE_WIRE);
