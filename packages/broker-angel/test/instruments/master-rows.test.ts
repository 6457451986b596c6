import { instrumentRowProblem } from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import { openAlgoIndexSymbol } from '../../src/instruments/index-names.js';
import { angelInstrumentRow } from '../../src/instruments/instrument-row.js';

/** A row in Angel's layout (brokers.md §2.5): every value a string. */
function angelRow(fields: Partial<Record<string, string>>): Record<string, string> {
  return {
    token: '1',
    symbol: 'X',
    name: '',
    expiry: '',
    strike: '-1.000000',
    lotsize: '1',
    instrumenttype: '',
    exch_seg: 'NSE',
    tick_size: '5.000000',
    ...fields,
  };
}

function mapped(fields: Partial<Record<string, string>>) {
  const result = angelInstrumentRow(angelRow(fields));
  if (typeof result === 'string') throw new Error(`row rejected: ${result}`);
  // Every row the mapper produces must pass core's own check of symbol, expiry and strike.
  expect(instrumentRowProblem(result)).toBeUndefined();
  return result;
}

function rejected(fields: Partial<Record<string, string>>): string {
  const result = angelInstrumentRow(angelRow(fields));
  if (typeof result !== 'string') throw new Error(`row accepted as ${result.symbol}`);
  return result;
}

