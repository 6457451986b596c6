import { join } from 'node:path';
import { ManualClock, noopLogger, reconcilePendingOrders } from '@openalgo/core';
import { createSandbox, DEFAULT_SANDBOX_START } from '@openalgo/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { bundleForChild } from '../helpers/bundle.js';
import { tempDir } from '../helpers/tmp.js';
import { runJournalChildAndKill } from './support/journal-child.js';

let child: { file: string; cleanup: () => void };
beforeAll(async () => {
  child = await bundleForChild(join(import.meta.dirname, 'fixtures', 'journal-child.ts'), 'journal-child');
}, 120_000);
afterAll(() => child?.cleanup());

/** Runs the child until it has printed `acks` acknowledgements, then SIGKILLs it. */
function runAndKill(dataDir: string, accountId: string, acks: number): Promise<Map<string, string>> {
  return runJournalChildAndKill(child.file, [dataDir, accountId], acks);
}

describe('kill -9 in the middle of placing orders', () => {
  it('loses nothing that was acknowledged, and settles what was in flight from the order book', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const acked = await runAndKill(dir, 'paper', 40);
      expect(acked.size).toBeGreaterThanOrEqual(40);

      const store = SqliteStore.openDataDir(dir);
      // Every order a client saw acknowledged is in the journal, with the broker's order id.
      for (const [clientOrderId, orderId] of acked) {
        const entry = store.journal.get('paper', clientOrderId);
        expect(entry, clientOrderId).toMatchObject({ state: 'acknowledged', brokerOrderId: orderId });
      }
      // The sandbox's own books survived too, so the order book can settle the rest.
      const sandbox = await createSandbox({
        clock: new ManualClock(DEFAULT_SANDBOX_START),
        store: store.sandbox,
        config: { accountId: 'paper', scheduler: false },
      });
      const result = await reconcilePendingOrders({
        journal: store.journal,
        accountId: 'paper',
        venue: 'live',
        adapter: sandbox.adapter,
        clock: sandbox.clock,
        logger: noopLogger,
      });
      expect(result.deferred).toBe(false);
      expect(store.journal.listByState(['pending'], 'paper')).toEqual([]);
      const book = await sandbox.adapter.getOrders();
      expect(book.length).toBeGreaterThanOrEqual(acked.size);
      for (const order of book) {
        const entry = store.journal.get('paper', order.clientOrderId as string);
        expect(entry, `order ${order.orderId} has a journal entry`).toBeDefined();
        expect(entry).toMatchObject({ state: 'acknowledged', brokerOrderId: order.orderId });
      }
      for (const [clientOrderId, orderId] of acked) {
        expect(book.find((o) => o.clientOrderId === clientOrderId)?.orderId).toBe(orderId);
      }
      await sandbox.close();
      store.close();
    } finally {
      cleanup();
    }
  }, 120_000);
});
