import { describe, expect, it } from 'vitest';
import { OpenAlgoError } from '../../src/errors/openalgo-error.js';
import { black76Price } from '../../src/options/black76-greeks.js';
import { buildOptionChain, moneynessLabel } from '../../src/options/option-chain.js';
import { syntheticFuture } from '../../src/options/synthetic-future.js';
import { instrumentRow } from '../../src/testing/instrument-row.js';
import { istToEpoch } from '../../src/time/ist.js';
import { chainRows, NOW, optionRow, range, stubMarket } from './fixtures.js';

const STRIKES = range(23_500, 24_500, 100);
const ROWS = [
  instrumentRow({ symbol: 'NIFTY', exchange: 'NSE_INDEX' }),
  ...chainRows('NIFTY', '28NOV24', '28-NOV-24', STRIKES),
];
const YEARS = (istToEpoch(2024, 11, 28, 15, 30) - NOW) / (365 * 86_400_000);

/** Option prices from Black-76 at 14 % on a forward of 24,050: a market the greeks must read back. */
function pricedMarket(forward = 24_050, spot = 24_020) {
  const prices: Record<string, number> = { 'NSE_INDEX:NIFTY': spot };
  for (const strike of STRIKES) {
    for (const isCall of [true, false]) {
      const price = black76Price({ forward, strike, years: YEARS, rate: 0, volatility: 0.14, isCall });
      prices[`NFO:NIFTY28NOV24${strike}${isCall ? 'CE' : 'PE'}`] = price;
    }
  }
  return { ...stubMarket(ROWS, prices), prices };
}

describe('moneynessLabel', () => {
  it('labels calls ITM below ATM and puts ITM above', () => {
    expect([0, 1, 2, 3, 4].map((i) => moneynessLabel(i, 2, true))).toEqual([
      'ITM2',
      'ITM1',
      'ATM',
      'OTM1',
      'OTM2',
    ]);
    expect([0, 1, 2, 3, 4].map((i) => moneynessLabel(i, 2, false))).toEqual([
      'OTM2',
      'OTM1',
      'ATM',
      'ITM1',
      'ITM2',
    ]);
  });
});

