import { createHash } from 'node:crypto';
import { type Clock, InvalidRequestError } from '@openalgo/core';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AccountResolution } from '../accounts/types.js';
import { acceptJsonBodies } from '../api/body-parser.js';
import { ApiError, rateLimited } from '../api/errors.js';
import { headerKey, IdempotencyGate } from '../api/idempotency.js';
import { DEFAULT_RATE_LIMITS, KeyRateLimiter, type RateLimitSettings } from '../api/rate-limit.js';
import { parseRequest } from '../api/validation.js';
import type { BadKeyThrottle } from '../auth/bad-key-throttle.js';
import type { IdempotencyStore } from '../store/types.js';
import type { StrategyBook } from './strategy-book.js';
import { placeStrategyOrder } from './strategy-orders.js';
import { outsideHours } from './strategy-rules.js';
import { decideWebhookOrder, WebhookSignalRequest } from './webhook-signal.js';

export const WEBHOOK_PATH = '/strategy/webhook/:webhookId';
/** OpenAlgo's answer to an unknown id is `{"error":"Invalid webhook ID"}`; the envelope keeps that key. */
export const INVALID_WEBHOOK_MESSAGE = 'Invalid webhook ID';

export interface StrategyWebhookOptions {
  book: StrategyBook;
  /** Opens the strategy's account (the server's account registry). */
  accounts: { resolveAccount(accountId: string): Promise<AccountResolution> };
  clock: Clock;
  /** The server's idempotency keys: a webhook's key and the API's share an account's key space. */
  idempotency: IdempotencyStore;
  /** The server's invalid-key throttle: guessing webhook ids and guessing API keys share one budget. */
  badKeys: BadKeyThrottle;
  /** The API's order limit, per strategy here (a webhook has no API key); false switches it off. */
  rateLimits?: Partial<RateLimitSettings> | false;
}

function tooManyGuesses(waitMs: number): ApiError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new ApiError(
    429,
    'RATE_LIMITED',
    `Too many invalid webhook ids or API keys from this address; try again in ${seconds} s`,
    { retry_after: seconds },
    { 'retry-after': String(seconds) },
  );
}

/**
 * `POST /strategy/webhook/<id>` as OpenAlgo serves it (not under /api/v1, no API key: the id is the
 * secret). Unlike OpenAlgo, which queues the order in memory and answers "queued", the order is
 * placed before the answer, which carries its order id (or the error). Order of checks: the
 * address's guessing budget (429), the id (404, counted against the budget), active (400), the
 * signal (400 naming the field), the strategy's order budget (429), the account's session (401),
 * then — inside the key's run, so a retried signal gets its first answer — the strategy's hours.
 */
export const strategyWebhookRoutes: FastifyPluginAsync<StrategyWebhookOptions> = async (app, options) => {
  const { book, accounts, clock, badKeys } = options;
  const gate = new IdempotencyGate(options.idempotency, clock);
  const limiter =
    options.rateLimits === false
      ? undefined
      : new KeyRateLimiter({ ...DEFAULT_RATE_LIMITS, ...options.rateLimits }, clock);
  // TradingView and Amibroker post JSON as text/plain or with no Content-Type (body-parser.ts).
  acceptJsonBodies(app);

  app.post(WEBHOOK_PATH, async (request: FastifyRequest, reply: FastifyReply) => {
    const { webhookId } = request.params as { webhookId: string };
    const blockedMs = badKeys.waitFor(request.ip);
    if (blockedMs > 0) throw tooManyGuesses(blockedMs);
    const strategy = book.findByWebhookId(webhookId);
    if (!strategy) {
      badKeys.recordInvalid(request.ip);
      throw new ApiError(404, 'NOT_FOUND', INVALID_WEBHOOK_MESSAGE, { error: INVALID_WEBHOOK_MESSAGE });
    }
    if (!strategy.active) {
      throw new ApiError(
        400,
        'INVALID_REQUEST',
        `Strategy ${strategy.name} is not active; activate it first`,
      );
    }
    const idempotencyKey = headerKey(request.headers['idempotency-key']);
    const signal = parseRequest(WebhookSignalRequest, request.body);
    const decided = decideWebhookOrder(strategy, signal);
    const bucket = createHash('sha256').update(`strategy:${strategy.id}`).digest('base64url');
    const waitMs = limiter?.take(bucket, 'orders') ?? 0;
    if (waitMs > 0) throw rateLimited(waitMs);
    const resolution = await accounts.resolveAccount(strategy.accountId);
    if (!resolution.ok) throw new ApiError(401, 'SESSION_EXPIRED', resolution.message);
    const { account } = resolution;
    const answer = await placeStrategyOrder(
      { account, idempotency: gate, idempotencyKey, clock },
      {
        route: '/strategy/webhook',
        request: {
          strategy: strategy.id,
          symbol: signal.symbol,
          action: signal.action,
          positionSize: signal.positionSize,
        },
        clientOrderId: signal.clientOrderId,
        order: decided,
        admit: () => {
          const refused = outsideHours(strategy, decided.kind, clock.now());
          // An OpenAlgoError: the order path passes those through as they are (a 400, not a 502).
          if (refused) throw new InvalidRequestError(refused);
        },
      },
    );
    request.log.info(
      {
        strategy: strategy.id,
        symbol: signal.symbol,
        action: signal.action,
        orderid: 'orderid' in answer ? answer.orderid : undefined,
      },
      'strategy webhook answered',
    );
    return reply.send(account.analyzeMode ? { ...answer, mode: 'analyze' } : answer);
  });
};
