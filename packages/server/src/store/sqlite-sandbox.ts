import type {
  GttRecord,
  LoadScope,
  OrderRecord,
  SandboxState,
  SandboxStore,
  StoreMutation,
} from '@openalgo/sandbox';
import type Database from 'better-sqlite3';
import type { VenueOrderWrite } from './in-process-journal-rows.js';

/** The order journal's side of one commit per sandbox order (SqliteOrderJournal implements it). */
export interface VenueTransactionJournal {
  acknowledgeInVenueTransaction(writes: readonly VenueOrderWrite[]): (() => void) | undefined;
}

type Row = { record: string };

/**
 * The sandbox engine's state in SQLite. Each record is stored whole as JSON (records are flat
 * objects of primitives, so a round trip is exact), keyed the way the engine keys them. One
 * `apply` is one transaction: a batch is stored entirely or not at all, as the interface demands.
 * Positions and holdings come back in insertion order (rowid), like the engine's own maps.
 */
export class SqliteSandboxStore implements SandboxStore {
  private readonly statements;
  private readonly applyBatch: (
    accountId: string,
    mutations: readonly StoreMutation[],
  ) => (() => void) | undefined;

  /**
   * `journal`: the order journal in the same database. A batch that writes an order whose tag is
   * an order the journal holds in flight writes that journal row too, acknowledged, in the same
   * transaction: one commit per sandbox order, and never an order without its row or a row
   * without its order.
   */
  constructor(
    db: Database.Database,
    private readonly journal?: VenueTransactionJournal,
  ) {
    this.statements = {
      account: db.prepare('SELECT record FROM sandbox_accounts WHERE account_id = ?'),
      // Day-scoped on the primary key: ids begin with their IST day (LoadScope).
      orders: db.prepare(
        'SELECT record FROM sandbox_orders WHERE account_id = ? AND order_id >= ? ORDER BY sequence, rowid',
      ),
      trades: db.prepare(
        'SELECT record FROM sandbox_trades WHERE account_id = ? AND trade_id >= ? ORDER BY sequence, rowid',
      ),
      order: db.prepare('SELECT record FROM sandbox_orders WHERE account_id = ? AND order_id = ?'),
      positions: db.prepare('SELECT record FROM sandbox_positions WHERE account_id = ? ORDER BY rowid'),
      holdings: db.prepare('SELECT record FROM sandbox_holdings WHERE account_id = ? ORDER BY rowid'),
      putAccount: db.prepare(
        `INSERT INTO sandbox_accounts (account_id, record) VALUES (?, ?)
         ON CONFLICT (account_id) DO UPDATE SET record = excluded.record`,
      ),
      putOrder: db.prepare(
        `INSERT INTO sandbox_orders (account_id, order_id, sequence, record) VALUES (?, ?, ?, ?)
         ON CONFLICT (account_id, order_id) DO UPDATE SET sequence = excluded.sequence, record = excluded.record`,
      ),
      putTrade: db.prepare(
        `INSERT INTO sandbox_trades (account_id, trade_id, sequence, record) VALUES (?, ?, ?, ?)
         ON CONFLICT (account_id, trade_id) DO UPDATE SET sequence = excluded.sequence, record = excluded.record`,
      ),
      putPosition: db.prepare(
        `INSERT INTO sandbox_positions (account_id, key, record) VALUES (?, ?, ?)
         ON CONFLICT (account_id, key) DO UPDATE SET record = excluded.record`,
      ),
      deletePosition: db.prepare('DELETE FROM sandbox_positions WHERE account_id = ? AND key = ?'),
      putHolding: db.prepare(
        `INSERT INTO sandbox_holdings (account_id, key, record) VALUES (?, ?, ?)
         ON CONFLICT (account_id, key) DO UPDATE SET record = excluded.record`,
      ),
      deleteHolding: db.prepare('DELETE FROM sandbox_holdings WHERE account_id = ? AND key = ?'),
      gtts: db.prepare('SELECT record FROM sandbox_gtts WHERE account_id = ? ORDER BY sequence, rowid'),
      putGtt: db.prepare(
        `INSERT INTO sandbox_gtts (account_id, gtt_id, sequence, record) VALUES (?, ?, ?, ?)
         ON CONFLICT (account_id, gtt_id) DO UPDATE SET sequence = excluded.sequence, record = excluded.record`,
      ),
    };
    this.applyBatch = db.transaction((accountId: string, mutations: readonly StoreMutation[]) => {
      for (const mutation of mutations) this.write(accountId, mutation);
      return this.journal?.acknowledgeInVenueTransaction(taggedOrders(mutations));
    });
  }

