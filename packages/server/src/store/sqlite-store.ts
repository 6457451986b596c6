import { basename, dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import { createPrivateFile, secureDataDir } from './data-dir-permissions.js';
import { migrate, schemaVersion } from './migrations.js';
import { openDatabase } from './sqlite-driver.js';
import { SqliteIdempotencyStore } from './sqlite-idempotency.js';
import { SqliteOrderJournal } from './sqlite-journal.js';
import { SqliteRateWindows } from './sqlite-rate-windows.js';
import { SqliteSandboxStore } from './sqlite-sandbox.js';
import { SqliteStrategies } from './sqlite-strategies.js';
import { SqliteAccounts, SqliteApiKeys, SqliteSessions, SqliteSettings } from './sqlite-tables.js';
import type { ServerStore } from './types.js';
import { startWalCheckpoints, type WalCheckpointOptions } from './wal-checkpoints.js';

export const DATABASE_FILE = 'openalgo.db';

/** The database and the two files SQLite keeps beside it in WAL mode: all private (0600). */
export const DATABASE_FILES = [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`] as const;

export function databasePath(dataDir: string): string {
  return join(dataDir, DATABASE_FILE);
}

function configure(db: Database.Database, synchronous: 'NORMAL' | 'FULL'): void {
  // WAL: readers never block the writer, and a commit is one append to the log.
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('foreign_keys = ON');
  // A CLI command (`openalgo apikey --regenerate`) may write while the server runs.
  db.pragma('busy_timeout = 5000');
}

export interface SqliteStoreOptions {
  /**
   * Checkpoint the WAL on this clock's interval instead of inside commits (the server's store).
   * Without it SQLite's automatic checkpoints run, which suits short CLI commands.
   */
  checkpoints?: WalCheckpointOptions;
}

/**
 * The embedded store: one SQLite file (`<dataDir>/openalgo.db`) opened through two connections.
 * The main one runs synchronous=NORMAL (WAL): a commit survives the process being killed, since
 * the log is written before the commit returns. The durable one runs synchronous=FULL and is used
 * only to put an order on record before it is sent, so that record also survives a power cut.
 */
export class SqliteStore implements ServerStore {
  readonly path: string;
  readonly accounts: SqliteAccounts;
  readonly apiKeys: SqliteApiKeys;
  readonly sessions: SqliteSessions;
  readonly journal: SqliteOrderJournal;
  readonly settings: SqliteSettings;
  readonly idempotency: SqliteIdempotencyStore;
  readonly sandbox: SqliteSandboxStore;
  readonly rateWindows: SqliteRateWindows;
  readonly strategies: SqliteStrategies;
  /** Migrations applied when this instance opened the file (empty when it was current). */
  readonly migrated: number[];
  private readonly db: Database.Database;
  private readonly durableDb: Database.Database;
  private closed = false;
  private stopCheckpoints: (() => Promise<void>) | undefined;
  private checkpointsStopped: Promise<void> = Promise.resolve();

  private constructor(path: string, options: SqliteStoreOptions) {
    this.path = path;
    this.db = openDatabase(path);
    try {
      configure(this.db, 'NORMAL');
      this.migrated = migrate(this.db, path);
      this.durableDb = openDatabase(path);
      configure(this.durableDb, 'FULL');
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.accounts = new SqliteAccounts(this.db);
    this.apiKeys = new SqliteApiKeys(this.db);
    this.sessions = new SqliteSessions(this.db);
    this.journal = new SqliteOrderJournal(this.db, this.durableDb);
    this.settings = new SqliteSettings(this.db);
    this.idempotency = new SqliteIdempotencyStore(this.db);
    this.sandbox = new SqliteSandboxStore(this.db, this.journal);
    this.rateWindows = new SqliteRateWindows(this.db);
    this.strategies = new SqliteStrategies(this.db);
    if (options.checkpoints) {
      this.stopCheckpoints = startWalCheckpoints([this.db, this.durableDb], path, options.checkpoints);
    }
  }

  /** Opens (creating and migrating as needed) the database at `path`. */
  static open(path: string, options: SqliteStoreOptions = {}): SqliteStore {
    const name = basename(path);
    // Best effort and silent here: `openalgo serve` reports what it could not tighten, once.
    secureDataDir(dirname(path), [name, `${name}-wal`, `${name}-shm`]);
    // Created private before SQLite opens it: SQLite gives -wal and -shm the database file's mode.
    createPrivateFile(path);
    return new SqliteStore(path, options);
  }

  static openDataDir(dataDir: string, options: SqliteStoreOptions = {}): SqliteStore {
    return SqliteStore.open(databasePath(dataDir), options);
  }

  get schemaVersion(): number {
    return schemaVersion(this.db);
  }

  /** Settles once nothing of this store (its checkpoint worker included) still has the data dir open. */
  whenClosed(): Promise<void> {
    return this.checkpointsStopped;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.stopCheckpoints) this.checkpointsStopped = this.stopCheckpoints();
    // Orders still in flight to the sandbox keep their pending row, for recovery at the next start.
    this.journal.flushHeld();
    this.durableDb.close();
    // Folds the log back into the database file so the data dir is one self-contained file at rest.
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      this.db.close();
    }
  }
}
