import { describe, expect, it } from 'vitest';
import { InvalidRequestError, type OpenAlgoError } from '../../src/errors/openalgo-error.js';
import type { Exchange } from '../../src/model/enums.js';
import { formatSymbol, type ParsedSymbol, parseSymbol } from '../../src/symbols/grammar.js';
import { formatStrike } from '../../src/symbols/strike.js';

const d = (year: number, month: number, day: number) => ({ year, month, day });

const ROUND_TRIP: ReadonlyArray<[string, Exchange, ParsedSymbol]> = [
  ['SBIN', 'NSE', { kind: 'equity', base: 'SBIN' }],
  ['M&M', 'NSE', { kind: 'equity', base: 'M&M' }],
  ['BAJAJ-AUTO', 'BSE', { kind: 'equity', base: 'BAJAJ-AUTO' }],
  ['3MINDIA', 'NSE', { kind: 'equity', base: '3MINDIA' }],
  ['NIFTY', 'NSE_INDEX', { kind: 'index', base: 'NIFTY' }],
  ['NIFTYNXT50', 'NSE_INDEX', { kind: 'index', base: 'NIFTYNXT50' }],
  ['SENSEX', 'BSE_INDEX', { kind: 'index', base: 'SENSEX' }],
  ['JAPAN225', 'GLOBAL_INDEX', { kind: 'index', base: 'JAPAN225' }],
  ['NIFTY26DEC24FUT', 'NFO', { kind: 'future', base: 'NIFTY', expiry: d(2024, 12, 26) }],
  ['BANKNIFTY24APR24FUT', 'NFO', { kind: 'future', base: 'BANKNIFTY', expiry: d(2024, 4, 24) }],
  ['USDINR10MAY24FUT', 'CDS', { kind: 'future', base: 'USDINR', expiry: d(2024, 5, 10) }],
  ['CRUDEOILM20MAY24FUT', 'MCX', { kind: 'future', base: 'CRUDEOILM', expiry: d(2024, 5, 20) }],
  ['726GS203325APR24FUT', 'CDS', { kind: 'future', base: '726GS2033', expiry: d(2024, 4, 25) }],
  ['M&M26DEC24FUT', 'NFO', { kind: 'future', base: 'M&M', expiry: d(2024, 12, 26) }],
  ['NIFTY29FEB24FUT', 'NFO', { kind: 'future', base: 'NIFTY', expiry: d(2024, 2, 29) }],
  [
    'NIFTY26DEC2424000CE',
    'NFO',
    { kind: 'option', base: 'NIFTY', expiry: d(2024, 12, 26), strike: 24000, optionType: 'CE' },
  ],
  [
    'NIFTY28MAR2420800CE',
    'NFO',
    { kind: 'option', base: 'NIFTY', expiry: d(2024, 3, 28), strike: 20800, optionType: 'CE' },
  ],
  [
    'VEDL25APR24292.5CE',
    'NFO',
    { kind: 'option', base: 'VEDL', expiry: d(2024, 4, 25), strike: 292.5, optionType: 'CE' },
  ],
  [
    'USDINR19APR2482CE',
    'CDS',
    { kind: 'option', base: 'USDINR', expiry: d(2024, 4, 19), strike: 82, optionType: 'CE' },
  ],
  [
    'USDINR19APR2483.25PE',
    'CDS',
    { kind: 'option', base: 'USDINR', expiry: d(2024, 4, 19), strike: 83.25, optionType: 'PE' },
  ],
  [
    'SENSEX06DEC2481000PE',
    'BFO',
    { kind: 'option', base: 'SENSEX', expiry: d(2024, 12, 6), strike: 81000, optionType: 'PE' },
  ],
  [
    'BAJAJ-AUTO26DEC249000CE',
    'NFO',
    { kind: 'option', base: 'BAJAJ-AUTO', expiry: d(2024, 12, 26), strike: 9000, optionType: 'CE' },
  ],
  // The reference's NCO example reads, by the same grammar, as expiry 26-MAY-11 and strike 95.
  [
    'COPPER26MAY1195CE',
    'NCO',
    { kind: 'option', base: 'COPPER', expiry: d(2011, 5, 26), strike: 95, optionType: 'CE' },
  ],
  // Digits at the end of the base run into the date; digits of the strike run into the year.
  [
    '726GS203325APR24100CE',
    'CDS',
    { kind: 'option', base: '726GS2033', expiry: d(2024, 4, 25), strike: 100, optionType: 'CE' },
  ],
  [
    'NIFTY25DEC2525PE',
    'NFO',
    { kind: 'option', base: 'NIFTY', expiry: d(2025, 12, 25), strike: 25, optionType: 'PE' },
  ],
  ['X01JAN255CE', 'NFO', { kind: 'option', base: 'X', expiry: d(2025, 1, 1), strike: 5, optionType: 'CE' }],
  // A base that itself looks like a date: the expiry is the one nearest the end.
  ['ABC01JAN2426DEC24FUT', 'NFO', { kind: 'future', base: 'ABC01JAN24', expiry: d(2024, 12, 26) }],
  [
    'ABC01JAN2426DEC2424000CE',
    'NFO',
    { kind: 'option', base: 'ABC01JAN24', expiry: d(2024, 12, 26), strike: 24000, optionType: 'CE' },
  ],
];

