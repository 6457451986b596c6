import { Agent, type Dispatcher } from 'undici';
import { createErrorMapper } from '../errors/mapper.js';
import { errorForCode, isOpenAlgoError, type OpenAlgoError } from '../errors/openalgo-error.js';
import { systemClock } from '../time/clock.js';
import { Attempt, type ClientState, type Prepared } from './attempt.js';
import { Deadline } from './deadline.js';
import {
  encodeBody,
  loggablePath,
  lowerCaseHeaders,
  mergeHeaders,
  parseBaseUrl,
  resolveTarget,
} from './encode.js';
import { type Reservation, SlidingWindowLimiter } from './rate-limiter.js';
import { loggableBody, redactFlat } from './request-log.js';
import { readResponse } from './response.js';
import { DEFAULT_READ_RETRY, isRetryableFailure, type RetryPolicy, retryDelayMs } from './retry.js';
import { abortedBeforeSend } from './transport-errors.js';
import { typedCalls } from './typed.js';
import type { HttpClient, HttpClientOptions, HttpRequest, HttpResponse, ResponseHeaders } from './types.js';

export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Keep-alive settings for the client's own Agent; exported so a benchmark baseline can use the same.
 * Idle sockets are kept a little longer than undici's 4 s default (a trader's polling loop reuses
 * them), and connections per origin are capped well above any broker's per-second limit.
 */
export const DEFAULT_AGENT_OPTIONS: Readonly<Agent.Options> = {
  keepAliveTimeout: 10_000,
  keepAliveMaxTimeout: 60_000,
  connections: 16,
};

function prepare(state: ClientState, req: HttpRequest): Prepared {
  const target = resolveTarget(state.base, req.path, req.query);
  const encoded = req.body ? encodeBody(req.body) : undefined;
  const headers = mergeHeaders(state.defaultHeaders, req.headers, encoded?.contentType);
  return {
    origin: target.origin,
    path: target.path,
    safePath: req.path.includes('?') ? loggablePath(req.path) : req.path,
    headers,
    payload: encoded?.payload,
    log: state.logger
      ? {
          query: req.query ? redactFlat(req.query) : undefined,
          headers: headers === state.defaultHeaders ? state.loggableDefaultHeaders : redactFlat(headers),
          body: loggableBody(req.body),
        }
      : undefined,
  };
}

function logAttempt(
  state: ClientState,
  req: HttpRequest,
  p: Prepared,
  attempt: number,
  started: number,
  status: number | undefined,
  err: OpenAlgoError | undefined,
): void {
  const logger = state.logger;
  const log = p.log;
  if (!logger || !log) return;
  // Every field is either our own or pre-redacted (request-log.ts); this runs on every request.
  logger.debug(
    {
      broker: state.broker,
      method: req.method,
      path: p.safePath,
      query: log.query,
      body: log.body,
      headers: log.headers,
      kind: req.kind,
      attempt,
      status,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      error: err?.code,
      mayHaveReachedBroker: err?.mayHaveReachedBroker,
    },
    'http request',
  );
}

async function attemptOnce(
  state: ClientState,
  req: HttpRequest,
  p: Prepared,
  attempt: number,
): Promise<HttpResponse<unknown>> {
  const signal = req.signal;
  const started = performance.now();
  if (state.closed) {
    throw errorForCode('NETWORK', `${state.broker}: ${req.method} ${p.safePath}: HTTP client is closed`, {
      broker: state.broker,
      retryable: false,
      mayHaveReachedBroker: false,
    });
  }
  if (signal?.aborted) throw abortedBeforeSend(state.broker, req.method, p.safePath, signal.reason);
  const limits = req.limits;
  if (limits !== undefined && limits.length > 0) {
    if (!state.limiter) {
      throw new RangeError(`${state.broker}: request names rate-limit buckets but the client declares none`);
    }
    let reservation: Reservation;
    try {
      reservation = state.limiter.reserve(limits);
    } catch (err) {
      if (isOpenAlgoError(err)) logAttempt(state, req, p, attempt, started, undefined, err);
      throw err;
    }
    if (reservation.waitMs > 0) {
      try {
        await state.clock.sleep(reservation.waitMs, signal);
      } catch (reason) {
        state.limiter.refund(limits, reservation);
        throw abortedBeforeSend(state.broker, req.method, p.safePath, reason);
      }
    }
  }

  const responseType = req.responseType ?? 'json';
  const deadline = new Deadline(req.timeoutMs ?? state.timeoutMs, signal);
  const attemptState = new Attempt(state, req, p, deadline);
  // A stream's body is read after we return; its deadline is released when the consumer finishes.
  let deadlineHandedOver = false;
  try {
    let res: Dispatcher.ResponseData;
    try {
      res = await state.dispatcher.request({
        origin: p.origin,
        path: p.path,
        method: req.method,
        headers: p.headers,
        body: p.payload ?? null,
        signal: deadline.signal,
      });
    } catch (err) {
      const error = attemptState.transportError(err, 'request');
      logAttempt(state, req, p, attempt, started, undefined, error);
      throw error;
    }
    try {
      const data = await readResponse(res, responseType, attemptState);
      deadlineHandedOver = responseType === 'stream';
      logAttempt(state, req, p, attempt, started, res.statusCode, undefined);
      return { status: res.statusCode, headers: res.headers as ResponseHeaders, data };
    } catch (err) {
      logAttempt(state, req, p, attempt, started, res.statusCode, isOpenAlgoError(err) ? err : undefined);
      throw err;
    }
  } finally {
    if (!deadlineHandedOver) deadline.dispose();
  }
}

