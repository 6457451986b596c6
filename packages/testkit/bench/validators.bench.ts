/**
 * Shared validators: full instrument validation (core's row rules plus the testkit's) against the
 * bare zod schema parse, and order validation against OrderSchema.safeParse — the price of the
 * semantic checks the suite runs on every object. Nothing here asserts on time.
 */
import { InstrumentSchema, type Order, OrderSchema } from '@openalgo/core';
import { test } from 'vitest';
import { measureThroughput, recordResult } from '../../core/bench/harness.js';
import { generateMasterUniverse, masterRowToInstrument } from '../src/simulator/index.js';
import { assertValidInstrument, assertValidOrder } from '../src/validators.js';

const rows = [...generateMasterUniverse({ asOf: Date.UTC(2026, 0, 5, 4, 30), seed: 7 })].map(
  masterRowToInstrument,
);

test('testkit.validators.instrument', async () => {
  const baseline = await measureThroughput(
    () => {
      for (const row of rows) InstrumentSchema.safeParse(row);
    },
    { opsPerCall: rows.length, runs: 3 },
  );
  const value = await measureThroughput(
    () => {
      for (const row of rows) assertValidInstrument(row);
    },
    { opsPerCall: rows.length, runs: 3 },
  );
  recordResult('testkit.validators.instrument', {
    value,
    unit: 'rows/s',
    baseline,
    ratio: value / baseline,
    extra: { rows: rows.length },
  });
});

const order: Order = {
  orderId: '250105000001',
  clientOrderId: 'abc123',
  symbol: 'SBIN',
  exchange: 'NSE',
  action: 'BUY',
  priceType: 'LIMIT',
  product: 'MIS',
  quantity: 10,
  filledQuantity: 4,
  pendingQuantity: 6,
  price: 800,
  triggerPrice: 0,
  averagePrice: 799.5,
  status: 'open',
  rawStatus: 'OPEN',
  timestamp: '2026-01-05T09:30:00+05:30',
  raw: {},
};
const orders = Array.from({ length: 50_000 }, (_, i) => ({ ...order, orderId: String(i + 1) }));

test('testkit.validators.order', async () => {
  const baseline = await measureThroughput(
    () => {
      for (const o of orders) OrderSchema.safeParse(o);
    },
    { opsPerCall: orders.length },
  );
  const value = await measureThroughput(
    () => {
      for (const o of orders) assertValidOrder(o);
    },
    { opsPerCall: orders.length },
  );
  recordResult('testkit.validators.order', { value, unit: 'orders/s', baseline, ratio: value / baseline });
});