describe('parseSymbol / formatSymbol round trip', () => {
  it.each(ROUND_TRIP)('%s on %s', (symbol, exchange, parts) => {
    expect(parseSymbol(symbol, exchange)).toEqual(parts);
    expect(formatSymbol(parts)).toBe(symbol);
  });

  it('without an exchange, derivative shapes parse as derivatives and the rest as equities', () => {
    expect(parseSymbol('NIFTY26DEC2424000CE').kind).toBe('option');
    expect(parseSymbol('NIFTY26DEC24FUT').kind).toBe('future');
    expect(parseSymbol('RELIANCE')).toEqual({ kind: 'equity', base: 'RELIANCE' });
    // Ends in CE/PE but carries no date: an ordinary ticker.
    expect(parseSymbol('PRINCE')).toEqual({ kind: 'equity', base: 'PRINCE' });
  });

  it('round-trips every combination of bases, dates and strikes it formats', () => {
    const bases = ['NIFTY', 'M&M', 'BAJAJ-AUTO', '726GS2033', 'A1B2', 'USDINR'];
    const dates = [d(2024, 2, 29), d(2025, 1, 1), d(2030, 12, 31), d(2000, 10, 10)];
    const strikes = [1, 5, 24, 2400, 24000, 0.25, 82.25, 292.5, 1234.0025, 100000];
    let checked = 0;
    for (const base of bases) {
      for (const expiry of dates) {
        const future: ParsedSymbol = { kind: 'future', base, expiry };
        expect(parseSymbol(formatSymbol(future), 'NFO')).toEqual(future);
        for (const strike of strikes) {
          for (const optionType of ['CE', 'PE'] as const) {
            const option: ParsedSymbol = { kind: 'option', base, expiry, strike, optionType };
            expect(parseSymbol(formatSymbol(option), 'NFO')).toEqual(option);
            checked++;
          }
        }
      }
    }
    expect(checked).toBe(bases.length * dates.length * strikes.length * 2);
  });
});

