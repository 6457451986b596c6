import { ClientOrderIdSchema, newClientOrderId, noopLogger, TradingService } from '@openalgo/core';
import { expect, test } from 'vitest';
import { clientOrderIdFor, pooledClientOrderId } from '../../src/api/client-order-ids.js';
import { FakeAdapter } from './support/fake-adapter.js';

test('pooled ids have core default shape: 16 letters/digits, valid as a broker tag', () => {
  for (let i = 0; i < 1000; i++) {
    const id = pooledClientOrderId();
    expect(id).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(ClientOrderIdSchema.safeParse(id).success).toBe(true);
  }
});

test('pooled ids do not repeat across many refills of the pool', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 20_000; i++) seen.add(pooledClientOrderId());
  expect(seen.size).toBe(20_000);
});

test('pooled ids use the whole alphabet roughly evenly (no modulo bias toward early letters)', () => {
  const counts = new Map<string, number>();
  for (let i = 0; i < 5_000; i++)
    for (const ch of pooledClientOrderId()) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  expect(counts.size).toBe(62);
  const expected = (5_000 * 16) / 62;
  for (const n of counts.values()) expect(Math.abs(n - expected) / expected).toBeLessThan(0.2);
});

test("an account's own generator wins; core's default is replaced by the pooled one", () => {
  const custom = new TradingService({
    adapter: new FakeAdapter(),
    newClientOrderId: () => 'MINE1',
    logger: noopLogger,
  });
  expect(clientOrderIdFor(custom)).toBe('MINE1');
  const byDefault = new TradingService({ adapter: new FakeAdapter() });
  expect(byDefault.context.newClientOrderId).toBe(newClientOrderId);
  expect(clientOrderIdFor(byDefault)).toMatch(/^[A-Za-z0-9]{16}$/);
});
