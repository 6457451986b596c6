import {
  ERROR_CODES,
  type ErrorCode,
  httpStatusFor,
  isOpenAlgoError,
  type OpenAlgoError,
} from '@openalgo/core';
import { z } from 'zod';
import { wireMessage, wirePath } from './wire/names.js';

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

/**
 * Codes only the HTTP layer produces: INVALID_API_KEY (403, OpenAlgo's "Invalid openalgo apikey"),
 * API_KEY_MISSING (401, a GET without `apikey`, as OpenAlgo's /instruments), unknown path, wrong method,
 * IDEMPOTENCY_CONFLICT (409, an idempotency key reused for a different request; see idempotency.ts).
 */
const HTTP_CODES = [
  'INVALID_API_KEY',
  'API_KEY_MISSING',
  'NOT_FOUND',
  'METHOD_NOT_ALLOWED',
  'IDEMPOTENCY_CONFLICT',
] as const;
export type ApiErrorCode = ErrorCode | (typeof HTTP_CODES)[number];

/**
 * The server's one departure from core's error→status table (`httpStatusFor`): TIMEOUT is 503, not
 * 504 — see the envelope notes above.
 */
export const API_STATUS_OVERRIDES: Readonly<Partial<Record<ErrorCode, number>>> = { TIMEOUT: 503 };

export function apiStatus(code: ErrorCode): number {
  return httpStatusFor(code, API_STATUS_OVERRIDES);
}

const RATE_LIMIT_MESSAGE = 'Rate limit exceeded. Please slow down your requests.';
export const INVALID_KEY_MESSAGE = 'Invalid openalgo apikey';

/** The body of every failure, as the OpenAPI document publishes it (extra keys allowed). */
export const ErrorEnvelopeSchema = z.looseObject({
  status: z.literal('error'),
  message: z.string().meta({ description: 'What went wrong; a 400 names the field' }),
  code: z.enum([...ERROR_CODES, ...HTTP_CODES]).meta({
    description: `Machine-readable: core error codes plus ${HTTP_CODES.join(', ')}`,
  }),
  field: z.string().optional().meta({ description: 'The request field at fault (snake_case)' }),
  retry_after: z.int().optional().meta({ description: 'Seconds to wait (429)' }),
  client_order_id: z
    .string()
    .optional()
    .meta({
      description:
        'On 502 for order writes: the id to look the order up by (`/orderstatus` with `client_order_id`) before ' +
        'retrying — your own client_order_id or Idempotency-Key when you sent one',
    }),
});
export type ErrorEnvelope = z.output<typeof ErrorEnvelopeSchema>;

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

function retryAfterSeconds(ms: number | undefined): number {
  return ms === undefined || !Number.isFinite(ms) ? 1 : Math.max(1, Math.ceil(ms / 1000));
}

/** A key over its budget: an HTTP-layer answer, not logged, so a flood of requests is not a flood of logs. */
export function rateLimited(waitMs: number): ApiError {
  const seconds = retryAfterSeconds(waitMs);
  const headers = { 'retry-after': String(seconds) };
  return new ApiError(429, 'RATE_LIMITED', RATE_LIMIT_MESSAGE, { retry_after: seconds }, headers);
}

function fromOpenAlgoError(error: OpenAlgoError): ErrorReply {
  const statusCode = apiStatus(error.code);
  let message = wireMessage(error.message);
  const body: ErrorEnvelope = { status: 'error', message, code: error.code };
  const headers: Record<string, string> = {};
  if (error.field) {
    const field = wirePath(error.field);
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
  // A client's mistake gets the server's one request line (request-logging.ts), not one of its own.
  const logLevel: LogLevel = statusCode >= 500 ? 'warn' : 'none';
  return { statusCode, body, headers, logLevel };
}

interface HttpishError {
  statusCode?: unknown;
  code?: unknown;
}

const UNREADABLE_BODY: Readonly<Record<string, string>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'is larger than the server accepts',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'is empty; send a JSON object',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'has an unsupported or malformed Content-Type; send application/json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'its length does not match the Content-Length header',
};

/** Describes a body the framework could not read, without echoing any of it (it may hold the key). */
function describeUnreadableBody(error: Error & HttpishError): string {
  const code = typeof error.code === 'string' ? error.code : undefined;
  return `body: ${(code && UNREADABLE_BODY[code]) ?? `could not be read${code ? ` (${code})` : ''}`}`;
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
        logLevel: 'none',
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
