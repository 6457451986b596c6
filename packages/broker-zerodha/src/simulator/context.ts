import type { Clock } from '@openalgo/core';
import type { SandboxEngine, SyntheticMarket } from '@openalgo/sandbox';
import type {
  FaultController,
  RouteHandler,
  SimulatorRequest,
  SimulatorResponse,
} from '@openalgo/testkit/simulator';
import { KiteApiError, kiteError, RATE_LIMIT_BODY } from './envelope.js';
import type { KiteGttBook } from './gtt-book.js';
import type { KiteMaster } from './master.js';
import type { KiteOrderBook } from './order-book.js';
import type { KiteRateLimiter } from './rate-limit.js';
import type { KiteSessions } from './sessions.js';

/** Everything a route handler reaches: one simulated Kite account and its market. */
export interface KiteRouteContext {
  master: KiteMaster;
  sessions: KiteSessions;
  orders: KiteOrderBook;
  /** Kite's GTT book over the engine's (gtt-book.ts). */
  gtts: KiteGttBook;
  engine: SandboxEngine;
  market: SyntheticMarket;
  clock: Clock;
  faults: FaultController;
  /** Present when Kite's rate limits (every published window) are enforced. */
  limiter: KiteRateLimiter | undefined;
  /** Places left to answer with Kite's ambiguous "Order request timed out" after committing. */
  orderTimeouts: { left: number };
}

/** Turns a thrown KiteApiError into Kite's error envelope; anything else is a simulator bug (500). */
export async function answer(
  run: () => SimulatorResponse | Promise<SimulatorResponse>,
): Promise<SimulatorResponse> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof KiteApiError) return kiteError(error.status, error.errorType, error.message);
    throw error;
  }
}

/**
 * An authenticated Kite route: the rate limits (when on), then `X-Kite-Version: 3` and
 * `Authorization: token api_key:access_token` with a live token, then the handler.
 */
export function authed(
  ctx: KiteRouteContext,
  handler: (req: SimulatorRequest) => SimulatorResponse | Promise<SimulatorResponse>,
): RouteHandler {
  return (req) =>
    answer(() => {
      if (ctx.limiter && !ctx.limiter.admit(req.method, req.path))
        return { status: 429, body: RATE_LIMIT_BODY };
      ctx.sessions.authorize(req.headers);
      return handler(req);
    });
}
