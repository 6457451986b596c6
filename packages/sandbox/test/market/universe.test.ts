import { type Instrument, InstrumentSchema, istToEpoch, ManualClock } from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import { SyntheticMarket } from '../../src/market/synthetic-market.js';
import { generateUniverse } from '../../src/market/universe.js';

// Monday 2026-01-05 10:00 IST.
const AS_OF = istToEpoch(2026, 1, 5, 10, 0);
const universe = generateUniverse({ asOf: AS_OF, seed: 42 });

function find(symbol: string, exchange: string): Instrument | undefined {
  return universe.find((i) => i.symbol === symbol && i.exchange === exchange);
}

function rowsOf(name: string, exchange: string): Instrument[] {
  return universe.filter((i) => i.name === name && i.exchange === exchange);
}

function expiriesOf(rows: readonly Instrument[]): string[] {
  return [...new Set(rows.map((r) => r.expiry))];
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
/** Weekday (0 = Sunday) of a DD-MMM-YY expiry, computed independently of the code under test. */
function weekdayOfExpiry(expiry: string): number {
  const [dd, mmm, yy] = expiry.split('-');
  return new Date(Date.UTC(2000 + Number(yy), MONTHS.indexOf(mmm ?? ''), Number(dd))).getUTCDay();
}
function expiryDateUtc(expiry: string): number {
  const [dd, mmm, yy] = expiry.split('-');
  return Date.UTC(2000 + Number(yy), MONTHS.indexOf(mmm ?? ''), Number(dd));
}

describe('generateUniverse', () => {
  it('is deterministic for the same asOf and seed and changes with the date', () => {
    expect(generateUniverse({ asOf: AS_OF, seed: 42 })).toEqual(universe);
    const later = generateUniverse({ asOf: istToEpoch(2026, 2, 10, 10, 0), seed: 42 });
    expect(later).not.toEqual(universe);
  });

  it('produces rows that satisfy the core Instrument schema, unique by (exchange, symbol) and by token', () => {
    for (const row of universe) expect(() => InstrumentSchema.parse(row)).not.toThrow();
    expect(new Set(universe.map((r) => `${r.exchange}:${r.symbol}`)).size).toBe(universe.length);
    expect(new Set(universe.map((r) => r.token)).size).toBe(universe.length);
    for (const row of universe) {
      expect(row.brsymbol).toBe(row.symbol);
      expect(row.brexchange).toBe(row.exchange);
      expect(row.token).toMatch(/^[1-9]\d*$/);
    }
  });

  it('keeps a symbol token stable across dates and seeds', () => {
    const other = generateUniverse({ asOf: istToEpoch(2025, 7, 1, 12, 0), seed: 7 });
    const sbin = other.find((r) => r.symbol === 'SBIN' && r.exchange === 'NSE');
    expect(sbin?.token).toBe(find('SBIN', 'NSE')?.token);
    expect(find('SBIN', 'BSE')?.token).not.toBe(find('SBIN', 'NSE')?.token);
  });

  it('lists the required equities on NSE and BSE with lot 1 and tick 0.05', () => {
    for (const symbol of ['SBIN', 'RELIANCE', 'INFY', 'M&M', 'BAJAJ-AUTO']) {
      for (const exchange of ['NSE', 'BSE']) {
        expect(find(symbol, exchange)).toMatchObject({
          instrumentType: 'EQ',
          lotSize: 1,
          tickSize: 0.05,
          expiry: '',
          strike: 0,
        });
      }
    }
    const equities = universe.filter((r) => r.exchange === 'NSE');
    expect(equities.length).toBeGreaterThanOrEqual(40);
    expect(equities.every((r) => r.instrumentType === 'EQ')).toBe(true);
  });

  it('lists the indices on NSE_INDEX and BSE_INDEX', () => {
    for (const symbol of ['NIFTY', 'BANKNIFTY', 'FINNIFTY', 'MIDCPNIFTY']) {
      expect(find(symbol, 'NSE_INDEX')?.instrumentType).toBe('INDEX');
    }
    for (const symbol of ['SENSEX', 'BANKEX'])
      expect(find(symbol, 'BSE_INDEX')?.instrumentType).toBe('INDEX');
  });

  it('spells every derivative in the OpenAlgo grammar with a DD-MMM-YY expiry', () => {
    const derivatives = universe.filter((r) => ['NFO', 'BFO', 'MCX', 'CDS'].includes(r.exchange));
    expect(derivatives.length).toBeGreaterThan(1000);
    for (const row of derivatives) {
      expect(row.expiry).toMatch(/^\d{2}-[A-Z]{3}-\d{2}$/);
      const date = row.expiry.replaceAll('-', '');
      if (row.instrumentType === 'FUT') {
        expect(row.symbol).toBe(`${row.name}${date}FUT`);
        expect(row.strike).toBe(0);
      } else {
        expect(['CE', 'PE']).toContain(row.instrumentType);
        const strikeText = row.symbol.slice(row.name.length + date.length, -2);
        expect(row.symbol).toBe(`${row.name}${date}${strikeText}${row.instrumentType}`);
        // No trailing ".0", no trailing zeros after a decimal point, the number equals the strike.
        expect(strikeText).toMatch(/^\d+(\.\d*[1-9])?$/);
        expect(Number(strikeText)).toBe(row.strike);
      }
    }
  });

  it('keeps decimal strikes for USDINR options', () => {
    const decimals = universe.filter(
      (r) => r.name === 'USDINR' && r.instrumentType === 'CE' && !Number.isInteger(r.strike),
    );
    expect(decimals.length).toBeGreaterThan(0);
    const quarter = decimals.find((r) => r.strike % 1 === 0.25 || r.strike % 1 === 0.75);
    expect(quarter?.symbol).toMatch(/^USDINR\d{2}[A-Z]{3}\d{2}\d+\.(25|75)CE$/);
  });

  it('lists only expiries on or after the IST date of asOf', () => {
    const asOfDate = Date.UTC(2026, 0, 5);
    for (const row of universe.filter((r) => r.expiry !== '')) {
      expect(expiryDateUtc(row.expiry)).toBeGreaterThanOrEqual(asOfDate);
    }
    // On an expiry Tuesday itself, that day's contracts are still listed.
    const onExpiryDay = generateUniverse({ asOf: istToEpoch(2026, 1, 6, 14, 0), seed: 42 });
    expect(onExpiryDay.some((r) => r.name === 'NIFTY' && r.expiry === '06-JAN-26')).toBe(true);
    const dayAfter = generateUniverse({ asOf: istToEpoch(2026, 1, 7, 9, 0), seed: 42 });
    expect(dayAfter.some((r) => r.expiry === '06-JAN-26')).toBe(false);
  });

  it('lists NIFTY futures monthly and options on the next 4 weekly and 3 monthly Tuesdays', () => {
    const futures = rowsOf('NIFTY', 'NFO').filter((r) => r.instrumentType === 'FUT');
    expect(expiriesOf(futures)).toEqual(['27-JAN-26', '24-FEB-26', '31-MAR-26']);
    const options = rowsOf('NIFTY', 'NFO').filter((r) => r.instrumentType !== 'FUT');
    expect(expiriesOf(options).sort((a, b) => expiryDateUtc(a) - expiryDateUtc(b))).toEqual([
      '06-JAN-26',
      '13-JAN-26',
      '20-JAN-26',
      '27-JAN-26',
      '24-FEB-26',
      '31-MAR-26',
    ]);
    for (const row of rowsOf('NIFTY', 'NFO')) {
      expect(weekdayOfExpiry(row.expiry)).toBe(2);
      // NSE/FAOP/70616: 65 from the January 2026 contracts on (75 before).
      expect(row.lotSize).toBe(65);
    }
  });

  it('lists BANKNIFTY monthly options only, SENSEX on Thursdays, and the lot sizes', () => {
    const bank = rowsOf('BANKNIFTY', 'NFO');
    expect(expiriesOf(bank.filter((r) => r.instrumentType === 'CE'))).toEqual([
      '27-JAN-26',
      '24-FEB-26',
      '31-MAR-26',
    ]);
    expect(bank.every((r) => r.lotSize === 30)).toBe(true);
    const sensex = rowsOf('SENSEX', 'BFO');
    expect(sensex.every((r) => weekdayOfExpiry(r.expiry) === 4 && r.lotSize === 20)).toBe(true);
    expect(expiriesOf(sensex.filter((r) => r.instrumentType === 'FUT'))).toEqual([
      '29-JAN-26',
      '26-FEB-26',
      '26-MAR-26',
    ]);
    expect(expiriesOf(sensex.filter((r) => r.instrumentType === 'PE'))).toContain('08-JAN-26');
    expect(rowsOf('CRUDEOIL', 'MCX').map((r) => [r.instrumentType, r.lotSize, r.tickSize])).toEqual([
      ['FUT', 100, 1],
      ['FUT', 100, 1],
      ['FUT', 100, 1],
    ]);
    expect(rowsOf('CRUDEOILM', 'MCX')).toHaveLength(3);
    const usdinr = rowsOf('USDINR', 'CDS');
    expect(usdinr.every((r) => r.lotSize === 1000 && r.tickSize === 0.0025)).toBe(true);
    expect(usdinr.filter((r) => r.instrumentType === 'FUT')).toHaveLength(3);
    expect(find('SBIN27JAN26FUT', 'NFO')?.lotSize).toBe(750);
    expect(find('RELIANCE27JAN26FUT', 'NFO')?.lotSize).toBe(500);
  });

  // One weekly index per exchange (NIFTY, SENSEX); every other index option is monthly only, on the
  // exchange's last Tuesday (NSE) or Thursday (BSE). Lot sizes as of the January 2026 contracts.
  it.each([
    ['NIFTY', 'NFO', 65, 2, true],
    ['BANKNIFTY', 'NFO', 30, 2, false],
    ['FINNIFTY', 'NFO', 60, 2, false],
    ['MIDCPNIFTY', 'NFO', 120, 2, false],
    ['SENSEX', 'BFO', 20, 4, true],
    ['BANKEX', 'BFO', 30, 4, false],
  ] as const)(
    'lists %s options and futures on %s: lot %i, expiry weekday %i, weeklies %s',
    (name, exchange, lot, weekday, weekly) => {
      const rows = rowsOf(name, exchange);
      expect(rows.every((r) => r.lotSize === lot && weekdayOfExpiry(r.expiry) === weekday)).toBe(true);
      const futures = expiriesOf(rows.filter((r) => r.instrumentType === 'FUT'));
      expect(futures).toEqual(
        weekday === 2 ? ['27-JAN-26', '24-FEB-26', '31-MAR-26'] : ['29-JAN-26', '26-FEB-26', '26-MAR-26'],
      );
      const optionExpiries = expiriesOf(rows.filter((r) => r.instrumentType === 'CE'));
      if (weekly) {
        // Four weeklies (the fourth is the January monthly) plus the February and March monthlies.
        expect(optionExpiries).toHaveLength(6);
        expect(optionExpiries).toEqual(expect.arrayContaining(futures));
      } else {
        expect(optionExpiries).toEqual(futures);
      }
    },
  );

  it('centres each option chain on the seeded index level at the strike step, ±30 strikes, CE and PE', async () => {
    const market = new SyntheticMarket({ clock: new ManualClock(AS_OF), seed: 42, universe });
    for (const [name, exchange, index, step] of [
      ['NIFTY', 'NFO', { symbol: 'NIFTY', exchange: 'NSE_INDEX' }, 50],
      ['BANKNIFTY', 'NFO', { symbol: 'BANKNIFTY', exchange: 'NSE_INDEX' }, 100],
      ['FINNIFTY', 'NFO', { symbol: 'FINNIFTY', exchange: 'NSE_INDEX' }, 50],
      ['MIDCPNIFTY', 'NFO', { symbol: 'MIDCPNIFTY', exchange: 'NSE_INDEX' }, 25],
      ['SENSEX', 'BFO', { symbol: 'SENSEX', exchange: 'BSE_INDEX' }, 100],
      ['BANKEX', 'BFO', { symbol: 'BANKEX', exchange: 'BSE_INDEX' }, 100],
    ] as const) {
      const level = (await market.snapshot(index)).prevClose;
      const options = rowsOf(name, exchange).filter((r) => r.instrumentType !== 'FUT');
      for (const expiry of expiriesOf(options)) {
        const calls = options
          .filter((r) => r.expiry === expiry && r.instrumentType === 'CE')
          .map((r) => r.strike);
        const puts = options
          .filter((r) => r.expiry === expiry && r.instrumentType === 'PE')
          .map((r) => r.strike);
        expect(puts).toEqual(calls);
        expect(calls).toHaveLength(61);
        for (let i = 1; i < calls.length; i++)
          expect((calls[i] as number) - (calls[i - 1] as number)).toBe(step);
        expect(Math.abs((calls[30] as number) - level)).toBeLessThanOrEqual(step / 2);
      }
    }
  });

  it('rejects a non-finite asOf', () => {
    expect(() => generateUniverse({ asOf: Number.NaN })).toThrow(/asOf/);
  });
});
