import type { GttRecord } from '../engine/gtt-records.js';
import type {
  AccountRecord,
  HoldingRecord,
  OrderRecord,
  PositionRecord,
  SandboxState,
  TradeRecord,
} from '../engine/records.js';

export type { GttLegRecord, GttRecord, GttStatus, GttType } from '../engine/gtt-records.js';

/** One change inside an atomic batch. Upserts are keyed by the record's id/key. */
export type StoreMutation =
  | { type: 'account'; record: AccountRecord }
  | { type: 'order'; record: OrderRecord }
  | { type: 'trade'; record: TradeRecord }
  | { type: 'position'; record: PositionRecord }
  | { type: 'deletePosition'; key: string }
  | { type: 'holding'; record: HoldingRecord }
  | { type: 'deleteHolding'; key: string }
  /** A GTT, upserted by its id. Fired together with the order it placed, in one batch. */
  | { type: 'gtt'; record: GttRecord };

/**
 * Where the sandbox keeps an account's state. Deliberately small and synchronous so a SQLite
 * implementation (better-sqlite3 is synchronous) maps one call to one transaction.
 *
 * - `apply` is all-or-nothing: either every mutation of the batch is stored or none is (throw).
 *   The engine writes here first and only then changes its memory, so a failed write leaves both
 *   untouched.
 * - Records are plain flat objects. A store must not keep references to the objects it is given
 *   or hand out references to what it keeps (the engine mutates its own copies later).
 */
export interface SandboxStore {
  /**
   * The account's saved state (lists in creation order), or undefined for a new account. With a
   * scope, orders created and trades made before `scope.since(account)` may be left out: the
   * engine keeps only the current day in memory, as a broker's order book is day-scoped.
   */
  load(accountId: string, scope?: LoadScope): SandboxState | undefined;
  apply(accountId: string, mutations: readonly StoreMutation[]): void;
  /** One order by id, earlier days' included (orderstatus of an order the book no longer holds). */
  order?(accountId: string, orderId: string): OrderRecord | undefined;
  /**
   * Every GTT of the account (any status), oldest first. A store without it keeps no GTTs across a
   * restart; both stores the project ships have it.
   */
  gtts?(accountId: string): GttRecord[];
}

/**
 * What `load` may leave out: orders and trades whose ids sort before these (string order). Ids
 * begin with their IST day (`YYMMDD`), so these are the first ids of the day the engine's
 * time-based work has reached; every IST midnight expires the working orders, so nothing older is
 * still working. A store can answer from its (account, id) key without another index.
 */
export interface LoadScope {
  firstOrderId(account: AccountRecord): string;
  firstTradeId(account: AccountRecord): string;
}
