import { ORDER_STATUSES } from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import { AngelOrderSchema } from '../../src/mapping/angel-types.js';
import { mapOrder } from '../../src/mapping/orders.js';
import { ANGEL_ORDER_STATUSES, mapAngelStatus } from '../../src/mapping/status.js';
import { sdkRow, testSymbols } from './helpers.js';

/** Every status string of brokers.md §2.4 (documented, then [unverified]) and its OpenAlgo meaning. */
const TABLE: ReadonlyArray<readonly [string, string]> = [
  ['open', 'open'],
  ['trigger pending', 'trigger_pending'],
  ['complete', 'complete'],
  ['cancelled', 'cancelled'],
  ['rejected', 'rejected'],
  ['modified', 'open'],
  ['open pending', 'pending'],
  ['modify pending', 'open'],
  ['after market order req received', 'pending'],
  ['modify after market order req received', 'pending'],
  ['cancelled after market order', 'cancelled'],
  ['validation pending', 'pending'],
  ['put order req received', 'pending'],
  ['cancel pending', 'open'],
];

describe('Angel order status → OpenAlgo status', () => {
  it.each(TABLE)('"%s" → %s', (raw, expected) => {
    expect(mapAngelStatus(raw)).toBe(expected);
  });

  it('the table is exactly the reference’s list, each mapped into the closed set', () => {
    expect(Object.keys(ANGEL_ORDER_STATUSES).sort()).toEqual(TABLE.map(([raw]) => raw).sort());
    for (const status of Object.values(ANGEL_ORDER_STATUSES)) expect(ORDER_STATUSES).toContain(status);
  });

  it('case and stray spaces do not change the meaning', () => {
    expect(mapAngelStatus('TRIGGER PENDING')).toBe('trigger_pending');
    expect(mapAngelStatus(' Open  Pending ')).toBe('pending');
  });

  it.each(['', 'partially filled', 'AB01', 'opened', 'complete '.repeat(2)])(
    'anything else ("%s") is unknown, never a neighbour',
    (raw) => {
      expect(mapAngelStatus(raw)).toBe('unknown');
    },
  );

  it('an order with an unknown status keeps it as rawStatus', () => {
    const row = sdkRow('orderBook');
    const order = mapOrder(
      AngelOrderSchema.parse({ ...row, status: 'frozen by rms', orderstatus: 'frozen by rms' }),
      testSymbols(),
    );
    expect(order.status).toBe('unknown');
    expect(order.rawStatus).toBe('frozen by rms');
  });
});
