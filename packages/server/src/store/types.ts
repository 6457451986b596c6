import type { OrderJournal, SendTimes } from '@openalgo/core';
import type { SandboxStore } from '@openalgo/sandbox';

/**
 * The server's persistent state behind one interface (docs/architecture.md §8), so a shared database can replace
 * the embedded SQLite file when one machine is not enough. Every method is synchronous: the SQLite
 * implementation maps each call to one statement or one transaction, and callers never interleave
 * half-done writes.
 */

export interface AccountRecord {
  /** Stable id (`sandbox`, `zerodha`, `zerodha-2`…); API keys and sessions hang off it. */
  id: string;
  /** Broker plugin id. */
  broker: string;
  label: string;
  /** The broker's user id, once a login has told us; undefined for an account never logged in. */
  userId: string | undefined;
  createdAt: number;
}

export interface AccountStore {
  list(): AccountRecord[];
  get(id: string): AccountRecord | undefined;
  findByUser(broker: string, userId: string): AccountRecord | undefined;
  /** Inserts the account unless one with this id exists; returns what is stored either way. */
  ensure(record: AccountRecord): AccountRecord;
  setUserId(id: string, userId: string): void;
}

export interface ApiKeyRecord {
  id: number;
  accountId: string;
  /** HMAC-SHA256(pepper, key): the only form of the key that is ever stored. */
  lookup: Buffer;
  /** First characters of the key, so a user can tell keys apart (24 of 256 bits: harmless). */
  prefix: string;
  /** `generated` (shown once) or `env` (OPENALGO_API_KEY). */
  source: 'generated' | 'env';
  createdAt: number;
}

export interface ApiKeyStore {
  findByLookup(lookup: Buffer): ApiKeyRecord | undefined;
  listForAccount(accountId: string): ApiKeyRecord[];
  insert(record: Omit<ApiKeyRecord, 'id'>): ApiKeyRecord;
  /** Atomically deletes every key of the account and inserts `record` (regenerate). */
  replaceForAccount(accountId: string, record: Omit<ApiKeyRecord, 'id'>): ApiKeyRecord;
  /** Deletes the keys of one source (OPENALGO_API_KEY's when the variable changed or went away). */
  deleteWhere(filter: { source: ApiKeyRecord['source'] }): number;
  /** Deletes the one key with this digest (a key minted for a start that then failed). */
  deleteByLookup(lookup: Buffer): number;
  deleteAll(): number;
}

/** A broker session sealed with AES-256-GCM (see auth/session-vault.ts). */
export interface SealedSession {
  accountId: string;
  ciphertext: Buffer;
  iv: Buffer;
  tag: Buffer;
  /** Fingerprint of the secret key that sealed it, so a changed key is named, not guessed at. */
  keyId: string;
  /** Copied out of the session (not secret) so expiry is visible without decrypting. */
  expiresAt: number;
  updatedAt: number;
}

export interface SessionStore {
  get(accountId: string): SealedSession | undefined;
  put(session: SealedSession): void;
  deleteAll(): number;
}

export interface SettingsStore {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
  delete(key: string): void;
}

/**
 * One client key of an account: an `Idempotency-Key` header or a `client_order_id` (a basket leg's,
 * a split child's). Answers to a retry under the key come from here and from the order journal.
 */
export interface IdempotencyRecord {
  accountId: string;
  key: string;
  /** The endpoint path (a basket leg's is `/basketorder#leg`): part of what a retry must match. */
  route: string;
  /** Hash of the canonical validated request: the same key with another request is a conflict. */
  fingerprint: string;
  /** The client order id the server sent to the broker for this key (none for non-order writes). */
  brokerTag: string | undefined;
  /** The final success body, once there is one; replayed verbatim. */
  answer: unknown;
  createdAt: number;
  expiresAt: number;
}

/** What the order journal knows about the order a key (or a server-generated tag) was sent as. */
export interface KeyedOrder {
  /** The key's record; undefined when the id is a server-generated tag with no client key. */
  record: IdempotencyRecord | undefined;
  /** Undefined for a key that names a whole request (a basket's, a split's), not one order. */
  brokerTag: string | undefined;
  /** The journal's state; undefined when the order never reached the journal. */
  journalState: 'pending' | 'acknowledged' | 'failed' | 'unknown' | undefined;
  brokerOrderId: string | undefined;
}