const INVALID: ReadonlyArray<[string, Exchange | undefined, string]> = [
  ['NIFTY31FEB24FUT', 'NFO', 'real date'],
  ['NIFTY31FEB24FUT', undefined, 'real date'],
  ['NIFTY29FEB25FUT', 'NFO', 'real date'],
  ['NIFTY26XYZ24FUT', 'NFO', 'real date'],
  ['NIFTY26DEC2424000FUT', 'NFO', 'a future is [BASE][DDMMMYY]FUT'],
  ['NIFTY26DEC24CE', 'NFO', 'strike "" after the expiry'],
  ['NIFTY26DEC240CE', 'NFO', 'strike "0"'],
  ['NIFTY26DEC24-5CE', 'NFO', 'strike "-5"'],
  ['26DEC24FUT', 'NFO', 'underlying name before the expiry is missing'],
  ['SBIN', 'NFO', 'NFO symbols are futures or options'],
  ['CRUDEOIL', 'MCX', 'MCX symbols are futures or options'],
  ['NIFTY26DEC24FUT', 'NSE', 'is a future, but NSE is a cash exchange'],
  ['NIFTY26DEC2424000CE', 'BSE', 'is an option, but BSE is a cash exchange'],
  ['NIFTY31FEB24FUT', 'NSE', 'looks like a derivative'],
  ['NIFTY26DEC24FUT', 'NSE_INDEX', 'index feeds have no derivatives'],
  ['sbin', 'NSE', 'upper case, did you mean SBIN?'],
  ['nifty26dec2424000ce', 'NFO', 'did you mean NIFTY26DEC2424000CE?'],
  ['NIFTY26DEC2424000.0CE', 'NFO', 'did you mean NIFTY26DEC2424000CE?'],
  ['NIFTY26DEC24024000CE', 'NFO', 'did you mean NIFTY26DEC2424000CE?'],
  ['VEDL25APR24292.50CE', 'NFO', 'did you mean VEDL25APR24292.5CE?'],
  ['', 'NSE', 'must not be empty'],
  [' SBIN', 'NSE', 'leading or trailing spaces'],
  ['SB IN', 'NSE', 'a ticker may only contain'],
  ['SBIN$', 'NSE', 'a ticker may only contain'],
  ['NI FTY26DEC24FUT', 'NFO', 'underlying "NI FTY" may only contain'],
  ['A'.repeat(65), 'NSE', 'longer than 64'],
];

describe('parseSymbol rejects', () => {
  it.each(INVALID)('%s on %s (%s)', (symbol, exchange, fragment) => {
    let caught: unknown;
    try {
      parseSymbol(symbol, exchange);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidRequestError);
    const error = caught as OpenAlgoError;
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.field).toBe('symbol');
    expect(error.message).toContain(`"${symbol}"`);
    expect(error.message).toContain(fragment);
  });

  it('an exchange outside the OpenAlgo list', () => {
    expect(() => parseSymbol('SBIN', 'NSEX' as Exchange)).toThrow(
      /Invalid exchange "NSEX": must be one of NSE, BSE/,
    );
  });

  it('index names may carry spaces, tickers may not', () => {
    expect(parseSymbol('NIFTY AUTO', 'NSE_INDEX')).toEqual({ kind: 'index', base: 'NIFTY AUTO' });
    expect(() => parseSymbol('NIFTY AUTO', 'NSE')).toThrow(InvalidRequestError);
    expect(() => parseSymbol('NIFTY ', 'NSE_INDEX')).toThrow(/leading or trailing spaces/);
  });
});

describe('formatSymbol', () => {
  it('rejects parts that cannot make a symbol', () => {
    expect(() => formatSymbol({ kind: 'equity', base: 'sbin' })).toThrow(/Invalid equity base "sbin"/);
    expect(() => formatSymbol({ kind: 'future', base: 'NIFTY', expiry: d(2024, 2, 30) })).toThrow(
      /not a calendar date/,
    );
    expect(() =>
      formatSymbol({
        kind: 'option',
        base: 'NIFTY',
        expiry: d(2024, 12, 26),
        strike: 24000,
        optionType: 'XX' as 'CE',
      }),
    ).toThrow(/option type "XX"/);
    expect(() =>
      formatSymbol({ kind: 'option', base: 'NIFTY', expiry: d(2024, 12, 26), strike: -5, optionType: 'CE' }),
    ).toThrow(/Invalid strike -5/);
  });
});

describe('formatStrike', () => {
  const CASES: ReadonlyArray<[number, string]> = [
    [24000, '24000'],
    [24000.0, '24000'],
    [292.5, '292.5'],
    [82.25, '82.25'],
    [0.0025, '0.0025'],
    [0.000001, '0.000001'],
    [0.1 + 0.2, '0.3'],
    [29250.000000000004 / 100, '292.5'],
    [123456789012, '123456789012'],
    [Number.MAX_SAFE_INTEGER, '9007199254740991'],
  ];
  it.each(CASES)('%s → %s (never exponent notation, no trailing .0)', (strike, text) => {
    expect(formatStrike(strike)).toBe(text);
    expect(formatStrike(strike)).not.toMatch(/e/i);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, 1e21, 1e-7])('rejects %s', (strike) => {
    expect(() => formatStrike(strike)).toThrow(InvalidRequestError);
  });
});
