import type Database from 'better-sqlite3';
import type {
  AccountRecord,
  AccountStore,
  ApiKeyRecord,
  ApiKeyStore,
  SealedSession,
  SessionStore,
  SettingsStore,
} from './types.js';

// Each SELECT names the columns after the record's fields and each write binds a record by name, so
// rows and records need no copying field by field.
const ACCOUNT = 'id, broker, label, user_id AS userId, created_at AS createdAt';
type AccountRow = Omit<AccountRecord, 'userId'> & { userId: string | null };

const toAccount = (row: AccountRow): AccountRecord => ({ ...row, userId: row.userId ?? undefined });

export class SqliteAccounts implements AccountStore {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      list: db.prepare(`SELECT ${ACCOUNT} FROM accounts ORDER BY created_at, rowid`),
      get: db.prepare(`SELECT ${ACCOUNT} FROM accounts WHERE id = ?`),
      byUser: db.prepare(`SELECT ${ACCOUNT} FROM accounts WHERE broker = ? AND user_id = ?`),
      insert: db.prepare(
        `INSERT INTO accounts (id, broker, label, user_id, created_at)
         VALUES (@id, @broker, @label, @userId, @createdAt) ON CONFLICT (id) DO NOTHING`,
      ),
      setUser: db.prepare('UPDATE accounts SET user_id = ? WHERE id = ?'),
    };
  }

  list(): AccountRecord[] {
    return (this.s.list.all() as AccountRow[]).map(toAccount);
  }

  get(id: string): AccountRecord | undefined {
    const row = this.s.get.get(id) as AccountRow | undefined;
    return row ? toAccount(row) : undefined;
  }

  findByUser(broker: string, userId: string): AccountRecord | undefined {
    const row = this.s.byUser.get(broker, userId) as AccountRow | undefined;
    return row ? toAccount(row) : undefined;
  }

  ensure(record: AccountRecord): AccountRecord {
    this.s.insert.run(record);
    return this.get(record.id) ?? record;
  }

  setUserId(id: string, userId: string): void {
    this.s.setUser.run(userId, id);
  }
}

const API_KEY = 'id, account_id AS accountId, lookup, prefix, source, created_at AS createdAt';

export class SqliteApiKeys implements ApiKeyStore {
  private readonly s;
  private readonly replace: (accountId: string, record: Omit<ApiKeyRecord, 'id'>) => ApiKeyRecord;

  constructor(db: Database.Database) {
    this.s = {
      byLookup: db.prepare(`SELECT ${API_KEY} FROM api_keys WHERE lookup = ?`),
      byAccount: db.prepare(`SELECT ${API_KEY} FROM api_keys WHERE account_id = ? ORDER BY id`),
      insert: db.prepare(
        `INSERT INTO api_keys (account_id, lookup, prefix, source, created_at)
         VALUES (@accountId, @lookup, @prefix, @source, @createdAt)`,
      ),
      deleteAccount: db.prepare('DELETE FROM api_keys WHERE account_id = ?'),
      deleteSource: db.prepare('DELETE FROM api_keys WHERE source = ?'),
      deleteLookup: db.prepare('DELETE FROM api_keys WHERE lookup = ?'),
      deleteAll: db.prepare('DELETE FROM api_keys'),
    };
    this.replace = db.transaction((accountId: string, record: Omit<ApiKeyRecord, 'id'>) => {
      this.s.deleteAccount.run(accountId);
      return this.insert(record);
    });
  }

  findByLookup(lookup: Buffer): ApiKeyRecord | undefined {
    return this.s.byLookup.get(lookup) as ApiKeyRecord | undefined;
  }

  listForAccount(accountId: string): ApiKeyRecord[] {
    return this.s.byAccount.all(accountId) as ApiKeyRecord[];
  }

  insert(record: Omit<ApiKeyRecord, 'id'>): ApiKeyRecord {
    return { ...record, id: Number(this.s.insert.run(record).lastInsertRowid) };
  }

  replaceForAccount(accountId: string, record: Omit<ApiKeyRecord, 'id'>): ApiKeyRecord {
    return this.replace(accountId, record);
  }

  deleteWhere(filter: { source: ApiKeyRecord['source'] }): number {
    return this.s.deleteSource.run(filter.source).changes;
  }

  deleteByLookup(lookup: Buffer): number {
    return this.s.deleteLookup.run(lookup).changes;
  }

  deleteAll(): number {
    return this.s.deleteAll.run().changes;
  }
}

const SESSION =
  'account_id AS accountId, ciphertext, iv, tag, key_id AS keyId, expires_at AS expiresAt, updated_at AS updatedAt';

export class SqliteSessions implements SessionStore {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      get: db.prepare(`SELECT ${SESSION} FROM sessions WHERE account_id = ?`),
      put: db.prepare(
        `INSERT INTO sessions (account_id, ciphertext, iv, tag, key_id, expires_at, updated_at)
         VALUES (@accountId, @ciphertext, @iv, @tag, @keyId, @expiresAt, @updatedAt)
         ON CONFLICT (account_id) DO UPDATE SET ciphertext = excluded.ciphertext, iv = excluded.iv,
           tag = excluded.tag, key_id = excluded.key_id, expires_at = excluded.expires_at,
           updated_at = excluded.updated_at`,
      ),
      deleteAll: db.prepare('DELETE FROM sessions'),
    };
  }

  get(accountId: string): SealedSession | undefined {
    return this.s.get.get(accountId) as SealedSession | undefined;
  }

  put(session: SealedSession): void {
    this.s.put.run(session);
  }

  deleteAll(): number {
    return this.s.deleteAll.run().changes;
  }
}

export class SqliteSettings implements SettingsStore {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      get: db.prepare('SELECT value FROM settings WHERE key = ?'),
      set: db.prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
      delete: db.prepare('DELETE FROM settings WHERE key = ?'),
    };
  }

  get(key: string): string | undefined {
    return (this.s.get.get(key) as { value: string } | undefined)?.value;
  }

  set(key: string, value: string): void {
    this.s.set.run(key, value);
  }

  delete(key: string): void {
    this.s.delete.run(key);
  }
}
