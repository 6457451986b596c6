import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { istToEpoch, ManualClock, noopLogger } from '@openalgo/core';
import { orderRequest } from '@openalgo/core/testing';
import { DEFAULT_SANDBOX_START } from '@openalgo/sandbox';
import { test } from 'vitest';
import { recordResult } from '../../core/bench/harness.js';
import { openServices } from '../src/services.js';

/**
 * Memory per stored sandbox order, composed as `openalgo serve` composes it (openServices: the
 * sandbox account's runtime over the SQLite store, every order through the order journal, one
 * commit each), below HTTP so that only the order path allocates. N orders are placed on
 * one day; the heap after a full GC, less the heap before them, divided by N, is what an order
 * costs while it is in today's book (the baseline). The clock then crosses IST midnight (still
 * inside the sandbox session, which ends at 03:00) and one order-book read rolls the day: what is
 * left per order is what history costs memory from then on (the value; target: about nothing).
 * The order book's size and time are reported for both days.
 */

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

const ORDERS = 20_000;

test('server.sandbox.memory-per-order', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'openalgo-bench-memory-'));
  const clock = new ManualClock(DEFAULT_SANDBOX_START);
  const services = await openServices(
    { dataDir, appDir: dataDir, brokerPaths: [], broker: 'sandbox', rekey: false },
    { logger: noopLogger, clock, env: {} },
  );
  const account = await services.accounts.init('sandbox');
  const apiKey = services.security.apiKeys.regenerate(account.id).key;
  const resolved = await services.accounts.resolveApiKey(apiKey);
  if (!resolved.ok) throw new Error('the sandbox account did not open');
  const adapter = resolved.account.executionAdapter;
  let n = 0;
  const place = () =>
    adapter.placeOrder(
      orderRequest({
        clientOrderId: `MEM${String(n).padStart(12, '0')}`,
        symbol: 'SBIN',
        action: n++ % 2 === 0 ? 'BUY' : 'SELL',
        quantity: 1,
      }),
    );
  try {
    for (let i = 0; i < 500; i++) await place();
    const before = heapAfterGc();
    for (let i = 0; i < ORDERS; i++) await place();
    const today = heapAfterGc();

    // Only the lengths are kept: the answers themselves must not count as retained.
    let started = performance.now();
    const todayBookOrders = (await adapter.getOrders()).length;
    const todayBookMs = performance.now() - started;

    await clock.set(istToEpoch(2026, 1, 6, 0, 30));
    started = performance.now();
    const nextDayBookOrders = (await adapter.getOrders()).length;
    const nextDayBookMs = performance.now() - started;
    const afterRoll = heapAfterGc();

    const inDay = (today - before) / ORDERS;
    const retained = (afterRoll - before) / ORDERS;
    recordResult('server.sandbox.memory-per-order', {
      value: retained,
      unit: 'B/order',
      baseline: inDay,
      ratio: retained / inDay,
      target: { value: 'history retains ~0 B/order: memory holds the current day only' },
      extra: {
        orders: ORDERS,
        in_day_bytes_per_order: inDay,
        retained_after_day_roll_bytes_per_order: retained,
        orderbook_today_orders: todayBookOrders,
        orderbook_today_ms: todayBookMs,
        orderbook_next_day_orders: nextDayBookOrders,
        orderbook_next_day_ms: nextDayBookMs,
        orders_placed_and_stored: n,
      },
    });
  } finally {
    await services.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