export interface IdempotencyStore {
  /**
   * Inserts each record unless its key is held (an expired row is replaced), all in one transaction;
   * returns what is stored for each, with whether this call inserted it.
   */
  claim(
    records: readonly Omit<IdempotencyRecord, 'answer'>[],
  ): { record: IdempotencyRecord; inserted: boolean }[];
  /** Removes rows this request inserted and then gave up (a conflict on another key). */
  release(accountId: string, keys: readonly string[]): void;
  /** Records the final answer of a key. */
  finish(accountId: string, key: string, answer: unknown): void;
  /** Resolves a client key, or else a server-generated tag, through the order journal. */
  lookup(accountId: string, id: string, now: number): KeyedOrder | undefined;
  /** Deletes expired rows; returns how many. */
  sweep(now: number): number;
}

/** Where the rate windows of broker logins are kept between runs (`LoginRateLimiters`). */
export interface RateWindowStore {
  /** The saved send times of a login, or undefined when none are saved (or the row is unreadable). */
  load(broker: string, login: string): SendTimes | undefined;
  /** Replaces the login's send times; an empty snapshot deletes the row. */
  save(broker: string, login: string, sendTimes: SendTimes, at: number): void;
}

/** One symbol a strategy trades: what a webhook naming `symbol` orders (strategy webhooks). */
export interface StrategySymbol {
  symbol: string;
  exchange: string;
  /** The order quantity of an entry (a positive whole number). */
  quantity: number;
  product: string;
}

/** A strategy of an account: its webhook (a secret id), its mode, hours and symbols. */
export interface StrategyRecord {
  id: number;
  accountId: string;
  name: string;
  /** The secret the webhook URL carries; never logged. */
  webhookId: string;
  active: boolean;
  type: 'intraday' | 'positional';
  tradingMode: 'LONG' | 'SHORT' | 'BOTH';
  /** HH:MM IST; set for intraday strategies only. */
  startTime: string | undefined;
  endTime: string | undefined;
  squareoffTime: string | undefined;
  symbols: StrategySymbol[];
  createdAt: number;
  updatedAt: number;
}

/** What a strategy is created or replaced with (the store assigns the id). */
export type StrategyFields = Omit<StrategyRecord, 'id' | 'createdAt' | 'updatedAt'>;

export interface StrategyStore {
  /** Inserts a strategy and its symbols in one transaction; a name the account already has throws. */
  insert(fields: StrategyFields, at: number): StrategyRecord;
  get(id: number): StrategyRecord | undefined;
  findByWebhookId(webhookId: string): StrategyRecord | undefined;
  /** Every strategy, or an account's, oldest first. */
  list(accountId?: string): StrategyRecord[];
  /** Replaces a strategy's fields and symbols in one transaction; false when there is no such strategy. */
  update(id: number, fields: StrategyFields, at: number): boolean;
  /** Deletes a strategy and its symbols; false when there was none. */
  delete(id: number): boolean;
}

export interface ServerStore {
  readonly accounts: AccountStore;
  readonly apiKeys: ApiKeyStore;
  readonly sessions: SessionStore;
  /** Core's order journal contract (`JournalingAdapter`, restart recovery), kept in this database. */
  readonly journal: OrderJournal;
  readonly settings: SettingsStore;
  /** Client idempotency keys (24 h), mapped onto the journal's broker tags. */
  readonly idempotency: IdempotencyStore;
  /** The sandbox engine's durable state (the built-in sandbox broker and analyzer mode). */
  readonly sandbox: SandboxStore;
  /** Recent send times of each broker login's rate windows, so a restart keeps them. */
  readonly rateWindows: RateWindowStore;
  /** Strategies and their webhooks (strategy webhooks). */
  readonly strategies: StrategyStore;
  /** Flushes and closes. Idempotent. */
  close(): void;
}
