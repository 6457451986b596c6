import { createHash } from 'node:crypto';
import { type Clock, type Exchange, IST_OFFSET_MS, istDate, type Logger, type Product } from '@openalgo/core';
import type { AccountResolution } from '../accounts/types.js';
import type { IdempotencyGate } from '../api/idempotency.js';
import type { StrategyRecord } from '../store/types.js';
import type { StrategyBook } from './strategy-book.js';
import { placeStrategyOrder } from './strategy-orders.js';
import { minutesOf } from './strategy-rules.js';

const MINUTE_MS = 60_000;

export interface SquareoffJobOptions {
  book: StrategyBook;
  accounts: { resolveAccount(accountId: string): Promise<AccountResolution> };
  idempotency: IdempotencyGate;
  clock: Clock;
  logger: Logger;
}

export interface SquareoffJob {
  /** Settles when the square-offs started so far have finished (tests wait on it). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** The epoch ms of an `HH:MM` IST on the IST day of `dayMs`. */
function istTimeOn(dayMs: number, hhmm: string): number {
  const midnight = Math.floor((dayMs + IST_OFFSET_MS) / 86_400_000) * 86_400_000 - IST_OFFSET_MS;
  return midnight + minutesOf(hhmm) * MINUTE_MS;
}

/**
 * The key of one symbol's square-off on one day: a second run (a restart within the minute, two
 * servers on one data dir) replays the first answer instead of sending another exit — which, before
 * the first exit filled, would see the position still open and flip it.
 */
function squareoffKey(strategy: StrategyRecord, day: string, symbol: string, exchange: string): string {
  const what = createHash('sha256').update(`${symbol}\u0000${exchange}`).digest('base64url').slice(0, 12);
  return `squareoff/${strategy.id}/${day}/${what}`;
}

/**
 * At each active intraday strategy's squareoff_time (IST), a smart order to 0 for every mapped
 * symbol — the API's order path, under a per-day key. Driven by the injected clock: it wakes on each
 * minute boundary and runs the strategies whose square-off minute passed since the last wake, so a
 * late wake still runs them and a start after the time does not (as OpenAlgo's cron job).
 */
export function startSquareoffJob(options: SquareoffJobOptions): SquareoffJob {
  const { book, clock, logger } = options;
  const stop = new AbortController();
  let running: Promise<void> = Promise.resolve();
  let checkedUpTo = clock.now();

  const flatten = async (strategy: StrategyRecord, dueMs: number) => {
    const resolution = await options.accounts.resolveAccount(strategy.accountId);
    if (!resolution.ok) {
      logger.warn(
        { strategy: strategy.id, reason: resolution.reason },
        'strategy square-off: account not available',
      );
      return;
    }
    const day = istDate(dueMs);
    for (const mapping of strategy.symbols) {
      const order = {
        symbol: mapping.symbol,
        exchange: mapping.exchange as Exchange,
        product: mapping.product as Product,
        priceType: 'MARKET' as const,
        strategy: strategy.name,
        action: 'SELL' as const,
        quantity: 0,
        positionSize: 0,
      };
      try {
        const answer = await placeStrategyOrder(
          { account: resolution.account, idempotency: options.idempotency, idempotencyKey: undefined, clock },
          {
            route: '/strategy/squareoff',
            request: { strategy: strategy.id, symbol: mapping.symbol, day },
            clientOrderId: squareoffKey(strategy, day, mapping.symbol, mapping.exchange),
            order: { kind: 'exit', route: 'placesmartorder', order },
          },
        );
        logger.info(
          {
            strategy: strategy.id,
            symbol: mapping.symbol,
            orderid: 'orderid' in answer ? answer.orderid : undefined,
          },
          'strategy square-off',
        );
      } catch (error) {
        logger.warn(
          { strategy: strategy.id, symbol: mapping.symbol, err: error },
          'strategy square-off failed',
        );
      }
    }
  };

  const runDue = (fromMs: number, toMs: number) => {
    for (const strategy of book.activeIntraday()) {
      // The square-off instants of the IST days the interval touches.
      for (const day of new Set([fromMs, toMs])) {
        const due = istTimeOn(day, strategy.squareoffTime as string);
        if (due <= fromMs || due > toMs) continue;
        running = running.then(() =>
          flatten(strategy, due).catch((error: unknown) =>
            logger.warn({ strategy: strategy.id, err: error }, 'strategy square-off failed'),
          ),
        );
      }
    }
  };

  const loop = async () => {
    while (!stop.signal.aborted) {
      const now = clock.now();
      const nextMinute = (Math.floor(now / MINUTE_MS) + 1) * MINUTE_MS;
      try {
        await clock.sleep(nextMinute - now, stop.signal);
      } catch {
        return;
      }
      if (stop.signal.aborted) return;
      const woke = clock.now();
      runDue(checkedUpTo, woke);
      checkedUpTo = woke;
    }
  };
  void loop();
  return {
    idle: () => running,
    async stop() {
      stop.abort();
      await running;
    },
  };
}
