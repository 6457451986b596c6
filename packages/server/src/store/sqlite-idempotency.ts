import type Database from 'better-sqlite3';
import type { IdempotencyRecord, IdempotencyStore, KeyedOrder } from './types.js';

const RECORD = `account_id AS accountId, key, route, fingerprint, broker_tag AS brokerTag, answer,
  created_at AS createdAt, expires_at AS expiresAt`;

type RecordRow = Omit<IdempotencyRecord, 'brokerTag' | 'answer'> & {
  brokerTag: string | null;
  answer: string | null;
};
type JournalRow = { state: KeyedOrder['journalState']; brokerOrderId: string | null };

const toRecord = (row: RecordRow): IdempotencyRecord => ({
  ...row,
  brokerTag: row.brokerTag ?? undefined,
  answer: row.answer === null ? undefined : JSON.parse(row.answer),
});

/**
 * Idempotency keys in SQLite, beside the order journal they point into. A key is held for its TTL;
 * an expired row is taken over by the next claim (and swept), so a key reused after a day is a new
 * request. Lookups join a key's broker tag to the journal row the journaling adapter wrote for it.
 */
export class SqliteIdempotencyStore implements IdempotencyStore {
  private readonly s;
  private readonly claimAll: IdempotencyStore['claim'];

  constructor(db: Database.Database) {
    this.s = {
      // Takes the key when it is free or expired; a live row is left as it is.
      insert: db.prepare(
        `INSERT INTO idempotency_keys
           (account_id, key, route, fingerprint, broker_tag, answer, created_at, expires_at)
         VALUES (@accountId, @key, @route, @fingerprint, @brokerTag, NULL, @createdAt, @expiresAt)
         ON CONFLICT (account_id, key) DO UPDATE SET route = excluded.route,
           fingerprint = excluded.fingerprint, broker_tag = excluded.broker_tag, answer = NULL,
           created_at = excluded.created_at, expires_at = excluded.expires_at
         WHERE idempotency_keys.expires_at <= excluded.created_at`,
      ),
      get: db.prepare(`SELECT ${RECORD} FROM idempotency_keys WHERE account_id = ? AND key = ?`),
      live: db.prepare(
        `SELECT ${RECORD} FROM idempotency_keys WHERE account_id = ? AND key = ? AND expires_at > ?`,
      ),
      release: db.prepare('DELETE FROM idempotency_keys WHERE account_id = ? AND key = ? AND answer IS NULL'),
      finish: db.prepare('UPDATE idempotency_keys SET answer = ? WHERE account_id = ? AND key = ?'),
      journal: db.prepare(
        `SELECT state, broker_order_id AS brokerOrderId FROM order_journal
         WHERE account_id = ? AND client_order_id = ?`,
      ),
      sweep: db.prepare('DELETE FROM idempotency_keys WHERE expires_at <= ?'),
    };
    this.claimAll = db.transaction((records: readonly Omit<IdempotencyRecord, 'answer'>[]) =>
      records.map((record) => {
        const inserted = this.s.insert.run({ ...record, brokerTag: record.brokerTag ?? null }).changes === 1;
        const row = this.s.get.get(record.accountId, record.key) as RecordRow;
        return { record: toRecord(row), inserted };
      }),
    );
  }

  claim(records: readonly Omit<IdempotencyRecord, 'answer'>[]) {
    return this.claimAll(records);
  }

  release(accountId: string, keys: readonly string[]): void {
    for (const key of keys) this.s.release.run(accountId, key);
  }

  finish(accountId: string, key: string, answer: unknown): void {
    this.s.finish.run(JSON.stringify(answer), accountId, key);
  }

  lookup(accountId: string, id: string, now: number): KeyedOrder | undefined {
    const row = this.s.live.get(accountId, id, now) as RecordRow | undefined;
    const record = row ? toRecord(row) : undefined;
    if (record && record.brokerTag === undefined) {
      return { record, brokerTag: undefined, journalState: undefined, brokerOrderId: undefined };
    }
    // Without a key of that name the id may be a tag the server generated (a request sent without one).
    const brokerTag = record?.brokerTag ?? id;
    const journal = this.s.journal.get(accountId, brokerTag) as JournalRow | undefined;
    if (!record && !journal) return undefined;
    return {
      record,
      brokerTag,
      journalState: journal?.state,
      brokerOrderId: journal?.brokerOrderId ?? undefined,
    };
  }

  sweep(now: number): number {
    return this.s.sweep.run(now).changes;
  }
}
