import { type Clock, systemClock } from '@openalgo/core';
import Database from 'better-sqlite3';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AccountResolver } from '../accounts/types.js';
import type { BadKeyThrottle } from '../auth/bad-key-throttle.js';
import { migrate } from '../store/migrations.js';
import { SqliteIdempotencyStore } from '../store/sqlite-idempotency.js';
import type { IdempotencyStore } from '../store/types.js';
import { acceptJsonBodies } from './body-parser.js';
import type { Endpoint } from './endpoint.js';
import { API_ENDPOINTS } from './endpoints.js';
import { ApiError, type ErrorReply, errorReply } from './errors.js';
import { IdempotencyGate } from './idempotency.js';
import { endpointHandler } from './pipeline.js';
import { DEFAULT_RATE_LIMITS, KeyRateLimiter, type RateLimitSettings } from './rate-limit.js';

export { apiDocsRoutes, renderDocsPage } from './docs.js';
export type { Endpoint } from './endpoint.js';
export { API_ENDPOINTS } from './endpoints.js';
export { buildOpenApiDocument, type OpenApiDocument } from './openapi.js';

export interface ApiRoutesOptions {
  resolver: AccountResolver;
  /** Drives the rate-limit buckets and expiry filtering; the system clock by default. */
  clock?: Clock;
  /**
   * Per-API-key limits (OpenAlgo's defaults: 10 order writes/s, 50 other requests/s). `false`
   * switches limiting off — for benchmarks only, never for a server facing clients.
   */
  rateLimits?: Partial<RateLimitSettings> | false;
  /** Where idempotency keys live (the server's store); an in-memory database when absent (tests). */
  idempotency?: IdempotencyStore;
  /** Invalid-key throttle per client address; the server shares one with the feed. Default: one per plugin. */
  badKeys?: BadKeyThrottle;
}

function memoryIdempotencyStore(): IdempotencyStore {
  const db = new Database(':memory:');
  migrate(db, ':memory:');
  return new SqliteIdempotencyStore(db);
}

function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown): void {
  let out: ErrorReply;
  try {
    out = errorReply(error);
  } catch {
    out = {
      statusCode: 502,
      body: { status: 'error', message: 'The request failed unexpectedly', code: 'BROKER_ERROR' },
      headers: {},
      logLevel: 'error',
    };
  }
  const context = { code: out.body.code, status: out.statusCode, route: request.routeOptions.url };
  // Client mistakes carry the parse error's text at most, which may quote the body (and the key):
  // only 5xx answers log the error object itself.
  if (out.logLevel === 'error')
    request.log.error({ ...context, err: error }, 'api request failed unexpectedly');
  else if (out.logLevel === 'warn')
    request.log.warn({ ...context, err: error }, 'api request failed at the broker');
  else if (out.logLevel === 'info') request.log.info(context, 'api request rejected');
  reply.code(out.statusCode).headers(out.headers).send(out.body);
}

function notFound(prefix: string, endpoints: readonly Endpoint[]) {
  const methodsByPath = new Map<string, string[]>();
  for (const e of endpoints) methodsByPath.set(e.path, [...(methodsByPath.get(e.path) ?? []), e.method]);
  return (request: FastifyRequest, reply: FastifyReply): void => {
    const path = (request.url.split('?')[0] ?? '')
      .slice(prefix.length)
      .replace(/\/+$/, '')
      // Echo a bounded path: the URL is the client's, its length is not.
      .slice(0, 100);
    const allowed = methodsByPath.get(path);
    const error = allowed
      ? new ApiError(
          405,
          'METHOD_NOT_ALLOWED',
          `${request.method} is not allowed on ${prefix}${path}; use ${allowed.join(', ')}`,
          {},
          { allow: allowed.join(', ') },
        )
      : new ApiError(404, 'NOT_FOUND', `No endpoint ${request.method} ${prefix}${path}; see /api/docs`);
    sendError(request, reply, error);
  };
}

/**
 * The OpenAlgo-compatible REST API as a fastify plugin. Register it under `/api/v1`, preferably on an
 * app built with `routerOptions: { ignoreTrailingSlash: true }` (OpenAlgo accepts `/placeorder/`;
 * without the option the plugin registers the slashed paths itself):
 *
 *   app.register(apiRoutes, { prefix: '/api/v1', resolver });
 *   app.register(apiDocsRoutes); // GET /api/docs and /api/openapi.json
 *
 * Everything under the prefix answers with OpenAlgo's envelope, including unknown paths, unreadable
 * bodies and unexpected exceptions; nothing answers 500.
 */
export const apiRoutes: FastifyPluginAsync<ApiRoutesOptions> = async (app, options) => {
  const clock = options.clock ?? systemClock;
  const limiter =
    options.rateLimits === false
      ? undefined
      : new KeyRateLimiter({ ...DEFAULT_RATE_LIMITS, ...options.rateLimits }, clock);
  const idempotency = new IdempotencyGate(options.idempotency ?? memoryIdempotencyStore(), clock);
  const deps = {
    resolver: options.resolver,
    clock,
    limiter,
    idempotency,
    ...(options.badKeys ? { badKeys: options.badKeys } : {}),
  };

  acceptJsonBodies(app);
  app.setErrorHandler((error, request, reply) => sendError(request, reply, error));
  app.setNotFoundHandler(notFound(app.prefix, API_ENDPOINTS));

  // OpenAlgo accepts `/placeorder/` too. An app built with routerOptions.ignoreTrailingSlash already
  // does; otherwise each route is registered a second time with the slash.
  const config = app.initialConfig;
  const slashIgnored =
    config.routerOptions?.ignoreTrailingSlash === true || config.ignoreTrailingSlash === true;
  for (const endpoint of API_ENDPOINTS) {
    const handler = endpointHandler(endpoint, deps);
    for (const url of slashIgnored ? [endpoint.path] : [endpoint.path, `${endpoint.path}/`]) {
      app.route({
        method: endpoint.method,
        url,
        handler,
        // A GET carries the API key in its URL, which fastify's request log would print at info.
        ...(endpoint.method === 'GET' ? { logLevel: 'warn' as const } : {}),
      });
    }
  }
};
