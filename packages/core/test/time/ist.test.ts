import { describe, expect, it } from 'vitest';
import { formatExpiry, istDate, istToEpoch, parseIstDateTime, toIstIso } from '../../src/time/ist.js';

describe('IST helpers', () => {
  it('converts between IST wall time and epoch', () => {
    const ms = istToEpoch(2026, 11, 25, 9, 15, 0);
    expect(new Date(ms).toISOString()).toBe('2026-11-25T03:45:00.000Z');
    expect(toIstIso(ms)).toBe('2026-11-25T09:15:00+05:30');
  });

  it('puts 20:00 UTC on the next IST calendar day', () => {
    expect(istDate(Date.UTC(2026, 10, 25, 18, 29, 59))).toBe('2026-11-25');
    expect(istDate(Date.UTC(2026, 10, 25, 18, 30, 0))).toBe('2026-11-26');
  });

  it('parses broker timestamps as IST and refuses other shapes', () => {
    expect(parseIstDateTime('2026-11-25 09:15:00')).toBe(istToEpoch(2026, 11, 25, 9, 15, 0));
    expect(parseIstDateTime('2026-11-25')).toBe(istToEpoch(2026, 11, 25));
    expect(parseIstDateTime('25-Nov-2026 09:15:00')).toBeUndefined();
  });

  it('formats expiries as DD-MMM-YY', () => {
    expect(formatExpiry(2024, 12, 26)).toBe('26-DEC-24');
    expect(formatExpiry(2030, 1, 2)).toBe('02-JAN-30');
  });
});
