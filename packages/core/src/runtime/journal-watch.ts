import type { JournalVenue, OrderJournal } from './order-journal.js';

const key = (...parts: string[]): string => parts.join('\u0000');

/**
 * What this process knows about an order journal beyond its rows, shared by every JournalingAdapter
 * and recovery over that journal. It has to be shared: a re-login builds a second runtime for the
 * account while the first may still be sending an order or waiting for an order book.
 * - Orders being sent right now: their pending rows are settled by their own call, so startup
 *   recovery in another runtime must not call them unknown because the book does not show them yet.
 * - Unknown orders awaiting an order book: whichever runtime's order book shows one settles it, so
 *   an ambiguous failure in the old runtime is settled by reconciliation polling the new one.
 */
export class JournalWatch {
  private readonly sending = new Set<string>();
  private readonly unknown = new Map<string, Set<string>>();

  /** Marks the order as being sent by this process; call the returned function once it settled. */
  startSending(accountId: string, clientOrderId: string): () => void {
    const id = key(accountId, clientOrderId);
    this.sending.add(id);
    return () => this.sending.delete(id);
  }

  isSending(accountId: string, clientOrderId: string): boolean {
    return this.sending.has(key(accountId, clientOrderId));
  }

  /** Client order ids of the account and venue whose outcome is unknown (a live, shared set). */
  unsettled(accountId: string, venue: JournalVenue): Set<string> {
    const id = key(accountId, venue);
    let set = this.unknown.get(id);
    if (!set) {
      set = new Set();
      this.unknown.set(id, set);
    }
    return set;
  }
}

// Keyed by the journal object, so a journal that is dropped (a closed server, a test) takes its
// watch with it, and two journals never share one.
const watches = new WeakMap<OrderJournal, JournalWatch>();

export function journalWatch(journal: OrderJournal): JournalWatch {
  let watch = watches.get(journal);
  if (!watch) {
    watch = new JournalWatch();
    watches.set(journal, watch);
  }
  return watch;
}
