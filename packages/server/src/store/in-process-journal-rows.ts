import type { JournalEntry } from '@openalgo/core';

/** An order the sandbox wrote, as the journal needs it to acknowledge the order's row. */
export interface VenueOrderWrite {
  /** The broker tag the order carries: the journal's client order id. */
  tag: string;
  orderId: string;
  at: number;
}

function keyOf(accountId: string, clientOrderId: string): string {
  return `${accountId}\u0000${clientOrderId}`;
}

/**
 * Journal rows of orders bound for an in-process venue (the sandbox: `begin` with
 * `durable: false`), held in memory until they can be committed together with the venue's own
 * write. Why that keeps the journal's guarantee: the rule is "a pending row is on record before the
 * broker hears of the order". The sandbox hears of an order only by committing it to this same
 * database, so writing the journal row in that very transaction puts it on record no later than
 * the order — and a crash leaves both or neither, never an order without its row. Rows are held
 * only while the order is in flight: the venue's transaction, the settle or `close` writes them.
 *
 * `acknowledged` remembers the rows the venue's transaction already settled, so the adapter's
 * settle that follows (same state, same broker order id) writes nothing: one commit per order.
 */
export class InProcessJournalRows {
  private readonly held = new Map<string, JournalEntry>();
  private readonly acknowledged = new Map<string, string>();

  get size(): number {
    return this.held.size;
  }

  hold(entry: JournalEntry): void {
    this.held.set(keyOf(entry.accountId, entry.clientOrderId), entry);
  }

  get(accountId: string, clientOrderId: string): JournalEntry | undefined {
    return this.held.get(keyOf(accountId, clientOrderId));
  }

  /** Removes and returns a held row (the settle writes it, settled, in one statement). */
  take(accountId: string, clientOrderId: string): JournalEntry | undefined {
    const key = keyOf(accountId, clientOrderId);
    const entry = this.held.get(key);
    this.held.delete(key);
    return entry;
  }

  /**
   * The held rows the venue's writes acknowledge. A tag must match exactly one held row: tags are
   * random (16 characters), but should two accounts' rows share one, neither is guessed at and the
   * adapter's own settle writes them.
   */
  matching(writes: readonly VenueOrderWrite[]): Array<{ entry: JournalEntry; write: VenueOrderWrite }> {
    const found: Array<{ entry: JournalEntry; write: VenueOrderWrite }> = [];
    for (const write of writes) {
      let match: JournalEntry | undefined;
      let count = 0;
      for (const entry of this.held.values()) {
        if (entry.clientOrderId !== write.tag) continue;
        match = entry;
        count++;
      }
      if (match && count === 1) found.push({ entry: match, write });
    }
    return found;
  }

  /** After the venue's transaction committed: the rows are on disk, acknowledged. */
  committed(rows: ReadonlyArray<{ entry: JournalEntry; write: VenueOrderWrite }>): void {
    for (const { entry, write } of rows) {
      const key = keyOf(entry.accountId, entry.clientOrderId);
      this.held.delete(key);
      this.acknowledged.set(key, write.orderId);
    }
  }

  /**
   * True (and forgotten) when the venue's transaction already wrote exactly this outcome. Any
   * other outcome (the adapter failed after the venue wrote) is for the caller to write.
   */
  alreadyAcknowledged(accountId: string, clientOrderId: string, brokerOrderId: string | undefined): boolean {
    const key = keyOf(accountId, clientOrderId);
    const written = this.acknowledged.get(key);
    if (written === undefined) return false;
    this.acknowledged.delete(key);
    return written === brokerOrderId;
  }

  /** Every held row, for listings and for `close`. */
  all(): JournalEntry[] {
    return [...this.held.values()];
  }

  drain(): JournalEntry[] {
    const rows = this.all();
    this.held.clear();
    return rows;
  }
}
