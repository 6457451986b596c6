import { z } from 'zod';
import type { BrokerAdapter } from '../contract/adapter.js';
import type { Logger } from '../http/logger.js';
import { noopLogger } from '../http/logger.js';
import { parseOrThrow } from '../model/validation.js';
import { type Clock, systemClock } from '../time/clock.js';
import { newClientOrderId } from './client-order-id.js';
import { KeyedMutex } from './keyed-mutex.js';

export interface ReconcileOptions {
  /** Order-book lookups after an ambiguous place failure, the first one immediately. */
  attempts: number;
  /** Clock time between two lookups. */
  intervalMs: number;
}

export const DEFAULT_RECONCILE: Readonly<ReconcileOptions> = Object.freeze({ attempts: 5, intervalMs: 1000 });

export interface TradingServiceOptions {
  adapter: BrokerAdapter;
  /** Defaults to the system clock; tests pass a ManualClock. */
  clock?: Clock;
  logger?: Logger;
  /** Defaults to 16 random letters/digits; must produce ids valid for ClientOrderIdSchema. */
  newClientOrderId?: () => string;
  reconcile?: Partial<ReconcileOptions>;
  /**
   * Where reconciliation reads the order book, resolved again at every lookup. A host that replaces
   * an account's adapter (a re-login closes the old one) passes the account's current adapter here:
   * a reconciliation sleeping between lookups must not poll a closed adapter and report an order
   * unknown that the broker took. Defaults to `adapter`.
   */
  orderBook?: () => BrokerAdapter | Promise<BrokerAdapter>;
}

/** Everything a trading service needs, resolved once and shared by the services of one account. */
export interface TradingContext {
  readonly adapter: BrokerAdapter;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly newClientOrderId: () => string;
  readonly reconcile: Readonly<ReconcileOptions>;
  /** The adapter reconciliation reads the order book from, resolved at each lookup (see TradingServiceOptions). */
  readonly orderBook: () => BrokerAdapter | Promise<BrokerAdapter>;
  /** One lock table per account, so concurrent smart orders on the same instrument queue up. */
  readonly smartOrderLocks: KeyedMutex;
}

const ReconcileOptionsSchema = z.object({
  attempts: z.number().int().min(1).max(100),
  intervalMs: z.number().int().min(0).max(60_000),
});

export function createTradingContext(options: TradingServiceOptions): TradingContext {
  const reconcile = parseOrThrow(
    ReconcileOptionsSchema,
    { ...DEFAULT_RECONCILE, ...options.reconcile },
    'reconcile options',
  );
  const logger = options.logger ?? noopLogger;
  return {
    adapter: options.adapter,
    clock: options.clock ?? systemClock,
    logger: logger.child({ component: 'trading', broker: options.adapter.manifest.id }),
    newClientOrderId: options.newClientOrderId ?? newClientOrderId,
    reconcile,
    orderBook: options.orderBook ?? (() => options.adapter),
    smartOrderLocks: new KeyedMutex(),
  };
}
