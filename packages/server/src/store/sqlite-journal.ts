import type { JournalEntry, JournalOutcome, JournalState, OrderJournal } from '@openalgo/core';
import type Database from 'better-sqlite3';
import { InProcessJournalRows, type VenueOrderWrite } from './in-process-journal-rows.js';

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
/** Writes a row whole, whatever is there: a held row committed pending (close) or settled at once. */
const UPSERT = `INSERT INTO order_journal
  (account_id, client_order_id, venue, request, state, broker_order_id, outcome, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (account_id, client_order_id) DO UPDATE SET state = excluded.state,
  broker_order_id = COALESCE(excluded.broker_order_id, broker_order_id), outcome = excluded.outcome,
  updated_at = excluded.updated_at`;
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
  private readonly inProcess = new InProcessJournalRows();

  constructor(db: Database.Database, durableDb: Database.Database) {
    this.s = {
      beginDurable: durableDb.prepare(INSERT_PENDING),
      retryFast: db.prepare(RETRY),
      retryDurable: durableDb.prepare(RETRY),
      settle: db.prepare(
        `UPDATE order_journal SET state = ?, broker_order_id = COALESCE(?, broker_order_id), outcome = ?,
         updated_at = ? WHERE account_id = ? AND client_order_id = ?`,
      ),
      upsert: db.prepare(UPSERT),
      exists: db.prepare('SELECT 1 FROM order_journal WHERE account_id = ? AND client_order_id = ?').pluck(),
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
    if (!options.durable) return this.hold(entry);
    const statement = this.s.beginDurable;
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
    const acknowledgedId = outcome.state === 'acknowledged' ? outcome.brokerOrderId : undefined;
    if (this.inProcess.alreadyAcknowledged(accountId, clientOrderId, acknowledgedId)) return;
    const held = this.inProcess.take(accountId, clientOrderId);
    if (held) {
      // Never written: the row goes in once, settled (the venue wrote nothing, or failed after).
      this.writeWhole({ ...held, ...outcome, brokerOrderId: outcome.brokerOrderId, updatedAt: outcome.at });
      return;
    }
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
    const held = this.inProcess.get(accountId, clientOrderId);
    if (held) return { ...held };
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
    const entries = rows.map(toEntry);
    const held = this.heldRows(accountId).filter((entry) => states.includes(entry.state));
    if (held.length === 0) return entries;
    return [...entries, ...held].sort((a, b) => a.createdAt - b.createdAt);
  }

  list(accountId: string, limit = 100): JournalEntry[] {
    const entries = (this.s.list.all(accountId, limit) as JournalRow[]).map(toEntry);
    const held = this.heldRows(accountId);
    if (held.length === 0) return entries;
    return [...held, ...entries].sort((a, b) => b.createdAt - a.createdAt).slice(0, limit);
  }

  /**
   * Called by the sandbox's store inside its transaction: the held rows of the orders it writes
   * are written acknowledged, in that same transaction. Returns what to call once it committed
   * (a rolled-back transaction leaves the rows held, for the adapter's settle to write).
   */
  acknowledgeInVenueTransaction(writes: readonly VenueOrderWrite[]): (() => void) | undefined {
    if (this.inProcess.size === 0 || writes.length === 0) return undefined;
    const rows = this.inProcess.matching(writes);
    if (rows.length === 0) return undefined;
    for (const { entry, write } of rows) {
      this.writeWhole({
        ...entry,
        state: 'acknowledged',
        brokerOrderId: write.orderId,
        // Exactly what the journaling adapter's settle records for an ack without reconciliation.
        outcome: { orderId: write.orderId, reconciled: false },
        updatedAt: write.at,
      });
    }
    return () => this.inProcess.committed(rows);
  }

  /** Writes rows still held (orders in flight when the store closes) as pending, for recovery. */
  flushHeld(): void {
    for (const entry of this.inProcess.drain()) this.writeWhole(entry);
  }

  private hold(
    entry: Pick<JournalEntry, 'accountId' | 'clientOrderId' | 'venue' | 'request'> & { at: number },
  ): boolean {
    const { accountId, clientOrderId } = entry;
    if (this.inProcess.get(accountId, clientOrderId)) return false;
    if (this.s.exists.get(accountId, clientOrderId) !== undefined) return false;
    this.inProcess.hold({
      accountId,
      clientOrderId,
      venue: entry.venue,
      brokerOrderId: undefined,
      // Serialised now, as begin would: the caller may reuse its request object.
      request: JSON.parse(JSON.stringify(entry.request)),
      state: 'pending',
      outcome: undefined,
      createdAt: entry.at,
      updatedAt: entry.at,
    });
    return true;
  }

  private heldRows(accountId: string | undefined): JournalEntry[] {
    if (this.inProcess.size === 0) return [];
    return this.inProcess.all().filter((entry) => accountId === undefined || entry.accountId === accountId);
  }

  private writeWhole(entry: JournalEntry): void {
    this.s.upsert.run(
      entry.accountId,
      entry.clientOrderId,
      entry.venue,
      JSON.stringify(entry.request),
      entry.state,
      entry.brokerOrderId ?? null,
      entry.outcome === undefined ? null : JSON.stringify(entry.outcome),
      entry.createdAt,
      entry.updatedAt,
    );
  }
}
