import { createErrorMapper, type ErrorTable, type MappedCode } from '@openalgo/core';

export const BROKER_ID = 'angel';

/**
 * A generic failure that says nothing about whether an order went through: on a read it is an
 * ordinary broker error, on place/modify/cancel core reconciles by tag and never re-sends.
 */
const UNCLEAR: MappedCode = { code: 'BROKER_ERROR', mayHaveReachedBroker: true };

/**
 * Angel's error model (brokers.md §2.3, §2.6): an `errorcode`/`errorCode` (ABxxxx, AGxxxx) in an HTTP 200
 * body, or an HTTP status with a plain-text body. Core applies the stages in order: exact → message
 * fragments → code → HTTP status → 5xx → BROKER_ERROR.
 *
 * The rate limit is an HTTP 403 (sometimes 429) whose plain-text body reads "Access denied because of
 * exceeding access rate" (the docs: "…exceeding rate limit"). It is matched on those phrases, which no
 * business message uses, and so becomes RATE_LIMITED — never AUTH_FAILED, the mistake OpenAlgo made. A 403
 * without them is PERMISSION_DENIED (e.g. a static-IP mismatch).
 */
export const ANGEL_ERRORS: ErrorTable = {
  broker: BROKER_ID,
  exact: {
    statuses: { 429: 'RATE_LIMITED' },
    // The session is gone whatever the message says: re-login (or generateTokens).
    codes: {
      AG8001: 'SESSION_EXPIRED',
      AG8002: 'SESSION_EXPIRED',
      AG8003: 'SESSION_EXPIRED',
      AB1010: 'SESSION_EXPIRED',
      AB1011: 'SESSION_EXPIRED',
      AB8050: 'SESSION_EXPIRED',
      AB8051: 'SESSION_EXPIRED',
    },
  },
  messages: [
    ['exceeding access rate', 'RATE_LIMITED'],
    ['access rate', 'RATE_LIMITED'],
    ['rate limit', 'RATE_LIMITED'],
    ['too many requests', 'RATE_LIMITED'],
    ['insufficient fund', 'INSUFFICIENT_FUNDS'],
    ['insufficient margin', 'INSUFFICIENT_FUNDS'],
  ],
  codes: {
    AB1000: 'AUTH_FAILED',
    AB1001: 'AUTH_FAILED',
    AB1002: 'AUTH_FAILED',
    AB1031: 'AUTH_FAILED',
    AB1032: 'AUTH_FAILED',
    AB1050: 'AUTH_FAILED',
    AB1003: 'INVALID_REQUEST',
    // "Something Went Wrong, Please Try After Sometime": transient, and on a write it may have acted.
    AB1004: 'BROKER_UNAVAILABLE',
    AB1005: 'INVALID_REQUEST',
    AB1006: 'PERMISSION_DENIED',
    // "AMX Error": also returned for invalid parameters; whether an order went through is unknown.
    AB1007: UNCLEAR,
    AB1008: 'INVALID_ORDER',
    AB1009: 'SYMBOL_NOT_FOUND',
    AB1012: 'INVALID_ORDER',
    AB1013: 'ORDER_NOT_FOUND',
    AB1017: 'INVALID_REQUEST',
    AB1018: 'SYMBOL_NOT_FOUND',
    AB2000: UNCLEAR,
    AB2001: 'BROKER_UNAVAILABLE',
    AB2002: 'INVALID_ORDER',
    AB4006: 'SYMBOL_NOT_FOUND',
    AB4008: 'INVALID_REQUEST',
    AB4013: 'PERMISSION_DENIED',
    AB4018: 'SYMBOL_NOT_FOUND',
    AB4036: 'INVALID_ORDER',
  },
  statuses: {
    400: 'INVALID_REQUEST',
    401: 'SESSION_EXPIRED',
    403: 'PERMISSION_DENIED',
    502: 'BROKER_UNAVAILABLE',
    503: 'BROKER_UNAVAILABLE',
    504: 'TIMEOUT',
  },
};

/**
 * At login every credential problem is a failed login, not an expired session: a wrong PIN or TOTP
 * (AB1050, or AB1007 "AMX error", which Angel also sends for a wrong login), a refused refresh token, a 401.
 * The rate-limit phrases still win over the 403 (messages come before statuses).
 */
export const ANGEL_LOGIN_ERRORS: ErrorTable = {
  ...ANGEL_ERRORS,
  exact: { statuses: { 429: 'RATE_LIMITED' } },
  codes: {
    ...ANGEL_ERRORS.codes,
    AB1007: 'AUTH_FAILED',
    AG8001: 'AUTH_FAILED',
    AG8002: 'AUTH_FAILED',
    AG8003: 'AUTH_FAILED',
    AB1010: 'AUTH_FAILED',
    AB1011: 'AUTH_FAILED',
    AB8050: 'AUTH_FAILED',
    AB8051: 'AUTH_FAILED',
  },
  statuses: { ...ANGEL_ERRORS.statuses, 401: 'AUTH_FAILED' },
};

/** Angel failure → OpenAlgoError (code, retryable, raw status/code/message). */
export const mapAngelError = createErrorMapper(ANGEL_ERRORS);

export const mapAngelLoginError = createErrorMapper(ANGEL_LOGIN_ERRORS);

/** Codes Angel uses for "nothing to list" on a book (§2.10); the operations read them as an empty list. */
export const EMPTY_BOOK_CODES: ReadonlySet<string> = new Set(['AB1013', 'AB1014', 'AB1015', 'AB1016']);