  load(accountId: string, scope?: LoadScope): SandboxState | undefined {
    const s = this.statements;
    const row = s.account.get(accountId) as Row | undefined;
    if (!row) return undefined;
    const account = JSON.parse(row.record);
    // Without a scope everything loads ('' sorts before every id).
    const all = (statement: Database.Statement, ...args: unknown[]) =>
      (statement.all(accountId, ...args) as Row[]).map((r) => JSON.parse(r.record));
    return {
      account,
      orders: all(s.orders, scope?.firstOrderId(account) ?? ''),
      trades: all(s.trades, scope?.firstTradeId(account) ?? ''),
      positions: all(s.positions),
      holdings: all(s.holdings),
    };
  }

  order(accountId: string, orderId: string): OrderRecord | undefined {
    const row = this.statements.order.get(accountId, orderId) as Row | undefined;
    return row ? JSON.parse(row.record) : undefined;
  }

  gtts(accountId: string): GttRecord[] {
    return (this.statements.gtts.all(accountId) as Row[]).map((r) => JSON.parse(r.record));
  }

  apply(accountId: string, mutations: readonly StoreMutation[]): void {
    // Validated before the transaction starts, so a malformed batch throws before any write.
    for (const mutation of mutations) assertWellFormed(mutation);
    const committed = this.applyBatch(accountId, mutations);
    committed?.();
  }

  private write(accountId: string, m: StoreMutation): void {
    const s = this.statements;
    switch (m.type) {
      case 'account':
        s.putAccount.run(accountId, JSON.stringify(m.record));
        return;
      case 'order':
        s.putOrder.run(accountId, m.record.orderId, m.record.sequence, JSON.stringify(m.record));
        return;
      case 'trade':
        s.putTrade.run(accountId, m.record.tradeId, m.record.sequence, JSON.stringify(m.record));
        return;
      case 'position':
        s.putPosition.run(accountId, m.record.key, JSON.stringify(m.record));
        return;
      case 'deletePosition':
        s.deletePosition.run(accountId, m.key);
        return;
      case 'holding':
        s.putHolding.run(accountId, m.record.key, JSON.stringify(m.record));
        return;
      case 'deleteHolding':
        s.deleteHolding.run(accountId, m.key);
        return;
      case 'gtt':
        s.putGtt.run(accountId, m.record.gttId, m.record.sequence, JSON.stringify(m.record));
        return;
    }
  }
}

/** The orders of a batch that carry a broker tag (the journal's client order id). */
function taggedOrders(mutations: readonly StoreMutation[]): VenueOrderWrite[] {
  const writes: VenueOrderWrite[] = [];
  for (const m of mutations) {
    if (m.type === 'order' && m.record.tag !== undefined) {
      writes.push({ tag: m.record.tag, orderId: m.record.orderId, at: m.record.updatedAt });
    }
  }
  return writes;
}

function assertWellFormed(mutation: StoreMutation): void {
  const ok =
    mutation.type === 'deletePosition' || mutation.type === 'deleteHolding'
      ? typeof mutation.key === 'string'
      : typeof mutation.record === 'object' && mutation.record !== null;
  if (!ok) throw new TypeError(`Malformed sandbox store mutation of type ${String(mutation.type)}`);
}
