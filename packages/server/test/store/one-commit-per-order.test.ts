import { statSync } from 'node:fs';
import {
  type BrokerAdapter,
  JournalingAdapter,
  ManualClock,
  noopLogger,
  type TaggedOrderRequest,
} from '@openalgo/core';
import { orderRequest } from '@openalgo/core/testing';
import { createSandbox, DEFAULT_SANDBOX_START } from '@openalgo/sandbox';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { VenueOrderWrite } from '../../src/store/in-process-journal-rows.js';
import { migrate } from '../../src/store/migrations.js';
import { SqliteOrderJournal } from '../../src/store/sqlite-journal.js';
import { SqliteSandboxStore, type VenueTransactionJournal } from '../../src/store/sqlite-sandbox.js';
import { databasePath, SqliteStore } from '../../src/store/sqlite-store.js';
import type { CheckpointResult } from '../../src/store/wal-checkpoints.js';
import { tempDir } from '../helpers/tmp.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => cleanup());

/** What another process would find on disk right now (committed data only). */
function onDisk(reader: Database.Database, tag: string) {
  const journal = reader
    .prepare('SELECT state, broker_order_id AS brokerOrderId FROM order_journal WHERE client_order_id = ?')
    .get(tag) as { state: string; brokerOrderId: string | null } | undefined;
  const orders = reader
    .prepare("SELECT order_id AS orderId FROM sandbox_orders WHERE json_extract(record, '$.tag') = ?")
    .all(tag) as Array<{ orderId: string }>;
  return { journal, orders, dataVersion: reader.pragma('data_version', { simple: true }) as number };
}

/**
 * The journal and the sandbox's store on one connection, the way SqliteStore builds them, with a
 * hook inside the sandbox's transaction (after its writes and the journal's, before the commit).
 */
async function harness(inTransaction: (writes: readonly VenueOrderWrite[]) => void) {
  const path = databasePath(dir);
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  migrate(db, path);
  const journal = new SqliteOrderJournal(db, db);
  const afterCommit: Array<() => void> = [];
  const hooked: VenueTransactionJournal = {
    acknowledgeInVenueTransaction(writes) {
      const committed = journal.acknowledgeInVenueTransaction(writes);
      inTransaction(writes);
      return () => {
        committed?.();
        for (const check of afterCommit) check();
      };
    },
  };
  const clock = new ManualClock(DEFAULT_SANDBOX_START);
  const sandbox = await createSandbox({
    clock,
    store: new SqliteSandboxStore(db, hooked),
    config: { accountId: 'paper', scheduler: false },
  });
  const reader = new Database(path, { readonly: true });
  const beforeVenue: Array<() => void> = [];
  /** Set to make the next call fail after the sandbox committed the order (a lost answer). */
  const lose = { answer: false };
  const inner: BrokerAdapter = Object.create(sandbox.adapter, {
    placeOrder: {
      value: async (request: TaggedOrderRequest) => {
        for (const check of beforeVenue) check();
        const ack = await sandbox.adapter.placeOrder(request);
        if (lose.answer) throw new Error('socket hang up (injected after the sandbox committed)');
        return ack;
      },
    },
  });
  const adapter = new JournalingAdapter({
    inner,
    journal,
    accountId: 'paper',
    venue: 'live',
    clock,
    logger: noopLogger,
    durable: false,
  });
  return {
    journal,
    sandbox,
    reader,
    adapter,
    afterCommit,
    beforeVenue,
    lose,
    async close() {
      await sandbox.close();
      reader.close();
      db.close();
    },
  };
}

