import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { bundleForChild } from '../helpers/bundle.js';
import { tempDir } from '../helpers/tmp.js';
import { runJournalChildAndKill } from './support/journal-child.js';

let child: { file: string; cleanup: () => void };
beforeAll(async () => {
  child = await bundleForChild(
    join(import.meta.dirname, 'fixtures', 'journal-child.ts'),
    'journal-child-fast',
  );
}, 120_000);
afterAll(() => child?.cleanup());

/** Runs the child with sandbox orders journaled in-process until `acks` were printed, then SIGKILLs it. */
function runAndKill(dataDir: string, acks: number): Promise<Map<string, string>> {
  return runJournalChildAndKill(child.file, [dataDir, 'paper', 'in-process'], acks);
}

describe('kill -9 with one commit per sandbox order', () => {
  it('leaves every sandbox order with its acknowledged journal row and no row without its order', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const acked = await runAndKill(dir, 200);
      const store = SqliteStore.openDataDir(dir);
      // No recovery needed: nothing was left pending, since the row and the order commit together.
      expect(store.journal.listByState(['pending', 'unknown'], 'paper')).toEqual([]);
      const book = store.sandbox.load('paper')?.orders ?? [];
      const rows = store.journal.list('paper', 1_000_000);
      expect(book.length).toBeGreaterThanOrEqual(acked.size);
      expect(rows).toHaveLength(book.length);
      for (const order of book) {
        expect(store.journal.get('paper', order.tag as string), order.orderId).toMatchObject({
          state: 'acknowledged',
          brokerOrderId: order.orderId,
        });
      }
      for (const [clientOrderId, orderId] of acked) {
        expect(store.journal.get('paper', clientOrderId)).toMatchObject({
          state: 'acknowledged',
          brokerOrderId: orderId,
        });
      }
      store.close();
    } finally {
      cleanup();
    }
  }, 120_000);
});
