import { describe, expect, it } from 'vitest';
import { AngelOrderSchema } from '../../src/mapping/angel-types.js';
import { angelNumber } from '../../src/mapping/numbers.js';
import { sdkRow } from './helpers.js';

const first = sdkRow;

describe('numbers: strings and numbers everywhere (§2.3)', () => {
  it.each([
    ['0.0000', 0],
    ['194.00', 194],
    ['- 2235.80', -2235.8],
    ['+ 5', 5],
    [' 1,234.5 ', 1234.5],
    [568.2, 568.2],
  ] as const)('%j → %d', (input, expected) => {
    expect(angelNumber(input)).toBe(expected);
  });

  it('empty values are "not reported"; text that is not a number is NaN', () => {
    expect(angelNumber(null)).toBeUndefined();
    expect(angelNumber('')).toBeUndefined();
    expect(angelNumber(undefined)).toBeUndefined();
    expect(angelNumber('abc')).toBeNaN();
  });

  it('a field that is not a number fails the schema naming it; order ids as JSON numbers only while exact', () => {
    const bad = AngelOrderSchema.safeParse({ ...first('orderBook'), price: 'n/a' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['price']);
    expect(AngelOrderSchema.parse(first('orderBook')).orderid).toBe('201020000000080');
    expect(AngelOrderSchema.safeParse({ ...first('orderBook'), orderid: 2 ** 60 }).success).toBe(false);
  });
});
