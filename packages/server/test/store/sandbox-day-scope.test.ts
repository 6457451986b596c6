import { ManualClock } from '@openalgo/core';
import { orderRequest } from '@openalgo/core/testing';
import { createSandbox, DEFAULT_SANDBOX_START } from '@openalgo/sandbox';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { databasePath, SqliteStore } from '../../src/store/sqlite-store.js';
import { tempDir } from '../helpers/tmp.js';

const DAY_MS = 86_400_000;
let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => cleanup());

describe('the sandbox in SQLite keeps only the current day in memory', () => {
  it('loads the current day through the day index and finds earlier orders by id', async () => {
    const store = SqliteStore.openDataDir(dir);
    const clock = new ManualClock(DEFAULT_SANDBOX_START);
    const open = () =>
      createSandbox({ clock, store: store.sandbox, config: { accountId: 'paper', scheduler: false } });
    let sandbox = await open();
    const monday: string[] = [];
    for (let i = 0; i < 5; i++) {
      const ack = await sandbox.adapter.placeOrder(
        orderRequest({ clientOrderId: `MON${i}`, symbol: 'SBIN' }),
      );
      monday.push(ack.orderId);
    }
    await sandbox.close();
    // A restart the next day (a new sandbox session): memory holds Tuesday only, Monday's orders
    // answer by id from the table.
    await clock.advance(DAY_MS);
    sandbox = await open();
    const tuesday = await sandbox.adapter.placeOrder(orderRequest({ clientOrderId: 'TUE0', symbol: 'SBIN' }));
    expect((await sandbox.adapter.getOrders()).map((o) => o.orderId)).toEqual([tuesday.orderId]);
    expect(sandbox.engine.state().orders.map((o) => o.orderId)).toEqual([tuesday.orderId]);
    expect((await sandbox.adapter.getOrder(monday[0] as string)).orderId).toBe(monday[0]);
    // Unscoped, the table still holds everything (Monday's, its MIS square-off, Tuesday's).
    const everything = store.sandbox.load('paper')?.orders.map((o) => o.orderId) ?? [];
    expect(everything).toEqual(expect.arrayContaining([...monday, tuesday.orderId]));
    await sandbox.close();
    store.close();

    // The day-scoped reads are ranges of the primary key, not a scan of the history.
    const db = new Database(databasePath(dir), { readonly: true });
    const plan = (table: string, id: string) =>
      (
        db
          .prepare(`EXPLAIN QUERY PLAN SELECT record FROM ${table} WHERE account_id = ? AND ${id} >= ?`)
          .all('paper', '260106') as Array<{ detail: string }>
      )
        .map((row) => row.detail)
        .join('; ');
    expect(plan('sandbox_orders', 'order_id')).toMatch(
      /USING INDEX sqlite_autoindex_sandbox_orders_1 \(account_id=\? AND order_id>\?\)/,
    );
    expect(plan('sandbox_trades', 'trade_id')).toMatch(
      /USING INDEX sqlite_autoindex_sandbox_trades_1 \(account_id=\? AND trade_id>\?\)/,
    );
    db.close();
  });
});
