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
import type { AngelConfig } from './config.js';
import { BROKER_ID, mapAngelError } from './errors.js';
import { ANGEL_RATE_LIMITS } from './manifest.js';

/** Every SmartAPI path starts with one of these two prefixes (the SDK's `config/api.js`). */
export const AUTH_PREFIX = '/rest/auth/angelbroking';
export const SECURE_PREFIX = '/rest/secure/angelbroking';

/**
 * The headers on every SmartAPI call, login included (brokers.md §2.2): content type, accept, the user
 * type and source, the three client-identity headers (required, not validated) and the API key as
 * `X-PrivateKey`. Spelled as the JS SDK spells them.
 *
 * Intended differences from the JS SDK's wire (`lib/smartapi-connect.js`): GETs carry no body (the SDK
 * writes `{}`, and `null` on `order/v1/details/{id}`; the Python SDK and OpenAlgo send none, and Angel
 * ignores it), and `X-ClientPublicIP` is the configured placeholder rather than the SDK's literal `null`.
 */
export function angelHeaders(config: AngelConfig, accessToken?: string): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    Accept: 'application/json',
    'X-UserType': 'USER',
    'X-SourceID': 'WEB',
    'X-ClientLocalIP': config.clientIdentity.localIp,
    'X-ClientPublicIP': config.clientIdentity.publicIp,
    'X-MACAddress': config.clientIdentity.macAddress,
    'X-PrivateKey': config.apiKey,
  };
  if (accessToken !== undefined) headers.Authorization = `Bearer ${accessToken}`;
  return headers;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The docs print flags both as booleans and as strings (`"status":"false"`, §2.3). */
function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

function isFalse(value: unknown): boolean {
  return value === false || value === 'false';
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** Angel's success flag, under either spelling: `status` (REST) or `success` (gateway, quote API). */
function succeeded(body: Record<string, unknown>): boolean {
  return isTrue(body.status) || isTrue(body.success);
}

/**
 * Reads every failure shape of §2.3/§2.6 without assuming a key exists (OpenAlgo #846 crashed on one):
 *
 * - `{status:false, message, errorcode:"AB1004", data:null}` under HTTP 200 (also `"false"` as text);
 * - `{success:false, message:"Invalid Token", errorCode:"AG8001", data:""}` under HTTP 200 — camelCase;
 * - a non-2xx with a plain-text body (the 403 rate limit) or a JSON one, read for its message and code.
 *
 * A 2xx JSON body with neither flag but an error code is a failure too; a 2xx body with no flag and
 * no code is left to the envelope reader, which refuses it as malformed.
 */
export function extractAngelFailure(
  status: number,
  body: unknown,
  _headers: ResponseHeaders,
): BrokerFailure | undefined {
  if (typeof body === 'string') {
    if (status >= 200 && status < 300) return undefined;
    const failure: BrokerFailure = { status };
    const message = text(body);
    if (message !== undefined) failure.message = message.slice(0, 300);
    return failure;
  }
  if (!isRecord(body)) return undefined;
  const code = text(body.errorcode) ?? text(body.errorCode);
  if (status >= 200 && status < 300) {
    if (succeeded(body)) return undefined;
    const failed = isFalse(body.status) || isFalse(body.success) || code !== undefined;
    if (!failed) return undefined;
  }
  const failure: BrokerFailure = { status };
  if (code !== undefined) failure.code = code;
  const message = text(body.message) ?? text(body.errorMessage) ?? text(body.error);
  if (message !== undefined) failure.message = message.slice(0, 500);
  return failure;
}

/** Angel's success envelope: a truthy `status` or `success`, payload in `data` (absent → null). */
export const angelEnvelope: EnvelopeReader = (body) =>
  isRecord(body) && succeeded(body) ? { data: body.data ?? null } : undefined;

export interface AngelClientOptions {
  config: AngelConfig;
  http: TransportOptions;
  clock: Clock;
  logger: Logger;
  /** The session JWT; omitted for the login call, which happens before there is a session. */
  accessToken?: string;
  /** Login and refresh read a token error as a failed login, not an expired session. */
  mapError?: ErrorMapper;
  /** Logins are one-shot: a retried TOTP code may be refused as used. */
  retry?: false;
  /** Only the account's client draws from Angel's declared rate limits. */
  rateLimited?: boolean;
}

/** An undici client speaking SmartAPI: its headers, both envelope spellings and its error table. */
export function createAngelClient(options: AngelClientOptions): HttpClient {
  const { config, http, clock, logger } = options;
  return createHttpClient({
    broker: BROKER_ID,
    baseUrl: config.baseUrls.api,
    ...(http.dispatcher ? { dispatcher: http.dispatcher } : {}),
    timeoutMs: http.timeoutMs ?? config.timeouts.requestMs,
    ...(http.maxRateLimitWaitMs === undefined ? {} : { maxRateLimitWaitMs: http.maxRateLimitWaitMs }),
    // The host's limiter for this login (shared across clients and re-logins) when it offers one.
    ...(options.rateLimited === false
      ? {}
      : { rateLimits: ANGEL_RATE_LIMITS, ...(http.rateLimiter ? { rateLimiter: http.rateLimiter } : {}) }),
    ...(options.retry === false ? { retry: false } : {}),
    clock,
    logger,
    mapError: options.mapError ?? mapAngelError,
    extractFailure: extractAngelFailure,
    envelope: angelEnvelope,
    defaultHeaders: angelHeaders(config, options.accessToken),
  });
}
