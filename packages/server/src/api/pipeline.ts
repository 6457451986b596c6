import { createHash } from 'node:crypto';
import { type Clock, isOpenAlgoError, NotSupportedError, supports } from '@openalgo/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccountContext, AccountResolution, AccountResolver } from '../accounts/types.js';
import { BadKeyThrottle } from '../auth/bad-key-throttle.js';
import { type Endpoint, FileResponse, reportsMode, reply as successBody } from './endpoint.js';
import { ApiError, apiStatus, INVALID_KEY_MESSAGE, rateLimited } from './errors.js';
import { headerKey, type IdempotencyGate } from './idempotency.js';
import type { KeyRateLimiter } from './rate-limit.js';
import { parseRequest } from './validation.js';

export interface PipelineDependencies {
  resolver: AccountResolver;
  clock: Clock;
  /** Undefined when rate limiting is switched off (benchmarks). */
  limiter: KeyRateLimiter | undefined;
  idempotency: IdempotencyGate;
  /**
   * Invalid-key throttle per client address. When absent, one is made per dependencies object (one
   * API plugin) — unless rate limiting is off (`limiter` undefined, benchmarks), which covers it too.
   */
  badKeys?: BadKeyThrottle;
}

/** The throttle shared by every endpoint built from one dependencies object (one API plugin). */
const throttles = new WeakMap<PipelineDependencies, BadKeyThrottle>();
function badKeyThrottle(deps: PipelineDependencies): BadKeyThrottle | undefined {
  if (deps.badKeys) return deps.badKeys;
  if (!deps.limiter) return undefined;
  let throttle = throttles.get(deps);
  if (!throttle) {
    throttle = new BadKeyThrottle(deps.clock);
    throttles.set(deps, throttle);
  }
  return throttle;
}

/** An address over its invalid-key budget: 429 in the envelope, with Retry-After. */
function tooManyBadKeys(waitMs: number): ApiError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new ApiError(
    429,
    'RATE_LIMITED',
    `Too many invalid API keys from this address; try again in ${seconds} s`,
    { retry_after: seconds },
    { 'retry-after': String(seconds) },
  );
}

function rejectKey(resolution: Extract<AccountResolution, { ok: false }>): ApiError {
  if (resolution.reason === 'invalid_key') return new ApiError(403, 'INVALID_API_KEY', INVALID_KEY_MESSAGE);
  // The key is fine but its broker session is not: say so (OpenAlgo's 403 would hide it).
  return new ApiError(401, 'SESSION_EXPIRED', resolution.message);
}

/** Rate-limit buckets are keyed by a hash so no API key is kept in the limiter's map. */
function keyHash(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('base64url');
}

function gate(endpoint: Endpoint, account: AccountContext): void {
  for (const { adapter, capability } of endpoint.requires) {
    const target = adapter === 'execution' ? account.executionAdapter : account.dataAdapter;
    if (!supports(target.manifest, capability)) {
      throw new NotSupportedError(
        `${endpoint.path.slice(1)} is not available: the ${target.manifest.id} broker does not support ${capability}`,
        { broker: target.manifest.id, details: { capability } },
      );
    }
  }
}

function withSubject(error: unknown, field: string): unknown {
  if (!isOpenAlgoError(error) || error.field !== undefined || apiStatus(error.code) >= 500) return error;
  return error.with({ field });
}

/** GET endpoints take the key from the query; OpenAlgo answers its absence with 401, not 400. */
function requireQueryKey(query: unknown): void {
  const key =
    typeof query === 'object' && query !== null ? (query as Record<string, unknown>).apikey : undefined;
  if (key === undefined || key === '') {
    throw new ApiError(401, 'API_KEY_MISSING', 'apikey: is required (pass it as ?apikey=…)', {
      field: 'apikey',
    });
  }
}

/**
 * The request pipeline every endpoint shares, in OpenAlgo's order: validate the body (400 naming
 * the field), refuse an address that sent too many invalid keys (429), resolve the key (403), take a rate-limit token (429), check the broker can do it
 * (501), run the endpoint. Failures are thrown and answered by the plugin's error handler.
 */
export function endpointHandler(endpoint: Endpoint, deps: PipelineDependencies) {
  const isGet = endpoint.method === 'GET';
  const badKeys = badKeyThrottle(deps);
  const withMode = reportsMode(endpoint.response);
  return async function handle(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    // A GET's fields are its query string plus any path parameters (`/ticker/:symbol`).
    const raw = isGet ? { ...(request.query as object), ...(request.params as object) } : request.body;
    if (isGet) requireQueryKey(raw);
    const { apikey, ...input } = parseRequest(endpoint.request, raw) as { apikey: string };
    const idempotencyKey = endpoint.idempotent ? headerKey(request.headers['idempotency-key']) : undefined;
    const blockedMs = badKeys?.waitFor(request.ip) ?? 0;
    if (blockedMs > 0) throw tooManyBadKeys(blockedMs);
    const resolution = await deps.resolver.resolveApiKey(apikey);
    if (!resolution.ok) {
      if (resolution.reason === 'invalid_key') badKeys?.recordInvalid(request.ip);
      throw rejectKey(resolution);
    }
    const account = resolution.account;
    // A basket or split draws one order token per leg (rate-limit.ts), admitted or refused whole.
    const waitMs = deps.limiter?.takeFor(keyHash(apikey), endpoint, input) ?? 0;
    if (waitMs > 0) throw rateLimited(waitMs);
    gate(endpoint, account);
    let result: unknown;
    try {
      result = await endpoint.handle({
        input,
        account,
        resolver: deps.resolver,
        clock: deps.clock,
        idempotencyKey,
        idempotency: deps.idempotency,
        reply: successBody,
      });
    } catch (error) {
      throw endpoint.subject === undefined ? error : withSubject(error, endpoint.subject);
    }
    if (result instanceof FileResponse) {
      reply.header('content-type', result.contentType);
      for (const [name, value] of Object.entries(result.headers)) reply.header(name, value);
      return reply.send(result.body);
    }
    return withMode && account.analyzeMode ? { ...(result as object), mode: 'analyze' } : result;
  };
}
