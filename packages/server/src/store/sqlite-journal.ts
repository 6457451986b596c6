import type { JournalEntry, JournalOutcome, JournalState, OrderJournal } from '@openalgo/core';
import type Database from 'better-sqlite3';

const ENTRY = `account_id AS accountId, client_order_id AS clientOrderId, venue, broker_order_id AS brokerOrderId,
  request, state, outcome, created_at AS createdAt, updated_at AS updatedAt`;
/** A row as SQLite returns it: the request and outcome still JSON text, absent values null. */
type JournalRow = Omit<JournalEntry, 'brokerOrderId' | 'request' | 'outcome'> & {
  brokerOrderId: string | null;
  request: string;
  outcome: string | null;
};

function toEntry(row: JournalRow): JournalEntry {
  return {
    ...row,
    brokerOrderId: row.brokerOrderId ?? undefined,
    request: JSON.parse(row.request),
    outcome: row.outcome === null ? undefined : JSON.parse(row.outcome),
  };
}

const INSERT_PENDING = `INSERT INTO order_journal
  (account_id, client_order_id, venue, request, state, created_at, updated_at)
  VALUES (?, ?, ?, ?, 'pending', ?, ?)
  ON CONFLICT (account_id, client_order_id) DO NOTHING`;
const RETRY = `UPDATE order_journal SET state = 'pending', outcome = NULL, updated_at = ?
  WHERE account_id = ? AND client_order_id = ? AND state = 'failed'`;

/**
 * The order journal in SQLite. Writes that put an order on record before it is sent (`begin`,
 * `retry`) go through `durableDb` when asked to — a second connection with synchronous=FULL, so the
 * row is on disk (fsynced) before the broker hears of the order; everything else uses the main
 * connection (WAL, synchronous=NORMAL), which survives a killed process but not a power cut. A lost
 * settle after a power cut is recovered from the broker's order book, because the pending row is
 * there to say which order to look for.
 */
export class SqliteOrderJournal implements OrderJournal {
  private readonly s;

  constructor(db: Database.Database, durableDb: Database.Database) {
    this.s = {
      beginFast: db.prepare(INSERT_PENDING),
      beginDurable: durableDb.prepare(INSERT_PENDING),
      retryFast: db.prepare(RETRY),
      retryDurable: durableDb.prepare(RETRY),
      settle: db.prepare(
        `UPDATE order_journal SET state = ?, broker_order_id = COALESCE(?, broker_order_id), outcome = ?,
         updated_at = ? WHERE account_id = ? AND client_order_id = ?`,
      ),
      get: db.prepare(`SELECT ${ENTRY} FROM order_journal WHERE account_id = ? AND client_order_id = ?`),
      list: db.prepare(
        `SELECT ${ENTRY} FROM order_journal WHERE account_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?`,
      ),
    };
  }

  begin(
    entry: Pick<JournalEntry, 'accountId' | 'clientOrderId' | 'venue' | 'request'> & { at: number },
    options: { durable: boolean },
  ): boolean {
    const statement = options.durable ? this.s.beginDurable : this.s.beginFast;
    const result = statement.run(
      entry.accountId,
      entry.clientOrderId,
      entry.venue,
      JSON.stringify(entry.request),
      entry.at,
      entry.at,
    );
    return result.changes === 1;
  }

  retry(accountId: string, clientOrderId: string, at: number, options: { durable: boolean }): boolean {
    const statement = options.durable ? this.s.retryDurable : this.s.retryFast;
    return statement.run(at, accountId, clientOrderId).changes === 1;
  }

  settle(accountId: string, clientOrderId: string, outcome: JournalOutcome): void {
    this.s.settle.run(
      outcome.state,
      outcome.brokerOrderId ?? null,
      outcome.outcome === undefined ? null : JSON.stringify(outcome.outcome),
      outcome.at,
      accountId,
      clientOrderId,
    );
  }

  get(accountId: string, clientOrderId: string): JournalEntry | undefined {
    const row = this.s.get.get(accountId, clientOrderId) as JournalRow | undefined;
    return row ? toEntry(row) : undefined;
  }

  listByState(states: readonly JournalState[], accountId?: string): JournalEntry[] {
    if (states.length === 0) return [];
    const db = this.s.get.database;
    const marks = states.map(() => '?').join(', ');
    const byAccount = accountId === undefined ? '' : ' AND account_id = ?';
    const rows = db
      .prepare(
        `SELECT ${ENTRY} FROM order_journal WHERE state IN (${marks})${byAccount} ORDER BY created_at, rowid`,
      )
      .all(...states, ...(accountId === undefined ? [] : [accountId])) as JournalRow[];
    return rows.map(toEntry);
  }

  list(accountId: string, limit = 100): JournalEntry[] {
    return (this.s.list.all(accountId, limit) as JournalRow[]).map(toEntry);
  }
}
