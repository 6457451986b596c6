import { ORDER_STATUSES } from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import { FYERS_ORDER_STATUSES, mapFyersStatus, rawFyersStatus } from '../../src/mapping/status.js';

describe('Fyers order status ints → unified status (brokers.md §3.4, §3.8)', () => {
  const documented: Array<[number, string]> = [
    [1, 'cancelled'],
    [2, 'complete'],
    [4, 'trigger_pending'],
    [5, 'rejected'],
    [6, 'open'],
    [7, 'cancelled'],
  ];

  it.each(documented)('status %i → %s', (raw, unified) => {
    expect(mapFyersStatus(raw)).toBe(unified);
    expect(rawFyersStatus(raw)).toBe(String(raw));
  });

  it('the table has exactly the documented rows, each a unified status', () => {
    expect(Object.keys(FYERS_ORDER_STATUSES).sort()).toEqual(documented.map(([raw]) => String(raw)).sort());
    for (const status of Object.values(FYERS_ORDER_STATUSES)) expect(ORDER_STATUSES).toContain(status);
  });

  it.each([3, 0, 8, 90, -1, 11])('undocumented or unused status %i is unknown, never a neighbour', (raw) => {
    expect(mapFyersStatus(raw)).toBe('unknown');
    expect(mapFyersStatus(raw, 1)).toBe('unknown');
  });

  it.each([
    [3, 'trigger_pending'],
    [4, 'trigger_pending'],
    [1, 'pending'],
    [2, 'pending'],
  ] as const)('status 4 (transit) on order type %i → %s', (type, unified) => {
    expect(mapFyersStatus(4, type)).toBe(unified);
  });

  it('the order type changes nothing but status 4', () => {
    for (const [raw, unified] of documented) {
      if (raw !== 4) for (const type of [1, 2, 3, 4]) expect(mapFyersStatus(raw, type)).toBe(unified);
    }
  });
});
