import type Database from 'better-sqlite3';
import { SANDBOX_GTT_MIGRATION } from './migrations-sandbox-gtt.js';
import { STRATEGIES_MIGRATION } from './migrations-strategies.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Schema history, oldest first. A migration is never edited once released: add a new one. Each
 * runs in its own transaction together with its row in `schema_migrations`, so a crash leaves the
 * database at one version or the next, never between.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts, api keys, sessions, order journal, settings, sandbox state',
    sql: `
      CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        broker TEXT NOT NULL,
        label TEXT NOT NULL,
        user_id TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX accounts_broker_user ON accounts (broker, user_id) WHERE user_id IS NOT NULL;

      CREATE TABLE api_keys (
        id INTEGER PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts (id),
        lookup BLOB NOT NULL UNIQUE,
        prefix TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('generated', 'env')),
        created_at INTEGER NOT NULL
      );
      CREATE INDEX api_keys_account ON api_keys (account_id);

      CREATE TABLE sessions (
        account_id TEXT PRIMARY KEY REFERENCES accounts (id),
        ciphertext BLOB NOT NULL,
        iv BLOB NOT NULL,
        tag BLOB NOT NULL,
        key_id TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE order_journal (
        account_id TEXT NOT NULL,
        client_order_id TEXT NOT NULL,
        venue TEXT NOT NULL CHECK (venue IN ('live', 'analyze')),
        broker_order_id TEXT,
        request TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'acknowledged', 'failed', 'unknown')),
        outcome TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, client_order_id)
      );
      CREATE INDEX order_journal_unsettled ON order_journal (state, created_at)
        WHERE state IN ('pending', 'unknown');
      CREATE INDEX order_journal_account_time ON order_journal (account_id, created_at);

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      CREATE TABLE sandbox_accounts (
        account_id TEXT PRIMARY KEY,
        record TEXT NOT NULL
      );
      CREATE TABLE sandbox_orders (
        account_id TEXT NOT NULL,
        order_id TEXT NOT NULL,
        sequence INTEGER NOT NULL,
        record TEXT NOT NULL,
        PRIMARY KEY (account_id, order_id)
      );
      CREATE TABLE sandbox_trades (
        account_id TEXT NOT NULL,
        trade_id TEXT NOT NULL,
        sequence INTEGER NOT NULL,
        record TEXT NOT NULL,
        PRIMARY KEY (account_id, trade_id)
      );
      CREATE TABLE sandbox_positions (
        account_id TEXT NOT NULL,
        key TEXT NOT NULL,
        record TEXT NOT NULL,
        PRIMARY KEY (account_id, key)
      );
      CREATE TABLE sandbox_holdings (
        account_id TEXT NOT NULL,
        key TEXT NOT NULL,
        record TEXT NOT NULL,
        PRIMARY KEY (account_id, key)
      );
    `,
  },
  {
    version: 2,
    name: 'idempotency keys',
    // One row per client key (an Idempotency-Key header or a client_order_id) of an account. The
    // broker tag is the client order id the server generated and sent, which the order journal is
    // keyed by; the answer is the final success body, replayed verbatim to a retry.
    sql: `
      CREATE TABLE idempotency_keys (
        account_id TEXT NOT NULL,
        key TEXT NOT NULL,
        route TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        broker_tag TEXT,
        answer TEXT,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, key)
      );
      CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
      CREATE INDEX idempotency_keys_tag ON idempotency_keys (account_id, broker_tag)
        WHERE broker_tag IS NOT NULL;
    `,
  },
  {
    version: 3,
    name: 'rate windows per broker login',
    // The recent send times of each rate-limit bucket of one broker login (broker + broker user id),
    // as JSON {bucket: [epoch ms…]}, so a restart does not forget sends still inside a window.
    sql: `
      CREATE TABLE rate_windows (
        broker TEXT NOT NULL,
        login TEXT NOT NULL,
        send_times TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (broker, login)
      );
    `,
  },
  STRATEGIES_MIGRATION,
  SANDBOX_GTT_MIGRATION,
];

export class SchemaTooNewError extends Error {
  constructor(path: string, found: number, known: number) {
    super(
      `The database ${path} is at schema version ${found}, but this openalgo only knows up to ` +
        `version ${known}: it was written by a newer release. Upgrade openalgo, or point --data-dir ` +
        'at another directory.',
    );
    this.name = 'SchemaTooNewError';
  }
}

/** Applies every migration newer than the database; returns the versions applied. */
export function migrate(db: Database.Database, path: string, migrations = MIGRATIONS): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const current = schemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) throw new SchemaTooNewError(path, current, latest);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, Date.now());
    })();
    applied.push(migration.version);
  }
  return applied;
}

export function schemaVersion(db: Database.Database): number {
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as {
    version: number | null;
  };
  return row.version ?? 0;
}
