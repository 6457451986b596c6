import { describe, expect, it } from 'vitest';
import { averagePrice, money } from '../../src/engine/money.js';

describe('money arithmetic', () => {
  it('averages fills without binary-fraction noise', () => {
    expect((801.55 * 3) / 3).not.toBe(801.55);
    expect(averagePrice(801.55 * 3, 3)).toBe(801.55);
  });

  it('keeps an average that falls between ticks', () => {
    expect(averagePrice(100.05 + 100.1, 2)).toBe(100.075);
  });

  it('rounds amounts to paise', () => {
    expect(money(0.1 + 0.2)).toBe(0.3);
  });
});
