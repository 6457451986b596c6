import type { Clock } from '@openalgo/core';
import type { SandboxEngine, SyntheticMarket } from '@openalgo/sandbox';
import type {
  FaultController,
  RouteHandler,
  SimulatorRequest,
  SimulatorResponse,
} from '@openalgo/testkit/simulator';
import { FyersApiError, fyersError, RATE_LIMIT_BODY } from './envelope.js';
import type { FyersMaster } from './master.js';
import type { FyersOrderBook } from './order-book.js';
import type { FyersRateLimiter } from './rate-limit.js';
import type { FyersSessions } from './sessions.js';

/** Everything a route handler reaches: one simulated Fyers account and its market. */
export interface FyersRouteContext {
  master: FyersMaster;
  sessions: FyersSessions;
  orders: FyersOrderBook;
  engine: SandboxEngine;
  market: SyntheticMarket;
  clock: Clock;
  faults: FaultController;
  /** Present when Fyers' REST limits are enforced. */
  limiter: FyersRateLimiter | undefined;
}

/** Turns a thrown FyersApiError into Fyers' error envelope; anything else is a simulator bug (500). */
export async function answer(
  run: () => SimulatorResponse | Promise<SimulatorResponse>,
): Promise<SimulatorResponse> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof FyersApiError) return fyersError(error);
    throw error;
  }
}

/** Fyers' refusal past a limit: HTTP 429 with `Retry-After` and `X-Retry-After-Ms` (OpenAlgo), body −353. */
export function rateLimited(waitMs: number): SimulatorResponse {
  return {
    status: 429,
    headers: {
      'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))),
      'x-retry-after-ms': String(waitMs),
    },
    body: RATE_LIMIT_BODY,
  };
}

/**
 * An authenticated Fyers route: the REST limits (when on), then `Authorization: <app_id>:<token>`
 * with a live token (−16 or −15 by path, HTTP 401), then the handler.
 */
export function authed(
  ctx: FyersRouteContext,
  handler: (req: SimulatorRequest) => SimulatorResponse | Promise<SimulatorResponse>,
  options: { bareTokenOk?: boolean } = {},
): RouteHandler {
  return (req) =>
    answer(() => {
      const wait = ctx.limiter?.refusal() ?? 0;
      if (wait > 0) return rateLimited(wait);
      ctx.sessions.authorize(req.headers, req.path, options.bareTokenOk ?? false);
      return handler(req);
    });
}
