import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from '../../src/store/migrations.js';
import { databasePath, SqliteStore } from '../../src/store/sqlite-store.js';
import { tempDir } from '../helpers/tmp.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => cleanup());

// Inserted out of id and sequence order, so neither the old rowid order nor the id order can pass
// for the sequence order the loads must keep.
const ORDERS = [
  { id: '26010500000003', sequence: 3 },
  { id: '26010500000001', sequence: 1 },
  { id: '26010500000002', sequence: 2 },
];
const TRADES = [
  { id: 'T26010500000005', sequence: 5 },
  { id: 'T26010500000004', sequence: 4 },
];

/** A data dir as release 5 left it, with sandbox orders and trades of two accounts. */
function version5DataDir(): void {
  const path = databasePath(dir);
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  migrate(
    db,
    path,
    MIGRATIONS.filter((m) => m.version <= 5),
  );
  const put = (table: string, idColumn: string, account: string, id: string, sequence: number) =>
    db
      .prepare(`INSERT INTO ${table} (account_id, ${idColumn}, sequence, record) VALUES (?, ?, ?, ?)`)
      .run(account, id, sequence, JSON.stringify({ id, sequence, account }));
  db.prepare('INSERT INTO sandbox_accounts (account_id, record) VALUES (?, ?)').run('paper', '{"cash":1}');
  for (const account of ['paper', 'other']) {
    for (const o of ORDERS) put('sandbox_orders', 'order_id', account, o.id, o.sequence);
    for (const t of TRADES) put('sandbox_trades', 'trade_id', account, t.id, t.sequence);
  }
  db.close();
}

type Row = { account_id: string; id: string; sequence: number; record: string };

function rows(db: Database.Database, table: string, idColumn: string): Row[] {
  return db
    .prepare(
      `SELECT account_id, ${idColumn} AS id, sequence, record FROM ${table} ORDER BY account_id, ${idColumn}`,
    )
    .all() as Row[];
}

describe('migration 6: sandbox orders and trades WITHOUT ROWID', () => {
  it('keeps every order and trade, byte for byte, and the loads keep sequence order', () => {
    version5DataDir();
    const before = new Database(databasePath(dir), { readonly: true });
    const ordersBefore = rows(before, 'sandbox_orders', 'order_id');
    const tradesBefore = rows(before, 'sandbox_trades', 'trade_id');
    before.close();
    expect(ordersBefore).toHaveLength(6);
    expect(tradesBefore).toHaveLength(4);

    const store = SqliteStore.openDataDir(dir);
    expect(store.migrated).toEqual([6]);
    const loaded = store.sandbox.load('paper');
    expect(loaded?.orders.map((o) => (o as unknown as { id: string }).id)).toEqual([
      '26010500000001',
      '26010500000002',
      '26010500000003',
    ]);
    expect(loaded?.trades.map((t) => (t as unknown as { id: string }).id)).toEqual([
      'T26010500000004',
      'T26010500000005',
    ]);
    expect(store.sandbox.order('other', '26010500000002')).toEqual({
      id: '26010500000002',
      sequence: 2,
      account: 'other',
    });
    store.close();

    const after = new Database(databasePath(dir), { readonly: true });
    expect(rows(after, 'sandbox_orders', 'order_id')).toEqual(ordersBefore);
    expect(rows(after, 'sandbox_trades', 'trade_id')).toEqual(tradesBefore);
    const withoutRowid = after
      .prepare("SELECT name, wr FROM pragma_table_list WHERE name IN ('sandbox_orders', 'sandbox_trades')")
      .all();
    expect(withoutRowid).toEqual(
      expect.arrayContaining([
        { name: 'sandbox_orders', wr: 1 },
        { name: 'sandbox_trades', wr: 1 },
      ]),
    );
    // Nothing of the rebuild is left behind.
    expect(after.prepare("SELECT name FROM sqlite_schema WHERE name LIKE '%_v6'").all()).toEqual([]);
    after.close();
  });

  it('still refuses a second order with the same id of the same account', () => {
    const store = SqliteStore.openDataDir(dir);
    const db = new Database(databasePath(dir));
    const insert = db.prepare(
      "INSERT INTO sandbox_orders (account_id, order_id, sequence, record) VALUES ('a', 'X1', ?, '{}')",
    );
    insert.run(1);
    expect(() => insert.run(2)).toThrow(/UNIQUE constraint failed/);
    db.close();
    store.close();
  });
});
