import type { Instrument } from '@openalgo/core';
import { instrumentRow } from '@openalgo/core/testing';
import { DEFAULT_SANDBOX_START, generateUniverse } from '@openalgo/sandbox';
import { describe, expect, it } from 'vitest';
import { chooseFixtures, sandboxFixtures } from '../../src/simulator/fixtures.js';

const nifty = (symbol: string, instrumentType: string, expiry: string, strike = 0): Instrument =>
  instrumentRow({ symbol, exchange: 'NFO', name: 'NIFTY', instrumentType, expiry, strike, lotSize: 75 });

describe('chooseFixtures', () => {
  it('picks SBIN, the nearest future, the middle strike of the nearest calls and the index, in any order', () => {
    const universe = [
      instrumentRow({ symbol: 'INFY', exchange: 'NSE' }),
      instrumentRow({ symbol: 'SBIN', exchange: 'NSE' }),
      nifty('NIFTY26FEB26FUT', 'FUT', '26-FEB-26'),
      nifty('NIFTY29JAN26FUT', 'FUT', '29-JAN-26'),
      nifty('NIFTY29JAN2626000CE', 'CE', '29-JAN-26', 26_000),
      nifty('NIFTY08JAN2625000CE', 'CE', '08-JAN-26', 25_000),
      nifty('NIFTY08JAN2626000CE', 'CE', '08-JAN-26', 26_000),
      nifty('NIFTY08JAN2624000CE', 'CE', '08-JAN-26', 24_000),
      nifty('NIFTY08JAN2625000PE', 'PE', '08-JAN-26', 25_000),
      instrumentRow({ symbol: 'NIFTY', exchange: 'NSE_INDEX' }),
    ];
    expect(chooseFixtures(universe)).toEqual({
      equity: { symbol: 'SBIN', exchange: 'NSE' },
      future: { symbol: 'NIFTY29JAN26FUT', exchange: 'NFO' },
      option: { symbol: 'NIFTY08JAN2625000CE', exchange: 'NFO' },
      index: { symbol: 'NIFTY', exchange: 'NSE_INDEX' },
    });
  });

  it('falls back to the first NSE stock and leaves out what the universe lacks', () => {
    expect(chooseFixtures([instrumentRow({ symbol: 'INFY', exchange: 'NSE' })])).toEqual({
      equity: { symbol: 'INFY', exchange: 'NSE' },
    });
    expect(() => chooseFixtures([instrumentRow({ symbol: 'NIFTY', exchange: 'NSE_INDEX' })])).toThrow(
      /no NSE equity/,
    );
  });

  it('gives every test broker over the sandbox market the same four instruments', () => {
    const fixtures = sandboxFixtures({ start: DEFAULT_SANDBOX_START, seed: 42 });
    expect(fixtures).toEqual(chooseFixtures(generateUniverse({ asOf: DEFAULT_SANDBOX_START, seed: 42 })));
    expect(Object.keys(fixtures)).toEqual(['equity', 'future', 'option', 'index']);
    expect(fixtures.equity).toEqual({ symbol: 'SBIN', exchange: 'NSE' });
  });
});
