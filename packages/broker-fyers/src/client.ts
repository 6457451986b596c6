import {
  type BrokerFailure,
  type Clock,
  createHttpClient,
  type EnvelopeReader,
  type ErrorMapper,
  type HttpClient,
  type Logger,
  type ResponseHeaders,
  type TransportOptions,
} from '@openalgo/core';
import type { FyersConfig } from './config.js';
import { BROKER_ID, mapFyersError } from './errors.js';
import { FYERS_RATE_LIMITS } from './manifest.js';

/**
 * `<app_id>:<access_token>`, no scheme word (brokers.md §3.2), on every authenticated call.
 *
 * Intended difference from the JS SDK: it also sends a `version` header (its constructor option,
 * default "2.0"; the Python SDK sends "3"). OpenAlgo sends none and reads the response shapes of §3 in
 * production, the shapes this adapter maps, so no `version` header is sent.
 */
export function fyersAuthorization(appId: string, accessToken: string): string {
  return `${appId}:${accessToken}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `s` as Fyers spells it; no SDK normalises case, so compare lower-cased (brokers.md §3.3). */
function statusWord(body: Record<string, unknown>): string | undefined {
  return typeof body.s === 'string' ? body.s.trim().toLowerCase() : undefined;
}

/** Success words: `ok`, and `no_data` (an empty history range answered TradingView-style) [unverified]. */
const SUCCESS_WORDS: ReadonlySet<string> = new Set(['ok', 'no_data']);

function retryAfterMsHeader(headers: ResponseHeaders): number | undefined {
  const raw = headers['x-retry-after-ms'];
  const text = Array.isArray(raw) ? raw[0] : raw;
  if (text === undefined || !/^\d+$/.test(text.trim())) return undefined;
  return Number(text.trim());
}

/**
 * Fyers' failure envelope is `{s:"error", code:<negative int>, message}` (brokers.md §3.3). Any body whose
 * `s` is not a success word is a failure, whatever the HTTP status; a non-2xx body is read for its code and
 * message too. A body without `s` under a 2xx is left to the envelope reader (malformed, not a crash).
 */
export function extractFyersFailure(
  status: number,
  body: unknown,
  headers: ResponseHeaders,
): BrokerFailure | undefined {
  const success = status >= 200 && status < 300;
  if (!isRecord(body)) return undefined;
  const word = statusWord(body);
  const failed = (word !== undefined && !SUCCESS_WORDS.has(word)) || !success;
  if (!failed) return undefined;
  const failure: BrokerFailure = { status };
  if (typeof body.code === 'number' && Number.isFinite(body.code)) failure.code = String(body.code);
  else if (typeof body.code === 'string' && body.code.trim()) failure.code = body.code.trim();
  if (typeof body.message === 'string' && body.message.trim()) failure.message = body.message.trim();
  const retryAfterMs = retryAfterMsHeader(headers);
  if (retryAfterMs !== undefined) failure.retryAfterMs = retryAfterMs;
  return failure;
}

/** Fyers' success envelope: `{s:"ok", code, message, <payload keys at top level>}` → the whole body. */
export const fyersEnvelope: EnvelopeReader = (body) => {
  if (!isRecord(body)) return undefined;
  const word = statusWord(body);
  return word !== undefined && SUCCESS_WORDS.has(word) ? { data: body } : undefined;
};

/** An absolute URL under the data host (`…/data`), which the client reaches beside its `/api/v3` base. */
export function dataUrl(config: FyersConfig, path: string): string {
  return `${config.baseUrls.data.replace(/\/+$/, '')}${path}`;
}

export interface FyersClientOptions {
  config: FyersConfig;
  http: TransportOptions;
  clock: Clock;
  logger: Logger;
  /** Omitted for the token exchange, which happens before there is a session. */
  accessToken?: string;
  /** The login calls read a token error as a failed login, not an expired session. */
  mapError?: ErrorMapper;
  /** Token exchanges are one-shot: a retried auth code is a used auth code. */
  retry?: false;
  /** Only the account's client draws from Fyers' declared rate limits. */
  rateLimited?: boolean;
}

/** An undici client speaking Fyers: its header, envelope and error table, one limiter for all REST. */
export function createFyersClient(options: FyersClientOptions): HttpClient {
  const { config, http, clock, logger, accessToken } = options;
  return createHttpClient({
    broker: BROKER_ID,
    baseUrl: config.baseUrls.api,
    ...(http.dispatcher ? { dispatcher: http.dispatcher } : {}),
    timeoutMs: http.timeoutMs ?? config.timeouts.requestMs,
    ...(http.maxRateLimitWaitMs === undefined ? {} : { maxRateLimitWaitMs: http.maxRateLimitWaitMs }),
    // The host's limiter for this login (shared across clients and re-logins) when it offers one.
    ...(options.rateLimited === false
      ? {}
      : { rateLimits: FYERS_RATE_LIMITS, ...(http.rateLimiter ? { rateLimiter: http.rateLimiter } : {}) }),
    ...(options.retry === false ? { retry: false } : {}),
    clock,
    logger,
    mapError: options.mapError ?? mapFyersError,
    extractFailure: extractFyersFailure,
    envelope: fyersEnvelope,
    defaultHeaders:
      accessToken === undefined ? {} : { Authorization: fyersAuthorization(config.appId, accessToken) },
  });
}
