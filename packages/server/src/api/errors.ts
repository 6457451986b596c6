import {
  type ErrorCode,
  errorForCode,
  isOpenAlgoError,
  type OpenAlgoError,
  type OpenAlgoErrorOptions,
} from '@openalgo/core';

/**
 * The error envelope and the one mapping from failures to HTTP answers.
 *
 * Envelope: OpenAlgo's `{ status: "error", message }` plus a machine-readable `code` (core's error
 * codes, plus the few below that only the HTTP layer can produce), `field` (the request field at
 * fault, in the request's own snake_case name), `retry_after` (seconds, on 429) and
 * `client_order_id` (on 502 for order writes: the tag to look the order up by before retrying).
 *
 * Statuses follow OpenAlgo where it has one (400 bad input, 403 bad key, 404 unknown order/symbol,
 * 429, 501) and split its blanket 500 for broker trouble into 502 (the broker answered badly or the
 * outcome is unknown) and 503 (the broker could not be reached; retry later). TIMEOUT is 503 here,
 * not core's 504: for a read it is "try again"; an order write that timed out has already been
 * reconciled by core and surfaces as ORDER_STATE_UNKNOWN (502) if it could not be settled.
 * SESSION_EXPIRED and AUTH_FAILED are 401: the broker session needs a fresh login (OpenAlgo
 * answers 403 "Invalid openalgo apikey" once its stored token is revoked, which hides the cause).
 * Nothing maps to 500: an exception that is not an OpenAlgoError is the adapter's (or our) bug and
 * answers 502 BROKER_ERROR, logged with its stack.
 */

export type ApiErrorCode =
  | ErrorCode
  /** 403: the API key is not known (OpenAlgo's "Invalid openalgo apikey"). */
  | 'INVALID_API_KEY'
  /** 401: a GET endpoint was called without `apikey` (OpenAlgo's /instruments). */
  | 'API_KEY_MISSING'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED';

export const STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  INVALID_REQUEST: 400,
  INVALID_ORDER: 400,
  INSUFFICIENT_FUNDS: 400,
  SYMBOL_NOT_FOUND: 404,
  ORDER_NOT_FOUND: 404,
  NOT_SUPPORTED: 501,
  AUTH_FAILED: 401,
  SESSION_EXPIRED: 401,
  PERMISSION_DENIED: 403,
  RATE_LIMITED: 429,
  NETWORK: 503,
  TIMEOUT: 503,
  BROKER_UNAVAILABLE: 503,
  ORDER_STATE_UNKNOWN: 502,
  BROKER_ERROR: 502,
};

export const RATE_LIMIT_MESSAGE = 'Rate limit exceeded. Please slow down your requests.';
export const INVALID_KEY_MESSAGE = 'Invalid openalgo apikey';

export interface ErrorEnvelope {
  status: 'error';
  message: string;
  code: ApiErrorCode;
  field?: string;
  retry_after?: number;
  client_order_id?: string;
  [extra: string]: unknown;
}

/** An HTTP-layer failure that has no core error code of its own meaning (bad key, unknown route). */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly extra: Readonly<Record<string, unknown>> = {},
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type LogLevel = 'none' | 'info' | 'warn' | 'error';

export interface ErrorReply {
  statusCode: number;
  body: ErrorEnvelope;
  headers: Record<string, string>;
  /** How loudly the server should log this; client mistakes are not worth a warning. */
  logLevel: LogLevel;
}

/** Core's camelCase field names → the request's snake_case names (core re-checks some rules). */
const SNAKE_FIELDS: Readonly<Record<string, string>> = {
  triggerPrice: 'trigger_price',
  disclosedQuantity: 'disclosed_quantity',
  priceType: 'pricetype',
  positionSize: 'position_size',
  splitSize: 'splitsize',
  orderId: 'orderid',
  clientOrderId: 'client_order_id',
  start: 'start_date',
  end: 'end_date',
};
const CAMEL_IN_TEXT =
  /\b(triggerPrice|disclosedQuantity|priceType|positionSize|splitSize|orderId|clientOrderId)\b/g;

