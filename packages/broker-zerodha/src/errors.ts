import { createErrorMapper, type ErrorTable, type MappedCode } from '@openalgo/core';

export const BROKER_ID = 'zerodha';

/** Order outcome unknown: core reconciles by tag and must never re-send. */
const AMBIGUOUS_ORDER: MappedCode = {
  code: 'ORDER_STATE_UNKNOWN',
  mayHaveReachedBroker: true,
  retryable: false,
};

/**
 * Kite's error model: an `error_type` exception name plus an HTTP status;
 * there are no sub-codes, only the message text varies. Core applies the stages in order: exact →
 * message fragments → `error_type` → HTTP status → 5xx → BROKER_ERROR.
 */
export const KITE_ERRORS: ErrorTable = {
  broker: BROKER_ID,
  exact: {
    // Kite's 429 type is undocumented and may be NetworkException, which would otherwise read as an outage.
    statuses: { 429: 'RATE_LIMITED' },
    // The session is gone, whatever the message says.
    codes: { TokenException: 'SESSION_EXPIRED' },
  },
  // More specific than their exception type: an "order request timed out" arrives as an ordinary 400,
  // but the order may well exist.
  messages: [
    ['order request timed out', AMBIGUOUS_ORDER],
    ['insufficient funds', 'INSUFFICIENT_FUNDS'],
    ['margin exceeds', 'INSUFFICIENT_FUNDS'],
    ["couldn't find that order", 'ORDER_NOT_FOUND'],
    ['order not found', 'ORDER_NOT_FOUND'],
    ['invalid order id', 'ORDER_NOT_FOUND'],
    // A modification is still being processed: the same change may go through a moment later.
    ['being processed', { code: 'INVALID_ORDER', retryable: true }],
    // Kite's order rules arrive as InputExceptions, but the request was well formed: the order's terms
    // break a rule of the instrument or the exchange, which is INVALID_ORDER in OpenAlgo's terms.
    ['market protection', 'INVALID_ORDER'],
    ['market_protection', 'INVALID_ORDER'],
    ['multiple of tick size', 'INVALID_ORDER'],
    ['multiple of lot size', 'INVALID_ORDER'],
    ['circuit limit', 'INVALID_ORDER'],
    ['circuit price', 'INVALID_ORDER'],
    ['trigger price for stoploss', 'INVALID_ORDER'],
    ['allowed by the exchanges', 'INVALID_ORDER'],
    ['maximum quantity per order', 'INVALID_ORDER'],
  ],
  codes: {
    PermissionException: 'PERMISSION_DENIED',
    UserException: 'PERMISSION_DENIED',
    InputException: 'INVALID_REQUEST',
    OrderException: 'INVALID_ORDER',
    MarginException: 'INSUFFICIENT_FUNDS',
    HoldingException: 'INVALID_ORDER',
    // Kite: "API↔OMS failure … check the order book before retrying" — core treats it as ambiguous.
    NetworkException: 'BROKER_UNAVAILABLE',
    DataException: 'BROKER_UNAVAILABLE',
    GeneralException: 'BROKER_ERROR',
  },
  statuses: {
    400: 'INVALID_REQUEST',
    403: 'PERMISSION_DENIED',
    502: 'BROKER_UNAVAILABLE',
    503: 'BROKER_UNAVAILABLE',
    504: 'TIMEOUT',
  },
};

/**
 * At login a TokenException means the one-time request token was used or expired, and an
 * InputException (or a bare 403) a wrong key or checksum: all are a failed login, not an expired
 * session.
 */
export const KITE_LOGIN_ERRORS: ErrorTable = {
  ...KITE_ERRORS,
  exact: {
    statuses: { ...KITE_ERRORS.exact?.statuses, 403: 'AUTH_FAILED' },
    codes: { TokenException: 'AUTH_FAILED', InputException: 'AUTH_FAILED' },
  },
};

/** Kite failure → OpenAlgoError (code, retryable, raw status/type/message, Retry-After). */
export const mapKiteError = createErrorMapper(KITE_ERRORS);

export const mapKiteLoginError = createErrorMapper(KITE_LOGIN_ERRORS);
