import { GttRequestSchema, ManualClock } from '@openalgo/core';
import { createSandbox, DEFAULT_SANDBOX_START } from '@openalgo/sandbox';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { databasePath, SqliteStore } from '../../src/store/sqlite-store.js';
import { tempDir } from '../helpers/tmp.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => cleanup());

const SBIN = { symbol: 'SBIN', exchange: 'NSE' as const };
/** A BUY-on-dip 2% under the price the sandbox shows now. */
function dip(lastPrice: number) {
  const trigger = Math.round(lastPrice * 0.98 * 20) / 20;
  return GttRequestSchema.parse({
    ...SBIN,
    type: 'single',
    triggerPrices: [trigger],
    lastPrice,
    legs: [{ action: 'BUY', quantity: 1, price: trigger, product: 'CNC' }],
  });
}

async function open(store: SqliteStore, clock: ManualClock) {
  const sandbox = await createSandbox({
    clock,
    store: store.sandbox,
    config: { accountId: 'paper', scheduler: false },
  });
  const [quote] = await sandbox.adapter.getQuotes([SBIN]);
  return { sandbox, ltp: quote?.ltp ?? 0 };
}

function rows(table: string): number {
  const db = new Database(databasePath(dir), { readonly: true });
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('sandbox GTTs in SQLite', () => {
  it('survive a restart of the server, and fire afterwards', async () => {
    const clock = new ManualClock(DEFAULT_SANDBOX_START);
    let store = SqliteStore.openDataDir(dir);
    let { sandbox, ltp } = await open(store, clock);
    const request = dip(ltp);
    const { triggerId } = await sandbox.adapter.placeGtt(request);
    const before = await sandbox.adapter.getGtts();
    await sandbox.close();
    store.close();

    store = SqliteStore.openDataDir(dir);
    ({ sandbox } = await open(store, clock));
    expect(await sandbox.adapter.getGtts()).toEqual(before);
    sandbox.backdoor.setPrice(SBIN, request.triggerPrices[0] as number);
    const [fired] = await sandbox.adapter.getGtts();
    expect(fired).toMatchObject({ triggerId, status: 'triggered', orderIds: [expect.any(String)] });
    await sandbox.close();
    store.close();

    store = SqliteStore.openDataDir(dir);
    ({ sandbox } = await open(store, clock));
    expect((await sandbox.adapter.getGtts())[0]).toEqual(fired);
    expect((await sandbox.adapter.getOrder(fired?.orderIds[0] as string)).symbol).toBe('SBIN');
    await sandbox.close();
    store.close();
  });

  it('a GTT that fires is written in one transaction with its order: a failed write leaves neither', async () => {
    const clock = new ManualClock(DEFAULT_SANDBOX_START);
    const store = SqliteStore.openDataDir(dir);
    const { sandbox, ltp } = await open(store, clock);
    const request = dip(ltp);
    await sandbox.adapter.placeGtt(request);
    // The GTT's row refuses its update, as a full disk would refuse the commit.
    const db = new Database(databasePath(dir));
    db.exec(
      `CREATE TRIGGER refuse_gtt BEFORE UPDATE ON sandbox_gtts BEGIN SELECT RAISE(ABORT, 'disk full'); END`,
    );
    sandbox.backdoor.setPrice(SBIN, request.triggerPrices[0] as number);
    expect(rows('sandbox_orders')).toBe(0);
    expect((await sandbox.adapter.getGtts())[0]?.status).toBe('active');
    expect(await sandbox.adapter.getOrders()).toEqual([]);

    db.exec('DROP TRIGGER refuse_gtt');
    db.close();
    sandbox.backdoor.setPrice(SBIN, (request.triggerPrices[0] as number) - 0.5);
    sandbox.backdoor.setPrice(SBIN, (request.triggerPrices[0] as number) - 1);
    expect((await sandbox.adapter.getGtts())[0]?.status).toBe('triggered');
    expect(rows('sandbox_orders')).toBe(1);
    await sandbox.close();
    store.close();
  });
});
