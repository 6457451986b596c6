import type { ErrorCode } from '../errors/codes.js';
import {
  errorForCode,
  isOpenAlgoError,
  type OpenAlgoError,
  type OpenAlgoErrorOptions,
} from '../errors/openalgo-error.js';

/**
 * Turning a failed exchange into an honest error. The question that matters for a write is "could
 * the broker have received it?" — `false` only when the failure certainly happened before a single
 * byte was written; anything else is `true`, because a wrong `false` can double an order while a
 * wrong `true` only costs an order-book lookup.
 */

/** Socket/DNS/TLS failures raised while connecting, i.e. before the request was written. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NONAME',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  // Dispatching on a client that was already closed.
  'UND_ERR_CLOSED',
]);

/** Certificate problems surface during the TLS handshake, before any HTTP byte. */
const TLS_HANDSHAKE_CODE = /^(ERR_TLS_CERT|CERT_|UNABLE_TO_(GET|VERIFY)|DEPTH_ZERO|SELF_SIGNED)/;

/** undici rejected the request itself (bad header value and the like): nothing was sent. */
const INVALID_REQUEST_CODES = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_NOT_SUPPORTED']);

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

export interface TransportFailureContext {
  broker: string;
  method: string;
  /** Log-safe path (query secrets already redacted). */
  path: string;
  kind: 'read' | 'write';
  timeoutMs: number;
  /** Our deadline signal fired. */
  timedOut: boolean;
  /** The caller's own signal fired. */
  callerAborted: boolean;
  /** 'request': before response headers arrived; 'body': while reading the response body. */
  phase: 'request' | 'body';
}

function errorCodeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // Happy-eyeballs connects report an AggregateError of per-address failures.
  if (err instanceof AggregateError) {
    const codes = new Set(err.errors.map(errorCodeOf));
    if (codes.size === 1) return [...codes][0];
  }
  return undefined;
}

function describeCause(err: unknown): string {
  const code = errorCodeOf(err);
  if (code) return code;
  if (err instanceof Error) return err.name;
  return typeof err;
}

/** Classifies an exception from undici (connect, send, or body read) into an OpenAlgoError. */
export function classifyTransportError(err: unknown, ctx: TransportFailureContext): OpenAlgoError {
  if (isOpenAlgoError(err)) return err;
  const cause = describeCause(err);
  const where = `${ctx.broker}: ${ctx.method} ${ctx.path}`;
  const code = errorCodeOf(err);
  const make = (
    errCode: ErrorCode,
    message: string,
    reached: boolean,
    extra: Partial<OpenAlgoErrorOptions> = {},
  ): OpenAlgoError =>
    errorForCode(errCode, message, {
      broker: ctx.broker,
      mayHaveReachedBroker: reached,
      // A write that may have landed must be reconciled, never blindly re-sent.
      ...(reached && ctx.kind === 'write' ? { retryable: false } : {}),
      details: { cause, phase: ctx.phase },
      cause: err,
      ...extra,
    });

  if (ctx.phase === 'request' && code !== undefined) {
    if (NOT_SENT_CODES.has(code) || TLS_HANDSHAKE_CODE.test(code)) {
      return make('NETWORK', `${where} could not connect (${code})`, false);
    }
    if (INVALID_REQUEST_CODES.has(code)) {
      return make('INVALID_REQUEST', `${where} was rejected before sending (${code})`, false, {
        retryable: false,
      });
    }
  }
  if (ctx.timedOut || (code !== undefined && TIMEOUT_CODES.has(code))) {
    return make('TIMEOUT', `${where} timed out after ${ctx.timeoutMs} ms`, true);
  }
  if (ctx.callerAborted) {
    return make('NETWORK', `${where} was aborted by the caller while in flight`, true, { retryable: false });
  }
  const during = ctx.phase === 'body' ? 'while reading the response' : 'before a response arrived';
  return make('NETWORK', `${where} failed ${during} (${cause})`, true);
}

/** The caller's signal was already aborted, or fired while waiting for a rate-limit token. */
export function abortedBeforeSend(
  broker: string,
  method: string,
  path: string,
  reason: unknown,
): OpenAlgoError {
  return errorForCode('NETWORK', `${broker}: ${method} ${path} was aborted before it was sent`, {
    broker,
    retryable: false,
    mayHaveReachedBroker: false,
    details: { cause: describeCause(reason), phase: 'before-send' },
  });
}

/**
 * True when a failed write may have reached the broker, so its outcome is unknown and the order book
 * must be consulted before anything is re-sent. Errors that are not OpenAlgoErrors are unknown
 * failures and count as ambiguous.
 */
export function isAmbiguousWriteFailure(err: unknown): boolean {
  if (!isOpenAlgoError(err)) return true;
  return err.code === 'ORDER_STATE_UNKNOWN' || err.mayHaveReachedBroker === true;
}

/** A copy of `err` with some fields replaced (errors are immutable). */
export function withErrorOverrides(err: OpenAlgoError, overrides: OpenAlgoErrorOptions): OpenAlgoError {
  const base: OpenAlgoErrorOptions = { retryable: err.retryable };
  if (err.broker !== undefined) base.broker = err.broker;
  if (err.raw !== undefined) base.raw = err.raw;
  if (err.field !== undefined) base.field = err.field;
  if (err.retryAfterMs !== undefined) base.retryAfterMs = err.retryAfterMs;
  if (err.clientOrderId !== undefined) base.clientOrderId = err.clientOrderId;
  if (err.mayHaveReachedBroker !== undefined) base.mayHaveReachedBroker = err.mayHaveReachedBroker;
  if (err.details !== undefined) base.details = err.details;
  if (err.cause !== undefined) base.cause = err.cause;
  return errorForCode(err.code, err.message, { ...base, ...overrides });
}
