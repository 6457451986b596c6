import { describe, expect, it } from 'vitest';
import { OpenAlgoError } from '../../src/errors/openalgo-error.js';
import {
  type OptionSymbolRequest,
  resolveOptionSymbol,
  resolveOptionSymbolAt,
} from '../../src/options/resolve-option-symbol.js';
import { freezeQuantity } from '../../src/symbols/freeze-quantity.js';
import { instrumentRow } from '../../src/testing/instrument-row.js';
import { chainRows, futureRow, range, stubMarket } from './fixtures.js';

const NIFTY_SPOT = instrumentRow({ symbol: 'NIFTY', exchange: 'NSE_INDEX' });
const NIFTY_CHAIN = chainRows('NIFTY', '28NOV24', '28-NOV-24', range(23_500, 24_500, 50));
const NIFTY_DEC = chainRows('NIFTY', '26DEC24', '26-DEC-24', range(23_000, 25_000, 100));
const ROWS = [NIFTY_SPOT, ...NIFTY_CHAIN, ...NIFTY_DEC];

function request(overrides: Partial<OptionSymbolRequest> = {}): OptionSymbolRequest {
  return {
    underlying: 'NIFTY',
    exchange: 'NSE_INDEX',
    expiryDate: '28NOV24',
    offset: 'ATM',
    optionType: 'CE',
    ...overrides,
  };
}

async function rejection(promise: Promise<unknown>): Promise<OpenAlgoError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OpenAlgoError);
  return error as OpenAlgoError;
}

describe('resolveOptionSymbol', () => {
  const { market, calls } = stubMarket(ROWS, { 'NSE_INDEX:NIFTY': 24_012 });

  it.each([
    ['ATM', 'CE', 'NIFTY28NOV2424000CE'],
    ['ITM2', 'CE', 'NIFTY28NOV2423900CE'],
    ['OTM2', 'CE', 'NIFTY28NOV2424100CE'],
    ['ITM2', 'PE', 'NIFTY28NOV2424100PE'],
    ['OTM3', 'PE', 'NIFTY28NOV2423850PE'],
    ['itm1', 'ce', 'NIFTY28NOV2423950CE'],
    ['otm10', 'pe', 'NIFTY28NOV2423500PE'],
  ])('%s %s at LTP 24012 → %s', async (offset, optionType, symbol) => {
    const result = await resolveOptionSymbol(market, request({ offset, optionType }));
    expect(result.symbol).toBe(symbol);
    expect(result).toMatchObject({ exchange: 'NFO', lotSize: 25, tickSize: 0.05, underlyingLtp: 24_012 });
    expect(result.atmStrike).toBe(24_000);
    expect(result.offset).toBe(offset.toUpperCase());
    expect(calls.at(-1)).toEqual([{ symbol: 'NIFTY', exchange: 'NSE_INDEX' }]);
  });

  it('steps along listed strikes when their spacing is unequal', async () => {
    const rows = [
      NIFTY_SPOT,
      ...chainRows('NIFTY', '28NOV24', '28-NOV-24', [23_800, 23_900, 24_000, 24_050, 24_100, 24_200]),
    ];
    const { market: uneven } = stubMarket(rows, { 'NSE_INDEX:NIFTY': 24_030 });
    const atm = await resolveOptionSymbol(uneven, request());
    expect(atm.strike).toBe(24_050);
    expect((await resolveOptionSymbol(uneven, request({ offset: 'OTM1' }))).strike).toBe(24_100);
    expect((await resolveOptionSymbol(uneven, request({ offset: 'ITM2' }))).strike).toBe(23_900);
  });

  it('takes the lower strike when the LTP is exactly between two', () => {
    expect(resolveOptionSymbolAt(market.index, request(), 24_025).strike).toBe(24_000);
  });

  it('uses the strike_int grid with half-to-even rounding, as OpenAlgo (Python round) does', () => {
    expect(resolveOptionSymbolAt(market.index, request({ strikeInt: 50 }), 24_025).strike).toBe(24_000);
    expect(resolveOptionSymbolAt(market.index, request({ strikeInt: 50 }), 24_075).strike).toBe(24_100);
    const itm = resolveOptionSymbolAt(
      market.index,
      request({ strikeInt: 100, offset: 'ITM3', optionType: 'PE' }),
      24_040,
    );
    expect(itm.symbol).toBe('NIFTY28NOV2424300PE');
  });

  it('names strike_int when the grid lands on a strike that is not listed', async () => {
    const error = await rejection(resolveOptionSymbol(market, request({ strikeInt: 70 })));
    expect(error.code).toBe('SYMBOL_NOT_FOUND');
    expect(error.field).toBe('strike_int');
    expect(error.message).toContain('NIFTY28NOV2424010CE');
  });

  it('reads the expiry embedded in the underlying and quotes the base symbol', async () => {
    const result = await resolveOptionSymbol(
      market,
      request({ underlying: 'NIFTY26DEC24FUT', expiryDate: undefined, offset: 'OTM1' }),
    );
    expect(result.symbol).toBe('NIFTY26DEC2424100CE');
    expect(result.expiry).toBe('26DEC24');
    expect(calls.at(-1)).toEqual([{ symbol: 'NIFTY', exchange: 'NSE_INDEX' }]);
  });

  it('maps an NFO request back to the index spot for its LTP', async () => {
    const result = await resolveOptionSymbol(market, request({ exchange: 'NFO' }));
    expect(result.symbol).toBe('NIFTY28NOV2424000CE');
    expect(calls.at(-1)).toEqual([{ symbol: 'NIFTY', exchange: 'NSE_INDEX' }]);
  });

  it.each([
    [{ expiryDate: undefined }, 'expiry_date'],
    [{ expiryDate: '31FEB24' }, 'expiry_date'],
    [{ offset: 'ITM51' }, 'offset'],
    [{ offset: 'XTM1' }, 'offset'],
    [{ offset: 'ITM0' }, 'offset'],
    [{ optionType: 'CALL' }, 'option_type'],
    [{ strikeInt: 0 }, 'strike_int'],
    [{ exchange: 'NSE_INDEX' as const, underlying: '' }, 'underlying'],
    [{ exchange: 'MCX_INDEX' as const }, 'exchange'],
  ])('rejects %o naming %s before any quote is fetched', async (overrides, field) => {
    const before = calls.length;
    const error = await rejection(resolveOptionSymbol(market, request(overrides)));
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.field).toBe(field);
    expect(calls.length).toBe(before);
  });

  it('names expiry_date and lists the listed expiries when none match', async () => {
    const error = await rejection(resolveOptionSymbol(market, request({ expiryDate: '05DEC24' })));
    expect(error.code).toBe('SYMBOL_NOT_FOUND');
    expect(error.field).toBe('expiry_date');
    expect(error.message).toContain('28-NOV-24, 26-DEC-24');
  });

  it('names offset when it walks past the listed strikes', async () => {
    const error = await rejection(resolveOptionSymbol(market, request({ offset: 'OTM11' })));
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.field).toBe('offset');
  });

  it('names underlying when it is not listed', async () => {
    const error = await rejection(resolveOptionSymbol(market, request({ underlying: 'NOPE' })));
    expect(error.code).toBe('SYMBOL_NOT_FOUND');
    expect(error.field).toBe('underlying');
  });

  it('fails clearly when the broker has no LTP for the underlying', async () => {
    const { market: silent } = stubMarket(ROWS, {});
    const error = await rejection(resolveOptionSymbol(silent, request()));
    expect(error.code).toBe('BROKER_ERROR');
    expect(error.message).toContain('NSE_INDEX:NIFTY');
  });

  it('resolves against a given LTP without quoting', () => {
    const before = calls.length;
    const result = resolveOptionSymbolAt(market.index, request({ offset: 'ITM1', optionType: 'PE' }), 23_960);
    expect(result.symbol).toBe('NIFTY28NOV2424000PE');
    expect(result.underlyingLtp).toBe(23_960);
    expect(calls.length).toBe(before);
  });

  it('reports the exchange freeze quantity of the option (1 when unknown)', () => {
    expect(resolveOptionSymbolAt(market.index, request(), 24_000).freezeQty).toBe(
      freezeQuantity({ exchange: 'NFO', name: 'NIFTY', symbol: 'NIFTY28NOV2424000CE' }),
    );
    expect(resolveOptionSymbolAt(market.index, request(), 24_000).freezeQty).toBeGreaterThan(1);
  });
});

