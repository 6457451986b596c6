/**
 * Stable, machine-readable error codes (docs/architecture.md §4). Strings, not numbers, so a log line or an API
 * response is readable without a lookup table, and adding a code never renumbers the others.
 */
export const ERROR_CODES = [
  'INVALID_REQUEST',
  'SYMBOL_NOT_FOUND',
  'INVALID_ORDER',
  'INSUFFICIENT_FUNDS',
  'ORDER_NOT_FOUND',
  'NOT_SUPPORTED',
  'AUTH_FAILED',
  'SESSION_EXPIRED',
  'PERMISSION_DENIED',
  'RATE_LIMITED',
  'NETWORK',
  'TIMEOUT',
  'BROKER_UNAVAILABLE',
  'ORDER_STATE_UNKNOWN',
  'BROKER_ERROR',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

interface CodeTraits {
  /** May the same call be tried again later and plausibly succeed? */
  retryable: boolean;
  /** HTTP status a server answering for this error should use. */
  httpStatus: number;
}

/**
 * `retryable` is about the *call*, not the order: ORDER_STATE_UNKNOWN is not retryable because
 * retrying a place could create a second order — the caller must look the order up instead.
 */
export const CODE_TRAITS: Readonly<Record<ErrorCode, CodeTraits>> = {
  INVALID_REQUEST: { retryable: false, httpStatus: 400 },
  SYMBOL_NOT_FOUND: { retryable: false, httpStatus: 404 },
  INVALID_ORDER: { retryable: false, httpStatus: 400 },
  INSUFFICIENT_FUNDS: { retryable: false, httpStatus: 400 },
  ORDER_NOT_FOUND: { retryable: false, httpStatus: 404 },
  NOT_SUPPORTED: { retryable: false, httpStatus: 501 },
  AUTH_FAILED: { retryable: false, httpStatus: 401 },
  SESSION_EXPIRED: { retryable: false, httpStatus: 401 },
  PERMISSION_DENIED: { retryable: false, httpStatus: 403 },
  RATE_LIMITED: { retryable: true, httpStatus: 429 },
  NETWORK: { retryable: true, httpStatus: 503 },
  TIMEOUT: { retryable: true, httpStatus: 504 },
  BROKER_UNAVAILABLE: { retryable: true, httpStatus: 503 },
  ORDER_STATE_UNKNOWN: { retryable: false, httpStatus: 502 },
  BROKER_ERROR: { retryable: false, httpStatus: 502 },
};

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/**
 * The HTTP status for an error code: the one table (`CODE_TRAITS`), with a caller's documented
 * overrides applied on top (the server answers TIMEOUT with 503 "try again", for example).
 */
export function httpStatusFor(
  code: ErrorCode,
  overrides?: Readonly<Partial<Record<ErrorCode, number>>>,
): number {
  return overrides?.[code] ?? CODE_TRAITS[code].httpStatus;
}
