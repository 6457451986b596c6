import {
  type BrokerFailure,
  type BrokerRaw,
  errorForCode,
  type MappedCode,
  type OpenAlgoError,
  type OpenAlgoErrorOptions,
} from '@openalgo/core';

export const BROKER_ID = 'zerodha';

/**
 * Kite's error model (reference/brokers.md §1.6): an `error_type` exception name plus an HTTP
 * status; there are no sub-codes, only the message text varies. The table is applied in this order:
 *
 * 1. HTTP 429 → RATE_LIMITED, whatever `error_type` the body carries (Kite's 429 type is undocumented
 *    and may be NetworkException, which would otherwise read as an outage).
 * 2. `TokenException` → SESSION_EXPIRED (the session is gone, whatever the message says).
 * 3. Message fragments that are more specific than their exception type (an "order request timed
 *    out" arrives as an ordinary 400, but the order may well exist).
 * 4. `error_type`.
 * 5. HTTP status; then 5xx → BROKER_UNAVAILABLE; then BROKER_ERROR.
 */

/** Order outcome unknown: core reconciles by tag and must never re-send. */
const AMBIGUOUS_ORDER: MappedCode = {
  code: 'ORDER_STATE_UNKNOWN',
  mayHaveReachedBroker: true,
  retryable: false,
};

export const KITE_PRIORITY_STATUSES: Readonly<Record<number, MappedCode>> = {
  429: 'RATE_LIMITED',
};

export const KITE_PRIORITY_TYPES: Readonly<Record<string, MappedCode>> = {
  TokenException: 'SESSION_EXPIRED',
};

export const KITE_MESSAGE_RULES: ReadonlyArray<readonly [fragment: string, target: MappedCode]> = [
  ['order request timed out', AMBIGUOUS_ORDER],
  ['insufficient funds', 'INSUFFICIENT_FUNDS'],
  ['margin exceeds', 'INSUFFICIENT_FUNDS'],
  ["couldn't find that order", 'ORDER_NOT_FOUND'],
  ['order not found', 'ORDER_NOT_FOUND'],
  ['invalid order id', 'ORDER_NOT_FOUND'],
  // A modification is still being processed: the same change may go through a moment later.
  ['being processed', { code: 'INVALID_ORDER', retryable: true }],
];

export const KITE_ERROR_TYPES: Readonly<Record<string, MappedCode>> = {
  TokenException: 'SESSION_EXPIRED',
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
};

export const KITE_STATUSES: Readonly<Record<number, MappedCode>> = {
  400: 'INVALID_REQUEST',
  403: 'PERMISSION_DENIED',
  429: 'RATE_LIMITED',
  502: 'BROKER_UNAVAILABLE',
  503: 'BROKER_UNAVAILABLE',
  504: 'TIMEOUT',
};

/** Which rule of the table decides a failure; exported so the order of precedence is testable. */
export function kiteErrorTarget(failure: BrokerFailure): MappedCode {
  if (failure.status !== undefined) {
    const priority = KITE_PRIORITY_STATUSES[failure.status];
    if (priority) return priority;
  }
  const type = failure.code;
  if (type !== undefined) {
    const priority = KITE_PRIORITY_TYPES[type];
    if (priority) return priority;
  }
  const message = failure.message?.toLowerCase();
  if (message) {
    for (const [fragment, target] of KITE_MESSAGE_RULES) if (message.includes(fragment)) return target;
  }
  if (type !== undefined) {
    const byType = KITE_ERROR_TYPES[type];
    if (byType) return byType;
  }
  if (failure.status !== undefined) {
    const byStatus = KITE_STATUSES[failure.status];
    if (byStatus) return byStatus;
    if (failure.status >= 500) return 'BROKER_UNAVAILABLE';
  }
  return 'BROKER_ERROR';
}

function describe(failure: BrokerFailure): string {
  const message = failure.message?.trim();
  if (message) return `${BROKER_ID}: ${message}`;
  if (failure.code) return `${BROKER_ID}: ${failure.code}`;
  if (failure.status !== undefined) return `${BROKER_ID}: HTTP ${failure.status}`;
  return `${BROKER_ID}: unknown error`;
}

/** Builds the error for a decided target, keeping what Kite said (status, error_type, message) as `raw`. */
function errorFor(target: MappedCode, failure: BrokerFailure): OpenAlgoError {
  const { code, ...overrides } = typeof target === 'string' ? { code: target } : target;
  const raw: BrokerRaw = {};
  if (failure.status !== undefined) raw.status = failure.status;
  if (failure.code !== undefined) raw.code = failure.code;
  if (failure.message !== undefined) raw.message = failure.message;
  const options: OpenAlgoErrorOptions = { broker: BROKER_ID, raw, ...overrides };
  if (failure.retryAfterMs !== undefined) options.retryAfterMs = failure.retryAfterMs;
  if (failure.clientOrderId !== undefined) options.clientOrderId = failure.clientOrderId;
  if (failure.cause !== undefined) options.cause = failure.cause;
  return errorForCode(code, describe(failure), options);
}

/** Kite failure → OpenAlgoError (code, retryable, raw status/type/message, Retry-After). */
export function mapKiteError(failure: BrokerFailure): OpenAlgoError {
  return errorFor(kiteErrorTarget(failure), failure);
}

/**
 * At login a TokenException means the one-time request token was used or expired, and an
 * InputException a wrong key/checksum: both are a failed login, not an expired session.
 */
export function mapKiteLoginError(failure: BrokerFailure): OpenAlgoError {
  const type = failure.code;
  if (type === 'TokenException' || type === 'InputException' || failure.status === 403) {
    return errorFor('AUTH_FAILED', failure);
  }
  return mapKiteError(failure);
}
