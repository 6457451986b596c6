import { expect } from 'vitest';
import type { FyersModel } from './fyers-sdk.js';
import { nearFuture, type SdkSession, startSdkSession } from './sdk-session.js';

export const SBIN = 'NSE:SBIN-EQ';
/** Pinned prices; SBIN's tick is 0.05. */
export const SBIN_PRICE = 600;
export const FUTURE_PRICE = 23_000;

/** Fyers order status ints (brokers.md §3.8): 1 cancelled, 2 filled, 4 trigger pending, 5 rejected, 6 open. */
export const STATUS = { cancelled: 1, filled: 2, triggerPending: 4, rejected: 5, open: 6 } as const;

/** What every place carries besides instrument, side, type and prices (brokers.md §3.10). */
export const ORDER_DEFAULTS = {
  validity: 'DAY',
  disclosedQty: 0,
  offlineOrder: false,
  stopLoss: 0,
  takeProfit: 0,
};

export interface TradingSession {
  s: SdkSession;
  /** An NSE future the simulator trades, priced at FUTURE_PRICE. */
  future: { ticker: string; lot: number };
}

/** The SDK logged in, SBIN and a future pinned at known prices. */
export async function startTradingSession(): Promise<TradingSession> {
  const s = await startSdkSession();
  const future = nearFuture(s.sim);
  s.sim.backdoor.setPrice({ symbol: 'SBIN', exchange: 'NSE' }, SBIN_PRICE);
  s.sim.backdoor.setPrice(future.ticker, FUTURE_PRICE);
  return { s, future };
}

/** `place_order` with the defaults; asserts Fyers' ack (a 14-digit id) and returns the id. */
export async function place(client: FyersModel, order: Record<string, unknown>): Promise<string> {
  const reply = await client.place_order({ ...ORDER_DEFAULTS, ...order });
  expect(reply).toMatchObject({ s: 'ok', id: expect.stringMatching(/^\d{14}$/) });
  return String(reply.id);
}

/** The one row `get_filtered_orders` answers for `id`. */
export async function orderById(client: FyersModel, id: string): Promise<Record<string, unknown>> {
  const reply = await client.get_filtered_orders({ order_id: id });
  const book = reply.orderBook as Array<Record<string, unknown>>;
  expect(book).toHaveLength(1);
  return book[0] as Record<string, unknown>;
}