describe('resolveOptionSymbol on exchanges without a spot', () => {
  const rows = [
    futureRow('CRUDEOIL', '19NOV24', '19-NOV-24', 'MCX'),
    futureRow('CRUDEOIL', '17DEC24', '17-DEC-24', 'MCX'),
    ...chainRows('CRUDEOIL', '17DEC24', '17-DEC-24', range(5_800, 6_200, 50), 'MCX'),
  ];
  // 19NOV24 has expired by NOW (20 Nov): its price must not place the ATM strike.
  const { market, calls } = stubMarket(rows, {
    'MCX:CRUDEOIL19NOV24FUT': 5_000,
    'MCX:CRUDEOIL17DEC24FUT': 6_040,
  });

  it('quotes the nearest future that has not expired', async () => {
    const result = await resolveOptionSymbol(
      market,
      request({ underlying: 'CRUDEOIL', exchange: 'MCX', expiryDate: '17DEC24' }),
    );
    expect(calls.at(-1)).toEqual([{ symbol: 'CRUDEOIL17DEC24FUT', exchange: 'MCX' }]);
    expect(result).toMatchObject({ symbol: 'CRUDEOIL17DEC246050CE', exchange: 'MCX', underlyingLtp: 6_040 });
  });

  it('quotes the future the underlying names', async () => {
    const result = await resolveOptionSymbol(
      market,
      request({
        underlying: 'CRUDEOIL17DEC24FUT',
        exchange: 'MCX',
        expiryDate: undefined,
        optionType: 'PE',
        offset: 'ITM1',
      }),
    );
    expect(calls.at(-1)).toEqual([{ symbol: 'CRUDEOIL17DEC24FUT', exchange: 'MCX' }]);
    expect(result.symbol).toBe('CRUDEOIL17DEC246100PE');
  });
});

describe('resolveOptionSymbol on BSE', () => {
  it('maps BSE_INDEX to BFO', async () => {
    const rows = [
      instrumentRow({ symbol: 'SENSEX', exchange: 'BSE_INDEX' }),
      ...chainRows('SENSEX', '28NOV24', '28-NOV-24', range(79_000, 81_000, 100), 'BFO'),
    ];
    const { market } = stubMarket(rows, { 'BSE_INDEX:SENSEX': 80_049 });
    const result = await resolveOptionSymbol(
      market,
      request({ underlying: 'SENSEX', exchange: 'BSE_INDEX' }),
    );
    expect(result).toMatchObject({ symbol: 'SENSEX28NOV2480000CE', exchange: 'BFO' });
  });
});