describe('Angel master row → OpenAlgo row (§2.5, §2.8)', () => {
  it('the reference’s live NFO option row: strike and tick from paise, expiry DD-MMM-YY', () => {
    expect(
      mapped({
        token: '58784',
        symbol: 'NIFTY28OCT2524400CE',
        name: 'NIFTY',
        expiry: '28OCT2025',
        strike: '2440000.000000',
        lotsize: '75',
        instrumenttype: 'OPTIDX',
        exch_seg: 'NFO',
        tick_size: '5.000000',
      }),
    ).toEqual({
      symbol: 'NIFTY28OCT2524400CE',
      exchange: 'NFO',
      brsymbol: 'NIFTY28OCT2524400CE',
      brexchange: 'NFO',
      token: '58784',
      name: 'NIFTY',
      expiry: '28-OCT-25',
      strike: 24400,
      lotSize: 75,
      tickSize: 0.05,
      instrumentType: 'CE',
    });
  });

  it('cash rows drop the series suffix; SBIN’s 2026 tick "10.000000" is 0.10', () => {
    expect(
      mapped({ token: '3045', symbol: 'SBIN-EQ', name: 'SBIN', tick_size: '10.000000', exch_seg: 'NSE' }),
    ).toMatchObject({
      symbol: 'SBIN',
      brsymbol: 'SBIN-EQ',
      token: '3045',
      tickSize: 0.1,
      instrumentType: 'EQ',
    });
    for (const series of ['BE', 'MF', 'SG']) {
      expect(mapped({ symbol: `ABC-${series}`, name: 'ABC' }).symbol).toBe('ABC');
    }
    // Only those four series are OpenAlgo's plain tickers; others keep Angel's symbol.
    expect(mapped({ symbol: 'ABC-BZ', name: 'ABC' }).symbol).toBe('ABC-BZ');
    expect(mapped({ symbol: '500112', name: 'SBIN', exch_seg: 'BSE' })).toMatchObject({
      symbol: '500112',
      exchange: 'BSE',
    });
  });

  it('index rows: display name in `symbol`, short name in `name` → NSE_INDEX symbol from the name', () => {
    const nifty = mapped({
      token: '99926000',
      symbol: 'Nifty 50',
      name: 'NIFTY',
      strike: '0.000000',
      tick_size: '0.000000',
      instrumenttype: 'AMXIDX',
      exch_seg: 'NSE',
    });
    expect(nifty).toEqual({
      symbol: 'NIFTY',
      exchange: 'NSE_INDEX',
      brsymbol: 'Nifty 50',
      brexchange: 'NSE',
      token: '99926000',
      name: 'NIFTY',
      expiry: '',
      strike: 0,
      lotSize: 1,
      tickSize: 0,
      instrumentType: 'INDEX',
    });
    const bank = { token: '99926009', symbol: 'Nifty Bank', name: 'BANKNIFTY', instrumenttype: 'AMXIDX' };
    expect(mapped(bank).symbol).toBe('BANKNIFTY');
    expect(mapped({ ...bank, exch_seg: 'BSE', name: 'SENSEX' }).exchange).toBe('BSE_INDEX');
    expect(mapped({ ...bank, exch_seg: 'MCX', name: 'MCXCOMPDEX' }).exchange).toBe('MCX_INDEX');
    expect(rejected({ ...bank, exch_seg: 'NFO' })).toMatch(/index on unsupported segment/);
  });

  it('index names are compacted and renamed as OpenAlgo does', () => {
    expect(openAlgoIndexSymbol('Nifty 50', 'NSE_INDEX')).toBe('NIFTY');
    expect(openAlgoIndexSymbol('NIFTY FIN SERVICE', 'NSE_INDEX')).toBe('FINNIFTY');
    expect(openAlgoIndexSymbol('NIFTY NEXT 50', 'NSE_INDEX')).toBe('NIFTYNXT50');
    expect(openAlgoIndexSymbol('NIFTY MID SELECT', 'NSE_INDEX')).toBe('MIDCPNIFTY');
    expect(openAlgoIndexSymbol('NIFTY-IT', 'NSE_INDEX')).toBe('NIFTYIT');
    expect(openAlgoIndexSymbol('SNSX50', 'BSE_INDEX')).toBe('SENSEX50');
    expect(openAlgoIndexSymbol('S&P BSE 500', 'BSE_INDEX')).toBe('BSE500');
  });

  it('futures are rebuilt as NAME + DDMMMYY + FUT on every segment', () => {
    expect(
      mapped({
        symbol: 'NIFTY26DEC24FUT',
        name: 'NIFTY',
        expiry: '26DEC2024',
        instrumenttype: 'FUTIDX',
        exch_seg: 'NFO',
        lotsize: '25',
      }),
    ).toMatchObject({ symbol: 'NIFTY26DEC24FUT', expiry: '26-DEC-24', strike: 0, instrumentType: 'FUT' });
    expect(
      mapped({
        symbol: 'CRUDEOIL24DECFUT',
        name: 'CRUDEOIL',
        expiry: '19DEC2024',
        instrumenttype: 'FUTCOM',
        exch_seg: 'MCX',
      }),
    ).toMatchObject({ symbol: 'CRUDEOIL19DEC24FUT', exchange: 'MCX', brsymbol: 'CRUDEOIL24DECFUT' });
  });

  it('BFO weekly layout SENSEX2461477000CE becomes SENSEX14JUN2477000CE (OpenAlgo #486)', () => {
    for (const [name, symbol, expiry, strike, want] of [
      ['SENSEX', 'SENSEX2461477000CE', '14JUN2024', '7700000.000000', 'SENSEX14JUN2477000CE'],
      ['BANKEX', 'BANKEX24JUN56000PE', '24JUN2024', '5600000.000000', 'BANKEX24JUN2456000PE'],
    ] as const) {
      expect(
        mapped({ name, symbol, expiry, strike, instrumenttype: 'OPTIDX', exch_seg: 'BFO', lotsize: '10' }),
      ).toMatchObject({ symbol: want, exchange: 'BFO', brsymbol: symbol, brexchange: 'BFO' });
    }
  });

  it('OPTSTK/OPTFUT → CE/PE by the symbol’s suffix; fractional strikes keep their decimals', () => {
    expect(
      mapped({
        symbol: 'IDEA26DEC2412.5PE',
        name: 'IDEA',
        expiry: '26DEC2024',
        strike: '1250.000000',
        instrumenttype: 'OPTSTK',
        exch_seg: 'NFO',
      }),
    ).toMatchObject({ symbol: 'IDEA26DEC2412.5PE', strike: 12.5, instrumentType: 'PE' });
    expect(
      mapped({
        symbol: 'CRUDEOIL16DEC246000CE',
        name: 'CRUDEOIL',
        expiry: '16DEC2024',
        strike: '600000.000000',
        instrumenttype: 'OPTFUT',
        exch_seg: 'MCX',
      }),
    ).toMatchObject({ symbol: 'CRUDEOIL16DEC246000CE', strike: 6000, instrumentType: 'CE' });
  });

  it('currency option strikes need a further ÷100000; the float noise is rounded away', () => {
    expect(
      mapped({
        symbol: 'USDINR27DEC2483.5CE',
        name: 'USDINR',
        expiry: '27DEC2024',
        strike: '835000000.000000',
        instrumenttype: 'OPTCUR',
        exch_seg: 'CDS',
        tick_size: '0.250000',
      }),
    ).toMatchObject({ symbol: 'USDINR27DEC2483.5CE', strike: 83.5, tickSize: 0.0025 });
    // 83.7 × 10⁷ ÷ 10⁷ is exact, but ÷ 100 then ÷ 100000 would not be: the result is rounded either way.
    const noisy = mapped({
      symbol: 'USDINR27DEC2483.7PE',
      name: 'USDINR',
      expiry: '27DEC2024',
      strike: '837000000.0000001',
      instrumenttype: 'OPTCUR',
      exch_seg: 'CDS',
    });
    expect(noisy.strike).toBe(83.7);
    expect(noisy.symbol).toBe('USDINR27DEC2483.7PE');
  });

  it('skips what OpenAlgo cannot represent, saying why', () => {
    expect(rejected({ exch_seg: 'NCDEX' })).toMatch(/unsupported segment "NCDEX"/);
    expect(rejected({ token: 'abc' })).toMatch(/bad token/);
    expect(rejected({ symbol: '' })).toMatch(/empty symbol/);
    expect(rejected({ lotsize: '1.5' })).toMatch(/bad lotsize/);
    const option = {
      symbol: 'NIFTY28OCT2524400CE',
      name: 'NIFTY',
      instrumenttype: 'OPTIDX',
      exch_seg: 'NFO',
    };
    expect(rejected({ ...option, expiry: '' })).toMatch(/bad expiry/);
    expect(rejected({ ...option, expiry: '31FEB2025', strike: '100' })).toMatch(/bad expiry/);
    expect(rejected({ ...option, expiry: '28OCT2025', strike: '0.000000' })).toMatch(/bad strike/);
    expect(rejected({ ...option, symbol: 'NIFTYX', expiry: '28OCT2025', strike: '100' })).toMatch(
      /neither CE nor PE/,
    );
    expect(rejected({ ...option, name: 'NIFTY 50', expiry: '28OCT2025', strike: '100' })).toMatch(
      /unusable name/,
    );
  });

  it('accepts numbers where Angel writes strings', () => {
    const result = angelInstrumentRow({ ...angelRow({ symbol: 'SBIN-EQ' }), token: 3045, lotsize: 1 });
    expect(result).toMatchObject({ symbol: 'SBIN', token: '3045', lotSize: 1 });
  });
});
