import { describe, expect, it } from 'vitest';
import { flatString, isDigits, ownString } from '../../src/symbols/master-text.js';

describe('master text helpers', () => {
  it('isDigits accepts only non-empty runs of ASCII digits', () => {
    expect(isDigits('0')).toBe(true);
    expect(isDigits('1010000000000011')).toBe(true);
    expect(isDigits('')).toBe(false);
    expect(isDigits('12a')).toBe(false);
    expect(isDigits('-1')).toBe(false);
    expect(isDigits('1.5')).toBe(false);
    expect(isDigits(' 12')).toBe(false);
    expect(isDigits('١٢')).toBe(false); // Arabic-Indic digits are not ASCII digits
  });

  it('flatString and ownString return equal text, short or long', () => {
    const built = `NIFTY${'26DEC24'}${24000}CE`;
    expect(flatString(built)).toBe('NIFTY26DEC2424000CE');
    expect(ownString('')).toBe('');
    expect(ownString('SBIN')).toBe('SBIN');
    const chunk = 'x,NSE:NIFTY26DEC24000CE,1010000000000011,y';
    const field = chunk.split(',')[2] as string;
    expect(ownString(field)).toBe('1010000000000011');
    expect(ownString('NSE:NIFTY26DEC24000CE')).toBe('NSE:NIFTY26DEC24000CE');
  });
});
