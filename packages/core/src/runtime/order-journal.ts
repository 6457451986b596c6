export type JournalState = 'pending' | 'acknowledged' | 'failed' | 'unknown';
/** Where the order went: the account's broker, or the sandbox while the account is in analyzer mode. */
export type JournalVenue = 'live' | 'analyze';

export interface JournalEntry {
  accountId: string;
  clientOrderId: string;
  venue: JournalVenue;
  brokerOrderId: string | undefined;
  /** The order as sent to the adapter (no secrets: symbols, quantities, prices). */
  request: unknown;
  state: JournalState;
  /** The broker's ack or the error's JSON form. */
  outcome: unknown;
  createdAt: number;
  updatedAt: number;
}

export interface JournalOutcome {
  state: Exclude<JournalState, 'pending'>;
  brokerOrderId?: string;
  outcome: unknown;
  at: number;
}

/**
 * The order journal: a `pending` row is durable before the broker hears of the order, and is
 * settled afterwards. After a crash, pending rows are settled from the broker's order book. Every
 * method is synchronous, so a caller never interleaves half-done writes; the host supplies the
 * storage (the server keeps it in SQLite).
 */
export interface OrderJournal {
  /**
   * Records a new pending order. Returns false (and writes nothing) when the account already has a
   * row with this client order id, so one id can never reach the broker twice.
   * `durable: true` waits for the disk (fsync) — used for orders with real money behind them.
   * `durable: false` is for an in-process venue (the sandbox) whose book lives in the same store:
   * the store may hold the row and commit it inside the venue's own write of the order (so it is on
   * record no later than the order, and a crash leaves both or neither); `get` and the listings
   * still see it, and a settle before that write commits it, settled.
   */
  begin(
    entry: Pick<JournalEntry, 'accountId' | 'clientOrderId' | 'venue' | 'request'> & { at: number },
    options: { durable: boolean },
  ): boolean;
  /** Moves a failed entry back to pending for a fresh attempt (a definite failure never reached the book). */
  retry(accountId: string, clientOrderId: string, at: number, options: { durable: boolean }): boolean;
  settle(accountId: string, clientOrderId: string, outcome: JournalOutcome): void;
  get(accountId: string, clientOrderId: string): JournalEntry | undefined;
  /** Entries in the given states, oldest first (for reconciliation). */
  listByState(states: readonly JournalState[], accountId?: string): JournalEntry[];
  list(accountId: string, limit?: number): JournalEntry[];
}