describe('buildOptionChain', () => {
  it('keeps strike_count strikes each side of ATM and quotes every leg in one call', async () => {
    const { market, calls } = pricedMarket();
    const chain = await buildOptionChain(market, {
      underlying: 'NIFTY',
      exchange: 'NSE_INDEX',
      expiryDate: '28NOV24',
      strikeCount: 2,
    });
    expect(chain.atmStrike).toBe(24_000);
    expect(chain.rows.map((r) => r.strike)).toEqual([23_800, 23_900, 24_000, 24_100, 24_200]);
    expect(chain.rows.map((r) => r.ce?.label)).toEqual(['ITM2', 'ITM1', 'ATM', 'OTM1', 'OTM2']);
    expect(chain.rows.map((r) => r.pe?.label)).toEqual(['OTM2', 'OTM1', 'ATM', 'ITM1', 'ITM2']);
    expect(calls).toHaveLength(2);
    expect(calls[1]).toHaveLength(10);
    expect(chain.rows[0]?.ce?.symbol).toBe('NIFTY28NOV2423800CE');
    expect(chain.expiryMs).toBe(istToEpoch(2024, 11, 28, 15, 30));
    expect(chain.rows[0]).not.toHaveProperty('ce.greeks');
  });

  it('clips strike_count at the ends of the ladder and returns the whole chain without it', async () => {
    const { market } = pricedMarket(23_520, 23_510);
    const clipped = await buildOptionChain(market, {
      underlying: 'NIFTY',
      exchange: 'NSE_INDEX',
      expiryDate: '28NOV24',
      strikeCount: 3,
    });
    expect(clipped.rows.map((r) => r.strike)).toEqual([23_500, 23_600, 23_700, 23_800]);
    const whole = await buildOptionChain(market, {
      underlying: 'NIFTY',
      exchange: 'NSE_INDEX',
      expiryDate: '28NOV24',
    });
    expect(whole.rows).toHaveLength(STRIKES.length);
  });

  it('reads back the volatility that priced the market, on the synthetic-future forward', async () => {
    const { market, prices } = pricedMarket();
    const chain = await buildOptionChain(market, {
      underlying: 'NIFTY',
      exchange: 'NSE_INDEX',
      expiryDate: '28NOV24',
      strikeCount: 3,
      withGreeks: true,
    });
    const ce = prices['NFO:NIFTY28NOV2424000CE'] as number;
    const pe = prices['NFO:NIFTY28NOV2424000PE'] as number;
    expect(chain.forwardPrice).toBeCloseTo(24_000 + ce - pe, 9);
    // Zero rate: parity is exact, so the synthetic future is the pricing forward.
    expect(chain.forwardPrice).toBeCloseTo(24_050, 6);
    for (const row of chain.rows) {
      expect(row.ce?.greeks?.impliedVolatility).toBeCloseTo(14, 6);
      expect(row.pe?.greeks?.impliedVolatility).toBeCloseTo(14, 6);
    }
  });

  it('leaves a leg the master does not list out of its row', async () => {
    const rows = [...ROWS, optionRow('NIFTY', '28NOV24', '28-NOV-24', 24_050, 'CE')];
    const { market } = stubMarket(rows, { 'NSE_INDEX:NIFTY': 24_040 });
    const chain = await buildOptionChain(market, {
      underlying: 'NIFTY',
      exchange: 'NSE_INDEX',
      expiryDate: '28NOV24',
      strikeCount: 1,
    });
    const lone = chain.rows.find((r) => r.strike === 24_050);
    expect(lone?.ce?.label).toBe('ATM');
    expect(lone).not.toHaveProperty('pe');
  });

  it.each([
    [{ strikeCount: 0 }, 'strike_count'],
    [{ strikeCount: 101 }, 'strike_count'],
    [{ strikeCount: 2.5 }, 'strike_count'],
    [{ interestRate: -1 }, 'interest_rate'],
    [{ expiryTime: '25:00' }, 'expiry_time'],
    [{ expiryDate: '05DEC24' }, 'expiry_date'],
  ])('rejects %o naming %s without quoting', async (overrides, field) => {
    const { market, calls } = pricedMarket();
    const error = await buildOptionChain(market, {
      underlying: 'NIFTY',
      exchange: 'NSE_INDEX',
      expiryDate: '28NOV24',
      ...overrides,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAlgoError);
    expect((error as OpenAlgoError).field).toBe(field);
    expect(calls).toHaveLength(0);
  });
});

describe('syntheticFuture', () => {
  it('is the ATM strike plus the call minus the put', async () => {
    const { market, prices } = pricedMarket();
    const result = await syntheticFuture(market, {
      underlying: 'NIFTY',
      exchange: 'NSE_INDEX',
      expiryDate: '28NOV24',
    });
    const ce = prices['NFO:NIFTY28NOV2424000CE'] as number;
    const pe = prices['NFO:NIFTY28NOV2424000PE'] as number;
    expect(result).toMatchObject({
      underlying: 'NIFTY',
      underlyingLtp: 24_020,
      expiry: '28NOV24',
      atmStrike: 24_000,
    });
    expect(result.price).toBe(24_000 + ce - pe);
  });

  it('fails clearly when a leg has no price', async () => {
    const { market } = stubMarket(ROWS, { 'NSE_INDEX:NIFTY': 24_020, 'NFO:NIFTY28NOV2424000CE': 120 });
    const error = await syntheticFuture(market, {
      underlying: 'NIFTY',
      exchange: 'NSE_INDEX',
      expiryDate: '28NOV24',
    }).then(
      () => Promise.reject(new Error('expected a rejection')),
      (e: unknown) => e as OpenAlgoError,
    );
    expect(error.code).toBe('BROKER_ERROR');
    expect(error.message).toContain('NIFTY28NOV2424000PE');
  });
});
