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

interface AccountRow {
  id: string;
  broker: string;
  label: string;
  user_id: string | null;
  created_at: number;
}

const toAccount = (row: AccountRow): AccountRecord => ({
  id: row.id,
  broker: row.broker,
  label: row.label,
  userId: row.user_id ?? undefined,
  createdAt: row.created_at,
});

export class SqliteAccounts implements AccountStore {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      list: db.prepare('SELECT * FROM accounts ORDER BY created_at, rowid'),
      get: db.prepare('SELECT * FROM accounts WHERE id = ?'),
      byUser: db.prepare('SELECT * FROM accounts WHERE broker = ? AND user_id = ?'),
      insert: db.prepare(
        `INSERT INTO accounts (id, broker, label, user_id, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (id) DO NOTHING`,
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
    this.s.insert.run(record.id, record.broker, record.label, record.userId ?? null, record.createdAt);
    return this.get(record.id) ?? record;
  }

  setUserId(id: string, userId: string): void {
    this.s.setUser.run(userId, id);
  }
}

interface ApiKeyRow {
  id: number;
  account_id: string;
  lookup: Buffer;
  prefix: string;
  source: ApiKeyRecord['source'];
  created_at: number;
}

const toApiKey = (row: ApiKeyRow): ApiKeyRecord => ({
  id: row.id,
  accountId: row.account_id,
  lookup: row.lookup,
  prefix: row.prefix,
  source: row.source,
  createdAt: row.created_at,
});

export class SqliteApiKeys implements ApiKeyStore {
  private readonly s;
  private readonly replace: (accountId: string, record: Omit<ApiKeyRecord, 'id'>) => ApiKeyRecord;

  constructor(db: Database.Database) {
    this.s = {
      byLookup: db.prepare('SELECT * FROM api_keys WHERE lookup = ?'),
      byAccount: db.prepare('SELECT * FROM api_keys WHERE account_id = ? ORDER BY id'),
      insert: db.prepare(
        'INSERT INTO api_keys (account_id, lookup, prefix, source, created_at) VALUES (?, ?, ?, ?, ?)',
      ),
      deleteAccount: db.prepare('DELETE FROM api_keys WHERE account_id = ?'),
      deleteAccountSource: db.prepare('DELETE FROM api_keys WHERE account_id = ? AND source = ?'),
      deleteSource: db.prepare('DELETE FROM api_keys WHERE source = ?'),
      deleteAll: db.prepare('DELETE FROM api_keys'),
    };
    this.replace = db.transaction((accountId: string, record: Omit<ApiKeyRecord, 'id'>) => {
      this.s.deleteAccount.run(accountId);
      return this.insert(record);
    });
  }

  findByLookup(lookup: Buffer): ApiKeyRecord | undefined {
    const row = this.s.byLookup.get(lookup) as ApiKeyRow | undefined;
    return row ? toApiKey(row) : undefined;
  }

  listForAccount(accountId: string): ApiKeyRecord[] {
    return (this.s.byAccount.all(accountId) as ApiKeyRow[]).map(toApiKey);
  }

  insert(record: Omit<ApiKeyRecord, 'id'>): ApiKeyRecord {
    const result = this.s.insert.run(
      record.accountId,
      record.lookup,
      record.prefix,
      record.source,
      record.createdAt,
    );
    return { ...record, id: Number(result.lastInsertRowid) };
  }

  replaceForAccount(accountId: string, record: Omit<ApiKeyRecord, 'id'>): ApiKeyRecord {
    return this.replace(accountId, record);
  }

  deleteWhere(filter: { accountId?: string; source?: ApiKeyRecord['source'] }): number {
    const { accountId, source } = filter;
    if (accountId !== undefined && source !== undefined)
      return this.s.deleteAccountSource.run(accountId, source).changes;
    if (accountId !== undefined) return this.s.deleteAccount.run(accountId).changes;
    if (source !== undefined) return this.s.deleteSource.run(source).changes;
    throw new Error('deleteWhere needs an accountId or a source; use deleteAll to delete every key');
  }

  deleteAll(): number {
    return this.s.deleteAll.run().changes;
  }
}

interface SessionRow {
  account_id: string;
  ciphertext: Buffer;
  iv: Buffer;
  tag: Buffer;
  key_id: string;
  expires_at: number;
  updated_at: number;
}

export class SqliteSessions implements SessionStore {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      get: db.prepare('SELECT * FROM sessions WHERE account_id = ?'),
      put: db.prepare(
        `INSERT INTO sessions (account_id, ciphertext, iv, tag, key_id, expires_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (account_id) DO UPDATE SET ciphertext = excluded.ciphertext, iv = excluded.iv,
           tag = excluded.tag, key_id = excluded.key_id, expires_at = excluded.expires_at,
           updated_at = excluded.updated_at`,
      ),
      delete: db.prepare('DELETE FROM sessions WHERE account_id = ?'),
      deleteAll: db.prepare('DELETE FROM sessions'),
    };
  }

  get(accountId: string): SealedSession | undefined {
    const row = this.s.get.get(accountId) as SessionRow | undefined;
    if (!row) return undefined;
    return {
      accountId: row.account_id,
      ciphertext: row.ciphertext,
      iv: row.iv,
      tag: row.tag,
      keyId: row.key_id,
      expiresAt: row.expires_at,
      updatedAt: row.updated_at,
    };
  }

  put(session: SealedSession): void {
    this.s.put.run(
      session.accountId,
      session.ciphertext,
      session.iv,
      session.tag,
      session.keyId,
      session.expiresAt,
      session.updatedAt,
    );
  }

  delete(accountId: string): void {
    this.s.delete.run(accountId);
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
