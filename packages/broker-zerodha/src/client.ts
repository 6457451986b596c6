import {
  BrokerError,
  type BrokerFailure,
  type Clock,
  createHttpClient,
  type HttpClient,
  type Logger,
  type ResponseHeaders,
  type TransportOptions,
} from '@openalgo/core';
import type { z } from 'zod';
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

export interface KiteClientOptions {
  config: ZerodhaConfig;
  http: TransportOptions;
  clock: Clock;
  logger: Logger;
  /** Omitted for the login exchange, which happens before there is a session. */
  accessToken?: string;
}

/** The undici client for one account: Kite headers, declared rate limits, Kite's error table. */
export function createKiteClient(options: KiteClientOptions): HttpClient {
  const { config, http, clock, logger, accessToken } = options;
  return createHttpClient({
    broker: BROKER_ID,
    baseUrl: config.baseUrls.api,
    ...(http.dispatcher ? { dispatcher: http.dispatcher } : {}),
    timeoutMs: http.timeoutMs ?? config.timeouts.requestMs,
    ...(http.maxRateLimitWaitMs === undefined ? {} : { maxRateLimitWaitMs: http.maxRateLimitWaitMs }),
    rateLimits: KITE_RATE_LIMITS,
    clock,
    logger,
    mapError: mapKiteError,
    extractFailure: extractKiteFailure,
    defaultHeaders:
      accessToken === undefined
        ? { ...KITE_VERSION_HEADER }
        : { ...KITE_VERSION_HEADER, Authorization: kiteAuthorization(config.apiKey, accessToken) },
  });
}

/**
 * The `data` of a success envelope, checked against the shape we rely on. A 2xx we cannot read is a
 * BROKER_ERROR that may have had an effect (a place answered with garbage may still have placed).
 */
export function readKiteData<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
  if (!isRecord(body) || body.status !== 'success' || !('data' in body)) {
    throw new BrokerError(`${BROKER_ID}: unexpected response to ${what}: not a Kite success envelope`, {
      broker: BROKER_ID,
      mayHaveReachedBroker: true,
      details: { reason: 'malformed response' },
    });
  }
  const parsed = schema.safeParse(body.data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : 'data';
  throw new BrokerError(
    `${BROKER_ID}: unexpected response to ${what}: ${where} ${issue?.message ?? 'is malformed'}`,
    {
      broker: BROKER_ID,
      mayHaveReachedBroker: true,
      details: { reason: 'malformed response', issues: parsed.error.issues.length },
    },
  );
}