async function send(state: ClientState, req: HttpRequest): Promise<HttpResponse<unknown>> {
  if (req.timeoutMs !== undefined && !(req.timeoutMs > 0)) {
    throw new RangeError(`${state.broker}: timeoutMs must be > 0, got ${req.timeoutMs}`);
  }
  const p = prepare(state, req);
  const retry = req.kind === 'read' ? state.retry : undefined;
  const attempts = retry ? retry.attempts : 1;
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptOnce(state, req, p, attempt);
    } catch (err) {
      if (!retry || attempt >= attempts || !isRetryableFailure(err)) throw err;
      const delayMs = retryDelayMs(err, attempt, retry, state.random);
      if (delayMs === undefined) throw err;
      try {
        await state.clock.sleep(delayMs, req.signal);
      } catch (reason) {
        throw abortedBeforeSend(state.broker, req.method, p.safePath, reason);
      }
    }
  }
}

function validateRetry(policy: RetryPolicy): RetryPolicy {
  if (!Number.isInteger(policy.attempts) || policy.attempts < 1) {
    throw new RangeError(`retry.attempts must be an integer >= 1, got ${policy.attempts}`);
  }
  if (!(policy.baseDelayMs >= 0) || !(policy.maxDelayMs >= 0)) {
    throw new RangeError('retry delays must be >= 0');
  }
  return policy;
}

/** The HTTP client every adapter uses (docs/architecture.md §4). */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const clock = options.clock ?? systemClock;
  const ownsDispatcher = options.dispatcher === undefined;
  const defaultHeaders = lowerCaseHeaders(options.defaultHeaders);
  const state: ClientState = {
    broker: options.broker,
    base: parseBaseUrl(options.baseUrl),
    dispatcher: options.dispatcher ?? new Agent(DEFAULT_AGENT_OPTIONS),
    clock,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    // A host-owned limiter (one per broker login, shared by every client of it) wins over our own.
    limiter:
      options.rateLimiter ??
      (options.rateLimits
        ? new SlidingWindowLimiter(options.rateLimits, {
            clock,
            broker: options.broker,
            ...(options.maxRateLimitWaitMs === undefined ? {} : { maxWaitMs: options.maxRateLimitWaitMs }),
          })
        : undefined),
    logger: options.logger,
    mapError:
      options.mapError ??
      createErrorMapper({
        broker: options.broker,
        statuses: { 401: 'AUTH_FAILED', 403: 'PERMISSION_DENIED' },
      }),
    extractFailure: options.extractFailure,
    retry: options.retry === false ? undefined : validateRetry(options.retry ?? DEFAULT_READ_RETRY),
    defaultHeaders,
    loggableDefaultHeaders: redactFlat(defaultHeaders),
    random: options.random ?? Math.random,
    closed: false,
  };
  if (!(state.timeoutMs > 0)) throw new RangeError(`timeoutMs must be > 0, got ${state.timeoutMs}`);
  const request = (req: HttpRequest) => send(state, req);
  return {
    broker: state.broker,
    request: request as HttpClient['request'],
    ...typedCalls(state.broker, options.envelope, request),
    async close() {
      if (state.closed) return;
      state.closed = true;
      if (ownsDispatcher) await state.dispatcher.close();
    },
  };
}
