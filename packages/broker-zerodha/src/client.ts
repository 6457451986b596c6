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
import type { ZerodhaConfig } from './config.js';
import { BROKER_ID, mapKiteError } from './errors.js';
import { KITE_RATE_LIMITS } from './manifest.js';

export const KITE_VERSION_HEADER = { 'X-Kite-Version': '3' } as const;

/** `token api_key:access_token`, the header every authenticated Kite call carries. */
export function kiteAuthorization(apiKey: string, accessToken: string): string {
  return `token ${apiKey}:${accessToken}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Kite's error envelope is `{status:"error", message, error_type, data:null}` with a 4xx/5xx; the
 * SDK treats any JSON body carrying `error_type` as an error, even under a 200, and so do we.
 * Other non-2xx bodies (a proxy's HTML page) are left to core's default reading.
 */
export function extractKiteFailure(
  status: number,
  body: unknown,
  _headers: ResponseHeaders,
): BrokerFailure | undefined {
  if (isRecord(body) && (typeof body.error_type === 'string' || body.status === 'error')) {
    const failure: BrokerFailure = { status };
    if (typeof body.error_type === 'string' && body.error_type) failure.code = body.error_type;
    if (typeof body.message === 'string' && body.message.trim()) failure.message = body.message.trim();
    return failure;
  }
  return undefined;
}

/** Kite's success envelope: `{status:"success", data}`. */
export const kiteEnvelope: EnvelopeReader = (body) =>
  isRecord(body) && body.status === 'success' && 'data' in body ? { data: body.data } : undefined;

export interface KiteClientOptions {
  config: ZerodhaConfig;
  http: TransportOptions;
  clock: Clock;
  logger: Logger;
  /** Omitted for the login exchange, which happens before there is a session. */
  accessToken?: string;
  /** The login exchange reads a token error as a failed login, not an expired session. */
  mapError?: ErrorMapper;
  /** Token exchanges are one-shot: a retried request token is a used request token. */
  retry?: false;
  /** Only the account's client draws from Kite's declared rate limits. */
  rateLimited?: boolean;
}

/** An undici client speaking Kite: its headers, envelopes and error table. */
export function createKiteClient(options: KiteClientOptions): HttpClient {
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
      : { rateLimits: KITE_RATE_LIMITS, ...(http.rateLimiter ? { rateLimiter: http.rateLimiter } : {}) }),
    ...(options.retry === false ? { retry: false } : {}),
    clock,
    logger,
    mapError: options.mapError ?? mapKiteError,
    extractFailure: extractKiteFailure,
    envelope: kiteEnvelope,
    defaultHeaders:
      accessToken === undefined
        ? { ...KITE_VERSION_HEADER }
        : { ...KITE_VERSION_HEADER, Authorization: kiteAuthorization(config.apiKey, accessToken) },
  });
}
