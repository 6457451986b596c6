import { RecordingLogger } from '@openalgo/core/testing';
import { describe, expect, it } from 'vitest';
import { exchangeOf, FyersSymbols, fyersTicker } from '../../src/symbols.js';
import { ROWS, testIndex, testSymbols } from './helpers.js';

describe('OpenAlgo ⇄ Fyers tickers (brokers.md §0, §3.5)', () => {
  const symbols = testSymbols();

  it.each([
    ['SBIN', 'NSE', 'NSE:SBIN-EQ'],
    ['RELIANCE', 'BSE', 'BSE:RELIANCE-A'],
    ['NIFTY', 'NSE_INDEX', 'NSE:NIFTY50-INDEX'],
    ['NIFTY19DEC2424000CE', 'NFO', 'NSE:NIFTY24D1924000CE'],
    ['NIFTY26DEC2424000CE', 'NFO', 'NSE:NIFTY24DEC24000CE'],
    ['NIFTY26DEC24FUT', 'NFO', 'NSE:NIFTY24DECFUT'],
    ['USDINR27DEC24FUT', 'CDS', 'NSE:USDINR24DECFUT'],
    ['CRUDEOIL19DEC24FUT', 'MCX', 'MCX:CRUDEOIL24DECFUT'],
  ] as const)('%s/%s ⇄ %s', (symbol, exchange, ticker) => {
    expect(symbols.ticker({ symbol, exchange })).toBe(ticker);
    const row = ROWS.find((r) => r.symbol === symbol && r.exchange === exchange);
    expect(symbols.fromFyers({ ticker, fyToken: row?.token })).toEqual({ symbol, exchange });
  });

  it('a master row whose brsymbol lacks the exchange prefix gets it from its exchange', () => {
    const row = { ...(ROWS[0] as (typeof ROWS)[number]), brsymbol: 'SBIN-EQ' };
    expect(fyersTicker(row)).toBe('NSE:SBIN-EQ');
    expect(fyersTicker({ ...row, exchange: 'CDS', brsymbol: 'USDINR24DECFUT' })).toBe('NSE:USDINR24DECFUT');
  });

  it('rows found by fyToken under either brexchange convention, confirmed by the ticker', () => {
    const byPrefix = new FyersSymbols(
      testIndex(ROWS.map((r) => ({ ...r, brexchange: r.brsymbol.split(':')[0] as string }))),
      new RecordingLogger(),
    );
    expect(byPrefix.fromFyers({ ticker: 'NSE:NIFTY24DECFUT', fyToken: '101124122635001' })).toEqual({
      symbol: 'NIFTY26DEC24FUT',
      exchange: 'NFO',
    });
    // A token that names another ticker is not trusted: the ticker's own grammar decides.
    expect(
      symbols.fromFyers({ ticker: 'NSE:TCS-EQ', fyToken: '10100000003045', exchange: 10, segment: 10 }),
    ).toEqual({
      symbol: 'TCS',
      exchange: 'NSE',
    });
  });

  it('exchange and segment ints → OpenAlgo exchange (OpenAlgo pairs)', () => {
    expect(exchangeOf(10, 10)).toBe('NSE');
    expect(exchangeOf(10, 11)).toBe('NFO');
    expect(exchangeOf(10, 12)).toBe('CDS');
    expect(exchangeOf(12, 10)).toBe('BSE');
    expect(exchangeOf(12, 11)).toBe('BFO');
    expect(exchangeOf(12, 12)).toBe('BCD');
    expect(exchangeOf(11, 20)).toBe('MCX');
    expect(exchangeOf(11, 11)).toBe('MCX');
    expect(exchangeOf(99, 1)).toBeUndefined();
    expect(exchangeOf(undefined, undefined)).toBeUndefined();
  });

  it('unknown symbols fail before any request; an unsupported exchange in a payload is a clear error', () => {
    expect(() => symbols.ticker({ symbol: 'NOPE', exchange: 'NSE' })).toThrow(/NOPE/);
    expect(() => symbols.fromFyers({ ticker: 'XYZ:GUAR24DECFUT', exchange: 99, segment: 1 })).toThrow(
      /not support/,
    );
    expect(() => symbols.resolveTradable({ symbol: 'NIFTY', exchange: 'NSE_INDEX' })).toThrow();
  });
});
