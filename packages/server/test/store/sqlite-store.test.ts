import { ManualClock } from '@openalgo/core';
import { orderRequest } from '@openalgo/core/testing';
import { createSandbox, DEFAULT_SANDBOX_START } from '@openalgo/sandbox';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, SchemaTooNewError } from '../../src/store/migrations.js';
import { databasePath, SqliteStore } from '../../src/store/sqlite-store.js';
import { tempDir } from '../helpers/tmp.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => cleanup());

describe('migrations', () => {
  it('creates the schema once and records each version', () => {
    const first = SqliteStore.openDataDir(dir);
    expect(first.migrated).toEqual(MIGRATIONS.map((m) => m.version));
    expect(first.schemaVersion).toBe(MIGRATIONS.at(-1)?.version);
    first.close();
    const second = SqliteStore.openDataDir(dir);
    expect(second.migrated).toEqual([]);
    second.close();
  });

  it('refuses a database written by a newer release, saying so', () => {
    SqliteStore.openDataDir(dir).close();
    const db = new Database(databasePath(dir));
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
      999,
      'future',
      0,
    );
    db.close();
    expect(() => SqliteStore.openDataDir(dir)).toThrow(SchemaTooNewError);
    expect(() => SqliteStore.openDataDir(dir)).toThrow(/version 999.*newer release/);
  });

  it('runs in WAL mode', () => {
    const store = SqliteStore.openDataDir(dir);
    store.close();
    const db = new Database(databasePath(dir));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });
});

describe('accounts and settings', () => {
  it('ensures accounts idempotently and finds them by broker user', () => {
    const store = SqliteStore.openDataDir(dir);
    const record = { id: 'zerodha', broker: 'zerodha', label: 'Kite', userId: undefined, createdAt: 1 };
    store.accounts.ensure(record);
    expect(store.accounts.ensure({ ...record, label: 'other' }).label).toBe('Kite');
    expect(store.accounts.findByUser('zerodha', 'AB1')).toBeUndefined();
    store.accounts.setUserId('zerodha', 'AB1');
    expect(store.accounts.findByUser('zerodha', 'AB1')?.id).toBe('zerodha');
    store.settings.set('k', 'v1');
    store.settings.set('k', 'v2');
    expect(store.settings.get('k')).toBe('v2');
    store.settings.delete('k');
    expect(store.settings.get('k')).toBeUndefined();
    store.close();
  });
});

describe('order journal', () => {
  const request = { symbol: 'SBIN', exchange: 'NSE', action: 'BUY', quantity: 1, clientOrderId: 'abc123' };

  it('moves an entry from pending to acknowledged and refuses a second begin for the same id', () => {
    const store = SqliteStore.openDataDir(dir);
    const { journal } = store;
    expect(
      journal.begin(
        { accountId: 'a', clientOrderId: 'abc123', venue: 'live', request, at: 10 },
        { durable: true },
      ),
    ).toBe(true);
    expect(
      journal.begin(
        { accountId: 'a', clientOrderId: 'abc123', venue: 'live', request, at: 11 },
        { durable: false },
      ),
    ).toBe(false);
    // The same client order id on another account is a different order.
    expect(
      journal.begin(
        { accountId: 'b', clientOrderId: 'abc123', venue: 'live', request, at: 11 },
        { durable: false },
      ),
    ).toBe(true);
    expect(journal.listByState(['pending']).map((e) => e.accountId)).toEqual(['a', 'b']);
    journal.settle('a', 'abc123', {
      state: 'acknowledged',
      brokerOrderId: 'B1',
      outcome: { orderId: 'B1' },
      at: 12,
    });
    const entry = journal.get('a', 'abc123');
    expect(entry).toMatchObject({
      state: 'acknowledged',
      brokerOrderId: 'B1',
      request,
      createdAt: 10,
      updatedAt: 12,
    });
    expect(journal.listByState(['pending'], 'a')).toEqual([]);
    store.close();
  });

  it('lets only a failed entry be retried', () => {
    const store = SqliteStore.openDataDir(dir);
    const { journal } = store;
    journal.begin({ accountId: 'a', clientOrderId: 'x1', venue: 'live', request, at: 1 }, { durable: false });
    expect(journal.retry('a', 'x1', 2, { durable: false })).toBe(false);
    journal.settle('a', 'x1', { state: 'failed', outcome: { code: 'INVALID_ORDER' }, at: 3 });
    expect(journal.retry('a', 'x1', 4, { durable: true })).toBe(true);
    expect(journal.get('a', 'x1')).toMatchObject({ state: 'pending', outcome: undefined, updatedAt: 4 });
    store.close();
  });

  it('survives closing and reopening the database', () => {
    const store = SqliteStore.openDataDir(dir);
    store.journal.begin(
      { accountId: 'a', clientOrderId: 'p1', venue: 'analyze', request, at: 1 },
      { durable: true },
    );
    store.close();
    const reopened = SqliteStore.openDataDir(dir);
    expect(reopened.journal.listByState(['pending'])).toMatchObject([
      { clientOrderId: 'p1', venue: 'analyze' },
    ]);
    reopened.close();
  });
});

