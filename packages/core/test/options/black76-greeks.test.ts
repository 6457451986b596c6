import { describe, expect, it } from 'vitest';
import { black76Greeks, black76Price } from '../../src/options/black76-greeks.js';
import { impliedVolatility } from '../../src/options/implied-volatility.js';

describe('black76Price against published values', () => {
  it.each([
    // Haug, "The Complete Guide to Option Pricing Formulas" (2nd ed.), §1.1.2 Black-76 example:
    // F = 19, K = 19, T = 0.75, r = 10 %, σ = 28 % → call = put = 1.7011.
    [{ forward: 19, strike: 19, years: 0.75, rate: 0.1, volatility: 0.28, isCall: true }, 1.7011, 4],
    [{ forward: 19, strike: 19, years: 0.75, rate: 0.1, volatility: 0.28, isCall: false }, 1.7011, 4],
    // Hull, "Options, Futures, and Other Derivatives", futures-option example (crude oil put):
    // F = K = 20, T = 4 months, r = 9 %, σ = 25 % → put = 1.12.
    [{ forward: 20, strike: 20, years: 4 / 12, rate: 0.09, volatility: 0.25, isCall: false }, 1.12, 2],
  ])('%o → %d', (inputs, expected, digits) => {
    expect(black76Price(inputs)).toBeCloseTo(expected, digits);
  });
});

describe('black76Greeks against py_vollib (the units OpenAlgo reports)', () => {
  // py_vollib `black.greeks.analytical` doctests (the library OpenAlgo's opengreeks reproduces):
  // F = 49, K = 50, r = 5 %, t = 0.3846, σ = 20 %. Theta per day, vega and rho per 1 %.
  const inputs = { forward: 49, strike: 50, years: 0.3846, rate: 0.05, volatility: 0.2 };

  it('call', () => {
    const g = black76Greeks({ ...inputs, isCall: true });
    expect(g.delta).toBeCloseTo(0.45107017482201828, 12);
    expect(g.gamma).toBeCloseTo(0.0640646705882, 12);
    expect(g.theta).toBeCloseTo(-0.00816236877462, 12);
    expect(g.vega).toBeCloseTo(0.118317785624, 12);
    expect(g.rho).toBeCloseTo(-0.0074705380059582258, 12);
  });

  it('put', () => {
    const g = black76Greeks({ ...inputs, isCall: false });
    expect(g.theta).toBeCloseTo(-0.00802799155312, 12);
    expect(g.rho).toBeCloseTo(-0.011243286001308292, 12);
    // Put delta = call delta − e^(−rT) (put-call parity on a forward).
    expect(g.delta).toBeCloseTo(0.45107017482201828 - Math.exp(-0.05 * 0.3846), 12);
  });

  it('agrees with finite differences of the price', () => {
    const base = { forward: 24_000, strike: 24_200, years: 12 / 365, rate: 0.065, volatility: 0.13 };
    for (const isCall of [true, false]) {
      const p = (over: Partial<typeof base>) => black76Price({ ...base, ...over, isCall });
      const g = black76Greeks({ ...base, isCall });
      const h = 0.01;
      expect(g.delta).toBeCloseTo(
        (p({ forward: base.forward + h }) - p({ forward: base.forward - h })) / (2 * h),
        6,
      );
      expect(g.vega).toBeCloseTo((p({ volatility: 0.1301 }) - p({ volatility: 0.1299 })) / 0.02, 4);
      const day = 1 / 365;
      expect(g.theta).toBeCloseTo(
        (p({ years: base.years - day / 100 }) - p({ years: base.years + day / 100 })) / 0.02,
        4,
      );
      expect(g.rho).toBeCloseTo((p({ rate: 0.0651 }) - p({ rate: 0.0649 })) / 0.02, 6);
    }
  });

  it('collapses to intrinsic sensitivities at expiry', () => {
    const itm = black76Greeks({
      forward: 105,
      strike: 100,
      years: 0,
      rate: 0,
      volatility: 0.2,
      isCall: true,
    });
    expect(itm).toEqual({ delta: 1, gamma: 0, theta: 0, vega: 0, rho: -0 });
    const otm = black76Greeks({
      forward: 105,
      strike: 100,
      years: 0,
      rate: 0,
      volatility: 0.2,
      isCall: false,
    });
    expect(otm.delta).toBe(0);
  });
});

describe('impliedVolatility', () => {
  it('recovers Haug’s 28 % from 1.7011 (to the premium’s 4 decimals)', () => {
    const iv = impliedVolatility({
      price: 1.7011,
      forward: 19,
      strike: 19,
      years: 0.75,
      rate: 0.1,
      isCall: true,
    });
    expect(iv.ok && iv.volatility).toBeCloseTo(0.28, 4);
  });

  it('round-trips across moneyness, tenor and volatility', () => {
    const misses: string[] = [];
    for (const strike of [18_000, 22_000, 23_900, 24_000, 24_100, 26_000, 30_000])
      for (const years of [1 / 365 / 24, 2 / 365, 30 / 365, 1, 3])
        for (const volatility of [0.03, 0.12, 0.45, 1.5])
          for (const isCall of [true, false]) {
            const inputs = { forward: 24_000, strike, years, rate: 0.07, isCall };
            const price = black76Price({ ...inputs, volatility });
            const intrinsic =
              Math.exp(-0.07 * years) * Math.max(0, isCall ? 24_000 - strike : strike - 24_000);
            // Below ~1e-9 of the forward the premium no longer carries the volatility in a double.
            if (price - intrinsic < 1e-9 * 24_000) continue;
            const iv = impliedVolatility({ ...inputs, price });
            const back = iv.ok ? black76Price({ ...inputs, volatility: iv.volatility }) : Number.NaN;
            if (!(Math.abs(back - price) <= 1e-9 * Math.max(1, price)))
              misses.push(`${strike} ${years} ${volatility} ${isCall}`);
          }
    expect(misses).toEqual([]);
  });

  it('says why there is no volatility', () => {
    const base = { forward: 100, strike: 90, years: 0.5, rate: 0, isCall: true };
    expect(impliedVolatility({ ...base, price: 9.5 })).toMatchObject({
      ok: false,
      reason: 'below-intrinsic',
    });
    expect(impliedVolatility({ ...base, price: 10 })).toMatchObject({ ok: false, reason: 'below-intrinsic' });
    expect(impliedVolatility({ ...base, price: 100 })).toMatchObject({ ok: false, reason: 'above-maximum' });
    expect(impliedVolatility({ ...base, years: 0, price: 12 })).toMatchObject({
      ok: false,
      reason: 'expired',
    });
    expect(impliedVolatility({ ...base, forward: 0, price: 12 })).toMatchObject({
      ok: false,
      reason: 'invalid-input',
    });
    expect(impliedVolatility({ ...base, price: Number.NaN })).toMatchObject({
      ok: false,
      reason: 'invalid-input',
    });
  });
});