export function apiFieldName(field: string): string {
  return field
    .split('.')
    .map((part) => SNAKE_FIELDS[part] ?? part)
    .join('.');
}

/** The same error with some options replaced (errors are immutable; the original becomes the cause). */
export function reviseError(error: OpenAlgoError, overrides: OpenAlgoErrorOptions): OpenAlgoError {
  const { name: _name, code, message, ...options } = error.toJSON();
  return errorForCode(code, message, { ...options, ...overrides, cause: error });
}

/** Rewrites core's camelCase field names inside a message into the request's snake_case ones. */
export function apiMessage(text: string): string {
  return text.replace(CAMEL_IN_TEXT, (name) => SNAKE_FIELDS[name] ?? name);
}

function retryAfterSeconds(ms: number | undefined): number {
  return ms === undefined || !Number.isFinite(ms) ? 1 : Math.max(1, Math.ceil(ms / 1000));
}

function fromOpenAlgoError(error: OpenAlgoError): ErrorReply {
  const statusCode = STATUS_BY_CODE[error.code] ?? 502;
  let message = apiMessage(error.message);
  const body: ErrorEnvelope = { status: 'error', message, code: error.code };
  const headers: Record<string, string> = {};
  if (error.field) {
    const field = apiFieldName(error.field);
    body.field = field;
    // A 400 must say which field; some broker messages do not.
    if (statusCode < 500 && !message.includes(field)) message = `${field}: ${message}`;
    body.message = message;
  }
  if (error.code === 'RATE_LIMITED') {
    body.retry_after = retryAfterSeconds(error.retryAfterMs);
    headers['retry-after'] = String(body.retry_after);
  }
  if (error.clientOrderId) body.client_order_id = error.clientOrderId;
  const logLevel: LogLevel = statusCode >= 500 ? 'warn' : 'info';
  return { statusCode, body, headers, logLevel };
}

interface HttpishError {
  statusCode?: unknown;
  code?: unknown;
}

/** Describes a body the framework could not read, without echoing any of it (it may hold the key). */
function describeUnreadableBody(error: Error & HttpishError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'body: is larger than the server accepts';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'body: is empty; send a JSON object';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'body: has an unsupported or malformed Content-Type; send application/json';
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'body: its length does not match the Content-Length header';
    default:
      break;
  }
  return `body: could not be read${typeof error.code === 'string' ? ` (${error.code})` : ''}`;
}

/** The class name of a thrown value, for a message; anything odd-looking is not echoed. */
export function errorKind(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  return /^[A-Za-z][A-Za-z0-9_]{0,40}$/.test(error.name) ? error.name : 'Error';
}

/**
 * Maps anything a request can throw to a well-formed answer. Never returns a 500: framework errors
 * about the request keep their 4xx status; anything unexpected is a 502 BROKER_ERROR whose message
 * says to look in the server log (the original message may carry broker internals).
 */
export function errorReply(error: unknown): ErrorReply {
  if (error instanceof ApiError) {
    return {
      statusCode: error.statusCode,
      body: { status: 'error', message: error.message, code: error.code, ...error.extra },
      headers: { ...error.headers },
      logLevel: 'none',
    };
  }
  if (isOpenAlgoError(error)) return fromOpenAlgoError(error);
  if (error instanceof Error) {
    const status = (error as HttpishError).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const message = describeUnreadableBody(error);
      return {
        statusCode: status,
        body: { status: 'error', message, code: 'INVALID_REQUEST', field: 'body' },
        headers: {},
        logLevel: 'info',
      };
    }
  }
  return {
    statusCode: 502,
    body: {
      status: 'error',
      message: `The broker adapter failed unexpectedly (${errorKind(error)}); the server log has the details`,
      code: 'BROKER_ERROR',
    },
    headers: {},
    logLevel: 'error',
  };
}
