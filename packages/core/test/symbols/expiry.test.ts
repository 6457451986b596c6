import { describe, expect, it } from 'vitest';
import { InvalidRequestError, type OpenAlgoError } from '../../src/errors/openalgo-error.js';
import {
  compareExpiryDates,
  type ExpiryDate,
  formatCompactExpiry,
  formatDashedExpiry,
  isValidExpiryDate,
  parseExpiry,
  toCompactExpiry,
  toDashedExpiry,
  tryParseExpiry,
} from '../../src/symbols/expiry.js';

const VALID: ReadonlyArray<[string, string, ExpiryDate]> = [
  ['26DEC24', '26-DEC-24', { year: 2024, month: 12, day: 26 }],
  ['01JAN25', '01-JAN-25', { year: 2025, month: 1, day: 1 }],
  ['29FEB24', '29-FEB-24', { year: 2024, month: 2, day: 29 }],
  ['31MAR00', '31-MAR-00', { year: 2000, month: 3, day: 31 }],
  ['30SEP99', '30-SEP-99', { year: 2099, month: 9, day: 30 }],
];

describe('expiry forms', () => {
  it.each(VALID)('%s and %s are the same date', (compact, dashed, date) => {
    expect(parseExpiry(compact)).toEqual(date);
    expect(parseExpiry(dashed)).toEqual(date);
    expect(formatCompactExpiry(date)).toBe(compact);
    expect(formatDashedExpiry(date)).toBe(dashed);
    expect(toDashedExpiry(compact)).toBe(dashed);
    expect(toCompactExpiry(dashed)).toBe(compact);
    expect(toDashedExpiry(dashed)).toBe(dashed);
  });

  const INVALID: ReadonlyArray<[string, string]> = [
    ['31FEB24', 'not a calendar date'],
    ['29FEB23', 'not a calendar date'],
    ['31-APR-24', 'not a calendar date'],
    ['00JAN24', 'not a calendar date'],
    ['32JAN24', 'not a calendar date'],
    ['26XYZ24', '"XYZ" is not a month'],
    ['26dec24', 'upper case (26DEC24)'],
    ['26-Dec-24', 'upper case (26-DEC-24)'],
    ['2024-12-26', 'must be DDMMMYY'],
    ['6DEC24', 'must be DDMMMYY'],
    ['26DEC2024', 'must be DDMMMYY'],
    ['26-DEC24', 'must be DDMMMYY'],
    ['', 'must be DDMMMYY'],
  ];
  it.each(INVALID)('rejects %s (%s)', (text, fragment) => {
    expect(tryParseExpiry(text)).toBeUndefined();
    let caught: unknown;
    try {
      parseExpiry(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidRequestError);
    expect((caught as OpenAlgoError).field).toBe('expiry');
    expect((caught as Error).message).toContain(fragment);
    expect((caught as Error).message).toContain(`"${text}"`);
  });

  it('validates calendar dates, including leap years and the two-digit-year range', () => {
    expect(isValidExpiryDate({ year: 2028, month: 2, day: 29 })).toBe(true);
    expect(isValidExpiryDate({ year: 2100, month: 2, day: 28 })).toBe(false);
    expect(isValidExpiryDate({ year: 1999, month: 12, day: 31 })).toBe(false);
    expect(isValidExpiryDate({ year: 2026, month: 13, day: 1 })).toBe(false);
    expect(isValidExpiryDate({ year: 2026, month: 6, day: 30.5 })).toBe(false);
  });

  it('refuses to format a date that does not exist', () => {
    expect(() => formatCompactExpiry({ year: 2024, month: 2, day: 30 })).toThrow(InvalidRequestError);
    expect(() => formatDashedExpiry({ year: 2024, month: 0, day: 1 })).toThrow(/not a calendar date/);
  });

  it('sorts chronologically where the text would sort wrongly', () => {
    const texts = ['30-JAN-25', '26-DEC-24', '27-FEB-25', '02-JAN-25'];
    const sorted = texts
      .map((t) => ({ t, d: parseExpiry(t) }))
      .sort((a, b) => compareExpiryDates(a.d, b.d))
      .map((x) => x.t);
    expect(sorted).toEqual(['26-DEC-24', '02-JAN-25', '30-JAN-25', '27-FEB-25']);
  });
});