describe('one commit per sandbox order', () => {
  it('writes the order and its acknowledged journal row in one transaction, and the settle writes nothing', async () => {
    const h = await harness(() => {});
    const tag = 'ONECOMMIT0000001';
    const start = onDisk(h.reader, tag);
    const seen: Array<ReturnType<typeof onDisk>> = [];
    h.beforeVenue.push(() => seen.push(onDisk(h.reader, tag)));
    h.afterCommit.push(() => seen.push(onDisk(h.reader, tag)));
    const ack = await h.adapter.placeOrder(orderRequest({ clientOrderId: tag, symbol: 'SBIN' }));
    const end = onDisk(h.reader, tag);

    // Before the venue hears of it: nothing on disk, and nothing was committed (the row is held).
    expect(seen[0]).toEqual({ ...start, journal: undefined, orders: [] });
    // A kill -9 right after the sandbox's commit (before the adapter's settle) finds both.
    expect(seen[1]?.journal).toEqual({ state: 'acknowledged', brokerOrderId: ack.orderId });
    expect(seen[1]?.orders).toEqual([{ orderId: ack.orderId }]);
    expect(seen[1]?.dataVersion).not.toBe(start.dataVersion);
    // The settle that followed committed nothing: same data version, same row.
    expect(end).toEqual(seen[1]);
    expect(h.journal.get('paper', tag)).toMatchObject({
      state: 'acknowledged',
      brokerOrderId: ack.orderId,
      outcome: { orderId: ack.orderId, reconciled: false },
    });
    await h.close();
  });

  it('leaves neither the order nor an acknowledged row when the transaction fails part-way', async () => {
    let fail = true;
    const h = await harness((writes) => {
      // After the sandbox's writes and the journal's, before the commit: the disk "fails".
      if (fail && writes.length > 0) throw new Error('disk I/O error (injected)');
    });
    const tag = 'HALFWRITE0000001';
    await expect(
      h.adapter.placeOrder(orderRequest({ clientOrderId: tag, symbol: 'SBIN' })),
    ).rejects.toThrow();
    const after = onDisk(h.reader, tag);
    expect(after.orders).toEqual([]);
    // The adapter's settle recorded the failure; never "acknowledged" for an order that is not there.
    expect(after.journal?.state).not.toBe('acknowledged');
    expect(after.journal?.brokerOrderId ?? null).toBeNull();
    expect(await h.sandbox.adapter.getOrders()).toEqual([]);

    // The next order goes through whole: the failed one left nothing held or half-done behind.
    fail = false;
    const next = 'HALFWRITE0000002';
    const ack = await h.adapter.placeOrder(orderRequest({ clientOrderId: next, symbol: 'SBIN' }));
    expect(onDisk(h.reader, next)).toMatchObject({
      journal: { state: 'acknowledged', brokerOrderId: ack.orderId },
      orders: [{ orderId: ack.orderId }],
    });
    expect(h.journal.listByState(['pending'], 'paper')).toEqual([]);
    await h.close();
  });

  it('lets a different outcome after the sandbox committed overwrite the acknowledgement, then settles it from the book', async () => {
    const h = await harness(() => {});
    const tag = 'LOSTANSWER000001';
    h.lose.answer = true;
    await expect(h.adapter.placeOrder(orderRequest({ clientOrderId: tag, symbol: 'SBIN' }))).rejects.toThrow(
      /socket hang up/,
    );
    // The adapter's ambiguous outcome is written (not swallowed as already acknowledged)...
    const [order] = await h.sandbox.adapter.getOrders();
    expect(h.journal.get('paper', tag)).toMatchObject({ state: 'unknown', brokerOrderId: order?.orderId });
    // ...and the next order book through the journal settles it, as for any unknown order.
    await h.adapter.getOrders();
    expect(onDisk(h.reader, tag).journal).toEqual({ state: 'acknowledged', brokerOrderId: order?.orderId });
    await h.close();
  });

  it('keeps durable (real-money) orders on record before the broker hears of them', async () => {
    const store = SqliteStore.openDataDir(dir);
    const reader = new Database(databasePath(dir), { readonly: true });
    const request = orderRequest({ clientOrderId: 'LIVE000000000001' });
    const begun = store.journal.begin(
      { accountId: 'kite', clientOrderId: 'LIVE000000000001', venue: 'live', request, at: 1 },
      { durable: true },
    );
    expect(begun).toBe(true);
    expect(onDisk(reader, 'LIVE000000000001').journal).toEqual({ state: 'pending', brokerOrderId: null });
    reader.close();
    store.close();
  });

  it('writes an in-flight sandbox order pending when the store closes, so recovery can settle it', () => {
    const store = SqliteStore.openDataDir(dir);
    const request = orderRequest({ clientOrderId: 'INFLIGHT00000001' });
    store.journal.begin(
      { accountId: 'paper', clientOrderId: 'INFLIGHT00000001', venue: 'analyze', request, at: 5 },
      { durable: false },
    );
    // Held, yet visible to the journal's readers, and a second begin of the same id is refused.
    expect(store.journal.listByState(['pending'], 'paper').map((e) => e.clientOrderId)).toEqual([
      'INFLIGHT00000001',
    ]);
    expect(
      store.journal.begin(
        { accountId: 'paper', clientOrderId: 'INFLIGHT00000001', venue: 'analyze', request, at: 6 },
        { durable: false },
      ),
    ).toBe(false);
    store.close();
    const reopened = SqliteStore.openDataDir(dir);
    expect(reopened.journal.get('paper', 'INFLIGHT00000001')).toMatchObject({
      state: 'pending',
      venue: 'analyze',
    });
    reopened.close();
  });
});

describe('WAL checkpoints off the request path', () => {
  it('turns automatic checkpoints off and folds the log on the injected clock, in a worker thread', async () => {
    const clock = new ManualClock(DEFAULT_SANDBOX_START);
    const results: CheckpointResult[] = [];
    let notify: () => void = () => {};
    const store = SqliteStore.openDataDir(dir, {
      checkpoints: {
        clock,
        everyMs: 1_000,
        onCheckpoint: (result) => {
          results.push(result);
          notify();
        },
      },
    });
    const file = databasePath(dir);
    const connection = (store as unknown as { db: Database.Database }).db;
    expect(connection.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    for (let i = 0; i < 300; i++) {
      const id = `WAL${String(i).padStart(13, '0')}`;
      store.journal.begin(
        { accountId: 'a', clientOrderId: id, venue: 'live', request: { pad: 'x'.repeat(500) }, at: i },
        { durable: true },
      );
    }
    const before = statSync(file).size;
    await clock.advance(999);
    expect(results).toEqual([]);
    expect(statSync(file).size).toBe(before);
    const done = new Promise<void>((resolve) => {
      notify = resolve;
    });
    await clock.advance(1);
    await done;
    // The checkpoint copied every logged page into the database file.
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ ok: true, busy: 0 });
    const result = results[0] as { log: number; checkpointed: number };
    expect(result.checkpointed).toBe(result.log);
    expect(statSync(file).size).toBeGreaterThan(before);
    store.close();
  });
});
