import { describe, expect, it } from 'vitest';
import { OpenAlgoError } from '../../src/errors/openalgo-error.js';
import { expiryInstant, parseExpiryTime, yearsToExpiry } from '../../src/options/expiry-time.js';
import { istToEpoch } from '../../src/time/ist.js';

const EXPIRY = { year: 2024, month: 11, day: 28 };

describe('expiry cut-offs', () => {
  it.each([
    ['NFO', 15, 30],
    ['BFO', 15, 30],
    ['MCX', 23, 30],
    ['CDS', 12, 30],
  ] as const)('%s expires at %i:%i IST', (exchange, hour, minute) => {
    expect(expiryInstant(EXPIRY, exchange)).toBe(istToEpoch(2024, 11, 28, hour, minute));
  });

  it('takes an explicit HH:MM over the exchange default', () => {
    expect(expiryInstant(EXPIRY, 'MCX', parseExpiryTime('19:00'))).toBe(istToEpoch(2024, 11, 28, 19, 0));
  });

  it.each(['24:00', '9:30', '15:60', 'noon', ''])('rejects expiry_time %j naming the field', (text) => {
    let error: unknown;
    try {
      parseExpiryTime(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OpenAlgoError);
    expect((error as OpenAlgoError).field).toBe('expiry_time');
  });

  it('counts 365-day years and never goes negative', () => {
    const at = expiryInstant(EXPIRY, 'NFO');
    expect(yearsToExpiry(at, at - 73 * 86_400_000)).toBeCloseTo(0.2, 15);
    expect(yearsToExpiry(at, at + 1)).toBe(0);
  });
});
