import { ORDER_STATUSES } from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import { KITE_ORDER_STATUSES, mapKiteStatus } from '../src/mapping/status.js';

/** Every Kite status string in docs/reference/brokers.md §1.4 and OpenAlgo's order-update adapter (docs/reference/brokers.md §1.8). */
const TABLE: Array<[kite: string, unified: string]> = [
  ['OPEN', 'open'],
  ['COMPLETE', 'complete'],
  ['CANCELLED', 'cancelled'],
  ['REJECTED', 'rejected'],
  ['TRIGGER PENDING', 'trigger_pending'],
  ['PUT ORDER REQ RECEIVED', 'pending'],
  ['VALIDATION PENDING', 'pending'],
  ['OPEN PENDING', 'pending'],
  ['AMO REQ RECEIVED', 'pending'],
  ['MODIFY VALIDATION PENDING', 'open'],
  ['MODIFY PENDING', 'open'],
  ['MODIFIED', 'open'],
  ['NOT MODIFIED', 'open'],
  ['CANCEL PENDING', 'open'],
  ['UPDATE', 'open'],
];

describe('Kite order status → unified status', () => {
  it.each(TABLE)('%s → %s', (kite, unified) => {
    expect(mapKiteStatus(kite)).toBe(unified);
  });

  it('the table in the code has exactly the rows listed here', () => {
    expect(Object.keys(KITE_ORDER_STATUSES).sort()).toEqual(TABLE.map(([kite]) => kite).sort());
    for (const status of Object.values(KITE_ORDER_STATUSES)) expect(ORDER_STATUSES).toContain(status);
  });

  it.each(['LAPSED', 'open', 'Complete', ' OPEN', '', 'toString', 'constructor', '__proto__'])(
    'an unlisted status %j is unknown, never a neighbour',
    (raw) => {
      expect(mapKiteStatus(raw)).toBe('unknown');
    },
  );
});
