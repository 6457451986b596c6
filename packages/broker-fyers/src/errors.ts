import { createErrorMapper, type ErrorTable, type MappedCode } from '@openalgo/core';

export const BROKER_ID = 'fyers';

/** Order outcome unknown: core reconciles by tag and must never re-send. */
const AMBIGUOUS_ORDER: MappedCode = {
  code: 'ORDER_STATE_UNKNOWN',
  mayHaveReachedBroker: true,
  retryable: false,
};

/** Fyers' limit refusal: the call may be tried again once the window has room. */
const RATE_LIMITED: MappedCode = { code: 'RATE_LIMITED', retryable: true };

/**
 * Fyers' error model (brokers.md §3.6): a negative `code` in the `{s:"error", code, message}` body, plus
 * an HTTP status that the SDKs hide but OpenAlgo sees (401 on a dead token, 429 on a rate limit).
 * Core applies the stages in order: exact → message fragments → `code` → HTTP status → 5xx → BROKER_ERROR.
 * Codes are matched as the decimal text of the body's number (`"-16"`).
 */
export const FYERS_ERRORS: ErrorTable = {
  broker: BROKER_ID,
  exact: {
    statuses: { 401: 'SESSION_EXPIRED', 429: RATE_LIMITED },
    codes: {
      // "Could not authenticate the user" on /api/v3 and /data/history; "Please provide valid token" on
      // the other /data routes.
      '-16': 'SESSION_EXPIRED',
      '-15': 'SESSION_EXPIRED',
      // Token expired / invalid [unverified: in no official source]; the safe reading is an expired session.
      '-8': 'SESSION_EXPIRED',
      '-17': 'SESSION_EXPIRED',
      // API limit exceeded per second/minute/day (official error CSV); −429 [unverified].
      '-353': RATE_LIMITED,
      '-429': RATE_LIMITED,
    },
  },
  messages: [
    // As for Kite: an order request that timed out inside the broker may still have been placed.
    ['request timed out', AMBIGUOUS_ORDER],
    ['insufficient fund', 'INSUFFICIENT_FUNDS'],
    ['insufficient margin', 'INSUFFICIENT_FUNDS'],
    ['margin shortfall', 'INSUFFICIENT_FUNDS'],
  ],
  codes: {
    '-50': 'INVALID_REQUEST',
    // Order rejected / something went wrong (docs).
    '-99': 'INVALID_ORDER',
    '-96': 'BROKER_ERROR',
    '-101': 'INVALID_ORDER',
    '-157': 'AUTH_FAILED',
    '-159': 'ORDER_NOT_FOUND',
    '-161': 'INVALID_ORDER',
    '-162': 'INVALID_ORDER',
    '-163': 'INVALID_ORDER',
    '-164': 'INVALID_ORDER',
    // "Connection error, retry": the API could not reach its OMS; ambiguous for a write (core), retried for a read.
    '-201': 'BROKER_UNAVAILABLE',
    '-202': 'BROKER_UNAVAILABLE',
    '-204': 'BROKER_UNAVAILABLE',
    '-205': 'BROKER_UNAVAILABLE',
    '-209': 'ORDER_NOT_FOUND',
    // Invalid symbol [unverified as a server code].
    '-300': 'SYMBOL_NOT_FOUND',
    '-305': 'INVALID_ORDER',
    '-308': 'INVALID_ORDER',
    '-309': 'INVALID_ORDER',
    '-310': 'INVALID_ORDER',
    '-311': 'INVALID_ORDER',
    '-313': 'INVALID_ORDER',
    '-314': 'INVALID_ORDER',
    '-315': 'INVALID_ORDER',
    '-316': 'INVALID_ORDER',
    '-323': 'INVALID_ORDER',
    '-325': 'INVALID_ORDER',
    '-326': 'INVALID_ORDER',
    '-327': 'INVALID_ORDER',
    '-328': 'INVALID_ORDER',
    '-352': 'AUTH_FAILED',
    '-371': 'AUTH_FAILED',
    '-373': 'PERMISSION_DENIED',
    '-374': 'AUTH_FAILED',
    '-372': 'INVALID_ORDER',
    '-390': 'INVALID_ORDER',
    '-392': 'INVALID_ORDER',
    '-397': 'INVALID_ORDER',
    '-398': 'INVALID_ORDER',
    '-399': 'INVALID_ORDER',
    // Token exchange: a used or wrong auth code; refresh: a dead refresh token (or wrong PIN).
    '-437': 'AUTH_FAILED',
    '-501': 'AUTH_FAILED',
  },
  statuses: {
    400: 'INVALID_REQUEST',
    403: 'PERMISSION_DENIED',
    404: 'BROKER_ERROR',
    502: 'BROKER_UNAVAILABLE',
    503: 'BROKER_UNAVAILABLE',
    504: 'TIMEOUT',
  },
};

/**
 * At login (token exchange, refresh) there is no session to expire: a token error or a 401 means the
 * auth code, refresh token, PIN or app credentials were refused, which is a failed login.
 */
export const FYERS_LOGIN_ERRORS: ErrorTable = {
  ...FYERS_ERRORS,
  exact: {
    statuses: { 401: 'AUTH_FAILED', 429: RATE_LIMITED },
    codes: {
      '-16': 'AUTH_FAILED',
      '-15': 'AUTH_FAILED',
      '-8': 'AUTH_FAILED',
      '-17': 'AUTH_FAILED',
      '-353': RATE_LIMITED,
      '-429': RATE_LIMITED,
    },
  },
};

/** Fyers failure → OpenAlgoError (code, retryable, raw status/code/message, Retry-After). */
export const mapFyersError = createErrorMapper(FYERS_ERRORS);

export const mapFyersLoginError = createErrorMapper(FYERS_LOGIN_ERRORS);
