import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/errors/openalgo-error.js';
import { tradingDayFor } from '../../src/symbols/trading-day.js';
import { istToEpoch } from '../../src/time/ist.js';

const SECOND = 1000;

describe('tradingDayFor', () => {
  // [IST wall clock, cutoff, expected trading day]
  const CASES: ReadonlyArray<[[number, number, number, number, number, number], string, string]> = [
    [[2026, 1, 5, 7, 59, 59], '08:00', '2026-01-04'],
    [[2026, 1, 5, 8, 0, 0], '08:00', '2026-01-05'],
    [[2026, 1, 5, 15, 30, 0], '08:00', '2026-01-05'],
    [[2026, 1, 5, 23, 59, 59], '08:00', '2026-01-05'],
    [[2026, 1, 6, 0, 0, 0], '08:00', '2026-01-05'],
    [[2026, 1, 1, 7, 0, 0], '08:00', '2025-12-31'],
    [[2024, 3, 1, 6, 0, 0], '08:00', '2024-02-29'],
    [[2026, 1, 5, 0, 0, 0], '00:00', '2026-01-05'],
    [[2026, 1, 5, 23, 59, 59], '00:00', '2026-01-05'],
    [[2026, 1, 5, 9, 14, 0], '09:15', '2026-01-04'],
    [[2026, 1, 5, 9, 15, 0], '09:15', '2026-01-05'],
  ];
  it.each(CASES)('%j IST with cutoff %s → %s', ([y, mo, d, h, mi, s], cutoff, expected) => {
    expect(tradingDayFor(istToEpoch(y, mo, d, h, mi, s), cutoff)).toBe(expected);
  });

  it('uses the IST date, not the UTC one', () => {
    // 2026-01-04T18:30Z is midnight IST on the 5th: before the cutoff, so still the 4th's master.
    expect(tradingDayFor(Date.UTC(2026, 0, 4, 18, 30))).toBe('2026-01-04');
    // 2026-01-05T02:30Z is exactly 08:00 IST: the 5th's master is current, though UTC is still early.
    expect(tradingDayFor(Date.UTC(2026, 0, 5, 2, 30))).toBe('2026-01-05');
    expect(tradingDayFor(Date.UTC(2026, 0, 5, 2, 30) - SECOND)).toBe('2026-01-04');
    // 20:00Z on the 5th is 01:30 IST on the 6th: before the cutoff, so the 5th.
    expect(tradingDayFor(Date.UTC(2026, 0, 5, 20, 0))).toBe('2026-01-05');
  });

  it.each(['8:00', '24:00', '08:60', '0800', ''])('rejects the cutoff %j', (cutoff) => {
    expect(() => tradingDayFor(Date.UTC(2026, 0, 5), cutoff)).toThrow(InvalidRequestError);
  });
});
