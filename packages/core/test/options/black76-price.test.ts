import { describe, expect, it } from 'vitest';
import { black76, normalCdf } from '../../src/options/black76-price.js';

describe('black76', () => {
  it('has a double-precision normal CDF', () => {
    // Reference values of Φ(x) (e.g. from R's pnorm).
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1)).toBeCloseTo(0.841344746068543, 13);
    expect(normalCdf(-1.96)).toBeCloseTo(0.0249978951482204, 14);
    expect(normalCdf(3.5)).toBeCloseTo(0.999767370920964, 13);
    // Far tail: relative accuracy 1e-7 is plenty (absolute error ~1e-23).
    expect(normalCdf(-8) / 6.22096057427178e-16).toBeCloseTo(1, 7);
    expect(normalCdf(40)).toBe(1);
  });

  it('prices a textbook case and satisfies put-call parity', () => {
    // F = 100, K = 100, σ = 20 %, T = 1, r = 5 %: C = P = e^-0.05 × 100 × (2Φ(0.1) − 1) ≈ 7.5771.
    const discount = Math.exp(-0.05);
    expect(black76(100, 100, 0.2, discount, true)).toBeCloseTo(7.5771, 4);
    for (const strike of [80, 95, 100, 120]) {
      const call = black76(100, strike, 0.2, discount, true);
      const put = black76(100, strike, 0.2, discount, false);
      expect(call - put).toBeCloseTo(discount * (100 - strike), 10);
    }
  });

  it('falls to intrinsic value at expiry', () => {
    expect(black76(105, 100, 0, 1, true)).toBe(5);
    expect(black76(105, 100, 0, 1, false)).toBe(0);
    expect(black76(95, 100, 0, 1, false)).toBe(5);
  });

  it('is monotone in the forward on a fine grid (candle highs depend on it)', () => {
    let previousCall = -1;
    let previousPut = Number.POSITIVE_INFINITY;
    const violations: number[] = [];
    for (let forward = 23_000; forward <= 24_000; forward += 0.01) {
      const call = black76(forward, 23_500, 0.12 * Math.sqrt(7 / 365), 0.999, true);
      const put = black76(forward, 23_500, 0.12 * Math.sqrt(7 / 365), 0.999, false);
      if (call < previousCall || put > previousPut) violations.push(forward);
      previousCall = call;
      previousPut = put;
    }
    expect(violations).toEqual([]);
    expect(previousCall).toBeGreaterThan(400);
  });
});
