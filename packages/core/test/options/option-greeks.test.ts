import { describe, expect, it } from 'vitest';
import type { OpenAlgoError } from '../../src/errors/openalgo-error.js';
import { black76Greeks, black76Price } from '../../src/options/black76-greeks.js';
import { greeksFromPrice } from '../../src/options/greeks-from-price.js';
import { multiOptionGreeks, optionGreeks } from '../../src/options/option-greeks.js';
import { instrumentRow } from '../../src/testing/instrument-row.js';
import { istToEpoch } from '../../src/time/ist.js';
import { chainRows, futureRow, NOW, range, stubMarket } from './fixtures.js';

const ROWS = [
  instrumentRow({ symbol: 'NIFTY', exchange: 'NSE_INDEX' }),
  futureRow('NIFTY', '28NOV24', '28-NOV-24'),
  ...chainRows('NIFTY', '28NOV24', '28-NOV-24', range(23_800, 24_200, 100)),
];
const YEARS = (istToEpoch(2024, 11, 28, 15, 30) - NOW) / (365 * 86_400_000);
const FORWARD = 24_030;

function market(overrides: Record<string, number> = {}) {
  const prices: Record<string, number> = { 'NSE_INDEX:NIFTY': 24_010, 'NFO:NIFTY28NOV24FUT': 24_100 };
  for (const strike of range(23_800, 24_200, 100))
    for (const isCall of [true, false])
      prices[`NFO:NIFTY28NOV24${strike}${isCall ? 'CE' : 'PE'}`] = black76Price({
        forward: FORWARD,
        strike,
        years: YEARS,
        rate: 0,
        volatility: 0.16,
        isCall,
      });
  return stubMarket(ROWS, { ...prices, ...overrides });
}

describe('greeksFromPrice', () => {
  it('returns OpenAlgo’s theoretical greeks for a premium without time value', () => {
    const g = greeksFromPrice({
      optionPrice: 100,
      forward: 24_100,
      strike: 24_000,
      years: 0.02,
      ratePercent: 0,
      isCall: true,
    });
    expect(g).toMatchObject({
      theoretical: true,
      impliedVolatility: 0,
      delta: 1,
      gamma: 0,
      vega: 0,
      intrinsicValue: 100,
    });
    const put = greeksFromPrice({
      optionPrice: 100.005,
      forward: 23_900,
      strike: 24_000,
      years: 0.02,
      ratePercent: 0,
      isCall: false,
    });
    expect(put).toMatchObject({ theoretical: true, delta: -1 });
  });
});

describe('optionGreeks', () => {
  it('uses the synthetic future as the forward and recovers the pricing volatility', async () => {
    const { market: m } = market();
    const result = await optionGreeks(m, { symbol: 'NIFTY28NOV2424100CE', exchange: 'NFO' });
    expect(result.forward).toBeCloseTo(FORWARD, 6);
    expect(result.greeks.impliedVolatility).toBeCloseTo(16, 6);
    const expected = black76Greeks({
      forward: result.forward,
      strike: 24_100,
      years: YEARS,
      rate: 0,
      volatility: result.greeks.impliedVolatility / 100,
      isCall: true,
    });
    expect(result.greeks.delta).toBeCloseTo(expected.delta, 12);
    expect(result.greeks.theta).toBeCloseTo(expected.theta, 12);
    expect(result.daysToExpiry).toBeCloseTo(YEARS * 365, 9);
    expect(result).toMatchObject({ underlying: 'NIFTY', strike: 24_100, optionType: 'CE', expired: false });
  });

  it('takes a given forward, or quotes a named underlying, instead', async () => {
    const { market: m, calls } = market();
    const given = await optionGreeks(m, {
      symbol: 'NIFTY28NOV2424100CE',
      exchange: 'NFO',
      forwardPrice: 24_200,
    });
    expect(given.forward).toBe(24_200);
    expect(calls.flat().some((ref) => ref.exchange === 'NSE_INDEX')).toBe(false);
    const named = await optionGreeks(m, {
      symbol: 'NIFTY28NOV2424100CE',
      exchange: 'NFO',
      underlyingSymbol: 'NIFTY28NOV24FUT',
    });
    expect(named.forward).toBe(24_100);
  });

  it('falls back to the spot when the ATM put has no price', async () => {
    const { market: m } = market({ 'NFO:NIFTY28NOV2424000PE': 0 });
    const result = await optionGreeks(m, { symbol: 'NIFTY28NOV2424100CE', exchange: 'NFO' });
    expect(result.forward).toBe(24_010);
  });

  it('marks an expired option', async () => {
    const rows = [
      instrumentRow({ symbol: 'NIFTY', exchange: 'NSE_INDEX' }),
      ...chainRows('NIFTY', '19NOV24', '19-NOV-24', [24_000]),
    ];
    const { market: m } = stubMarket(rows, {
      'NSE_INDEX:NIFTY': 24_000,
      'NFO:NIFTY19NOV2424000CE': 5,
      'NFO:NIFTY19NOV2424000PE': 5,
    });
    const result = await optionGreeks(m, { symbol: 'NIFTY19NOV2424000CE', exchange: 'NFO' });
    expect(result.expired).toBe(true);
    expect(result.daysToExpiry).toBe(0);
  });

  it.each([
    [{ symbol: 'NIFTY28NOV24FUT' }, 'symbol'],
    [{ symbol: 'NIFTY28NOV2499999CE' }, 'symbol'],
    [{ exchange: 'NSE' as const }, 'symbol'],
    [{ interestRate: 101 }, 'interest_rate'],
    [{ expiryTime: '3pm' }, 'expiry_time'],
  ])('rejects %o naming %s', async (overrides, field) => {
    const { market: m } = market();
    const error = await optionGreeks(m, {
      symbol: 'NIFTY28NOV2424100CE',
      exchange: 'NFO',
      ...overrides,
    }).then(
      () => Promise.reject(new Error('expected a rejection')),
      (e: unknown) => e as OpenAlgoError,
    );
    expect(error.field).toBe(field);
  });
});

describe('multiOptionGreeks', () => {
  it('answers each symbol in order, quoting all options in one call', async () => {
    const { market: m, calls } = market();
    const outcomes = await multiOptionGreeks(m, [
      { symbol: 'NIFTY28NOV2424100CE', exchange: 'NFO' },
      { symbol: 'NIFTY28NOV2499999PE', exchange: 'NFO' },
      { symbol: 'NIFTY28NOV2423900PE', exchange: 'NFO' },
    ]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    expect(calls[0]).toEqual([
      { symbol: 'NIFTY28NOV2424100CE', exchange: 'NFO' },
      { symbol: 'NIFTY28NOV2423900PE', exchange: 'NFO' },
    ]);
    const put = outcomes[2];
    expect(put?.ok && put.result.greeks.impliedVolatility).toBeCloseTo(16, 6);
    // The spot and the ATM legs were quoted once for both options.
    expect(calls.filter((c) => c.some((r) => r.exchange === 'NSE_INDEX'))).toHaveLength(1);
  });
});
