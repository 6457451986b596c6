import type {
  JournalEntry,
  JournalOutcome,
  JournalState,
  OrderJournal,
} from '../../src/runtime/order-journal.js';

interface Row extends JournalEntry {
  seq: number;
}

/** Stored values go through JSON, as a database row would, so tests never share objects with it. */
const stored = (value: unknown): unknown =>
  value === undefined ? undefined : JSON.parse(JSON.stringify(value));

/**
 * The OrderJournal contract in memory, for tests: the same answers as the server's SQLite journal
 * (a client order id is recorded once per account, only a failed row may be retried, settling keeps
 * a known broker order id). `broken` makes every write throw, as a failed disk would.
 */
export class MemoryOrderJournal implements OrderJournal {
  private readonly rows = new Map<string, Row>();
  private seq = 0;
  broken: Error | undefined;

  begin(
    entry: Pick<JournalEntry, 'accountId' | 'clientOrderId' | 'venue' | 'request'> & { at: number },
  ): boolean {
    this.write();
    const key = `${entry.accountId}\u0000${entry.clientOrderId}`;
    if (this.rows.has(key)) return false;
    this.rows.set(key, {
      accountId: entry.accountId,
      clientOrderId: entry.clientOrderId,
      venue: entry.venue,
      brokerOrderId: undefined,
      request: stored(entry.request),
      state: 'pending',
      outcome: undefined,
      createdAt: entry.at,
      updatedAt: entry.at,
      seq: this.seq++,
    });
    return true;
  }

  retry(accountId: string, clientOrderId: string, at: number): boolean {
    this.write();
    const row = this.rows.get(`${accountId}\u0000${clientOrderId}`);
    if (row?.state !== 'failed') return false;
    Object.assign(row, { state: 'pending', outcome: undefined, updatedAt: at });
    return true;
  }

  settle(accountId: string, clientOrderId: string, outcome: JournalOutcome): void {
    this.write();
    const row = this.rows.get(`${accountId}\u0000${clientOrderId}`);
    if (!row) return;
    row.state = outcome.state;
    row.brokerOrderId = outcome.brokerOrderId ?? row.brokerOrderId;
    row.outcome = stored(outcome.outcome);
    row.updatedAt = outcome.at;
  }

  get(accountId: string, clientOrderId: string): JournalEntry | undefined {
    const row = this.rows.get(`${accountId}\u0000${clientOrderId}`);
    return row ? entryOf(row) : undefined;
  }

  listByState(states: readonly JournalState[], accountId?: string): JournalEntry[] {
    return [...this.rows.values()]
      .filter((r) => states.includes(r.state) && (accountId === undefined || r.accountId === accountId))
      .sort((a, b) => a.createdAt - b.createdAt || a.seq - b.seq)
      .map(entryOf);
  }

  list(accountId: string, limit = 100): JournalEntry[] {
    return [...this.rows.values()]
      .filter((r) => r.accountId === accountId)
      .sort((a, b) => b.createdAt - a.createdAt || b.seq - a.seq)
      .slice(0, limit)
      .map(entryOf);
  }

  private write(): void {
    if (this.broken) throw this.broken;
  }
}

function entryOf(row: Row): JournalEntry {
  const { seq: _seq, ...entry } = row;
  return { ...entry, request: stored(entry.request), outcome: stored(entry.outcome) };
}