describe('sandbox state', () => {
  it('rolls back a whole batch when one mutation is malformed', () => {
    const store = SqliteStore.openDataDir(dir);
    expect(() =>
      store.sandbox.apply('acct', [
        { type: 'deletePosition', key: 'NSE:SBIN:MIS' },
        { type: 'order', record: null as never },
      ]),
    ).toThrow(/Malformed/);
    expect(store.sandbox.load('acct')).toBeUndefined();
    store.close();
  });

  it('restores a sandbox account exactly after a restart', async () => {
    const clock = new ManualClock(DEFAULT_SANDBOX_START);
    const store = SqliteStore.openDataDir(dir);
    const first = await createSandbox({
      clock,
      store: store.sandbox,
      config: { accountId: 'paper', scheduler: false },
    });
    const sbin = { symbol: 'SBIN', exchange: 'NSE' as const };
    const ltp = (await first.adapter.getQuotes([sbin]))[0]?.ltp ?? 0;
    expect(ltp).toBeGreaterThan(0);
    await first.adapter.placeOrder(orderRequest({ quantity: 10, clientOrderId: 'c1' }));
    await first.adapter.placeOrder(orderRequest({ action: 'SELL', quantity: 4, clientOrderId: 'c2' }));
    await first.adapter.placeOrder(
      orderRequest({ priceType: 'LIMIT', price: Math.round(ltp * 0.5), clientOrderId: 'c3' }),
    );
    await first.adapter.placeOrder(orderRequest({ product: 'CNC', quantity: 2, clientOrderId: 'c4' }));
    const before = {
      orders: await first.adapter.getOrders(),
      trades: await first.adapter.getTrades(),
      positions: await first.adapter.getPositions(),
      funds: await first.adapter.getFunds(),
      state: first.engine.state(),
    };
    expect(before.orders).toHaveLength(4);
    expect(before.trades.length).toBeGreaterThanOrEqual(3);
    await first.close();
    store.close();

    const reopened = SqliteStore.openDataDir(dir);
    const second = await createSandbox({
      clock,
      store: reopened.sandbox,
      config: { accountId: 'paper', scheduler: false },
    });
    expect(second.engine.state()).toEqual(before.state);
    expect(await second.adapter.getOrders()).toEqual(before.orders);
    expect(await second.adapter.getTrades()).toEqual(before.trades);
    expect(await second.adapter.getPositions()).toEqual(before.positions);
    expect(await second.adapter.getFunds()).toEqual(before.funds);
    // Ids continue after the restored ones instead of colliding with them.
    const next = await second.adapter.placeOrder(orderRequest({ clientOrderId: 'c5' }));
    expect(before.orders.map((o) => o.orderId)).not.toContain(next.orderId);
    await second.close();
    reopened.close();
  });
});
