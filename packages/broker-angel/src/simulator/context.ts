import type { Clock } from '@openalgo/core';
import type { SandboxEngine, SyntheticMarket } from '@openalgo/sandbox';
import type {
  FaultController,
  RouteHandler,
  SimulatorRequest,
  SimulatorResponse,
} from '@openalgo/testkit/simulator';
import { AngelApiError, angelError, rateLimited } from './envelope.js';
import { checkHeaders } from './headers.js';
import type { AngelMaster } from './master.js';
import type { AngelOrderBook } from './order-book.js';
import type { AngelRateLimiter } from './rate-limit.js';
import type { AngelSessions } from './sessions.js';

/** SmartAPI's two path prefixes (§2.2, §2.4). */
export const AUTH_PREFIX = '/rest/auth/angelbroking';
export const SECURE_PREFIX = '/rest/secure/angelbroking';

/** Everything a route handler reaches: one simulated Angel account and its market. */
export interface AngelRouteContext {
  master: AngelMaster;
  sessions: AngelSessions;
  orders: AngelOrderBook;
  engine: SandboxEngine;
  market: SyntheticMarket;
  clock: Clock;
  faults: FaultController;
  /** Present when Angel's limits are enforced. */
  limiter: AngelRateLimiter | undefined;
}

/** A handler that also gets the request's JWT (secure routes). */
export type SecureHandler = (
  req: SimulatorRequest,
  jwt: string,
) => SimulatorResponse | Promise<SimulatorResponse>;

/**
 * JSON bodies arrive as objects; GETs carry `{}` or the literal `null` (the JS SDK, §2.2), and a body
 * that does not parse is kept as text by the kit: everything but an object reads as no fields.
 */
export function fieldsOf(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {};
}

/** Turns a thrown AngelApiError into Angel's HTTP 200 error envelope; anything else is a 500. */
export async function answer(
  run: () => SimulatorResponse | Promise<SimulatorResponse>,
): Promise<SimulatorResponse> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AngelApiError) return angelError(error);
    throw error;
  }
}

/**
 * A route under `/rest/auth/…` (login, token refresh): the rate limit (when on), then the six `X-`
 * headers with the app's `X-PrivateKey`, then the handler.
 */
export function publicRoute(
  ctx: AngelRouteContext,
  handler: (req: SimulatorRequest) => SimulatorResponse | Promise<SimulatorResponse>,
): RouteHandler {
  return (req) =>
    answer(() => {
      if (ctx.limiter && !ctx.limiter.admit(req.path)) return rateLimited();
      checkHeaders(req.headers, ctx.sessions.credentials.apiKey);
      return handler(req);
    });
}

/** A route under `/rest/secure/…`: as `publicRoute`, plus `Authorization: Bearer <live jwt>`. */
export function secureRoute(ctx: AngelRouteContext, handler: SecureHandler): RouteHandler {
  return publicRoute(ctx, (req) => handler(req, ctx.sessions.authorize(req.headers.authorization)));
}
