import { describe, expect, it } from 'vitest';
import { type OpenAlgoError, SymbolNotFoundError } from '../../src/errors/openalgo-error.js';
import { EXCHANGES } from '../../src/model/enums.js';
import type { Instrument } from '../../src/model/instrument.js';
import { InstrumentIndex } from '../../src/symbols/instrument-index.js';
import { exchangeSlot } from '../../src/symbols/instrument-snapshot.js';
import { ManualClock } from '../../src/time/clock.js';
import { istToEpoch } from '../../src/time/ist.js';
import { equity, future, option } from './helpers.js';

const sbinNse = equity('SBIN', 'NSE', { token: '3045' });
const sbinBse = equity('SBIN', 'BSE', { token: '500112' });
const mm = equity('M&M', 'NSE', { token: '2031', name: 'MAHINDRA & MAHINDRA' });
const niftyIndex = equity('NIFTY', 'NSE_INDEX', {
  token: '26000',
  name: 'NIFTY 50',
  instrumentType: 'INDEX',
});
const niftyFut = future('NIFTY', '26DEC24', '26-DEC-24');
const niftyCe = option('NIFTY', '26DEC24', '26-DEC-24', 24000, 'CE');
const ROWS: Instrument[] = [sbinNse, sbinBse, mm, niftyIndex, niftyFut, niftyCe];

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('InstrumentIndex lookups', () => {
  const index = InstrumentIndex.fromRows(ROWS);

  it('finds rows by (symbol, exchange), telling NSE and BSE listings apart', () => {
    expect(index.get('SBIN', 'NSE')).toBe(sbinNse);
    expect(index.get('SBIN', 'BSE')).toBe(sbinBse);
    expect(index.get('M&M', 'NSE')).toBe(mm);
    expect(index.get('NIFTY26DEC2424000CE', 'NFO')).toBe(niftyCe);
    expect(index.get('NIFTY', 'NSE_INDEX')).toBe(niftyIndex);
    expect(index.get('NIFTY', 'NSE')).toBeUndefined();
    expect(index.get('SBIN', 'NFO')).toBeUndefined();
    expect(index.get('sbin', 'NSE')).toBeUndefined();
    expect(index.get('SBIN', 'nse' as 'NSE')).toBeUndefined();
    expect(index.size).toBe(ROWS.length);
  });

  it('finds rows by (brexchange, token)', () => {
    expect(index.getByToken('NSE', '3045')).toBe(sbinNse);
    expect(index.getByToken('BSE', '500112')).toBe(sbinBse);
    expect(index.getByToken('NFO', niftyCe.token)).toBe(niftyCe);
    expect(index.getByToken('BSE', '3045')).toBeUndefined();
    expect(index.getByToken('NSE', '999999')).toBeUndefined();
  });

  it('resolve throws SYMBOL_NOT_FOUND naming the symbol and exchange, with a useful hint', () => {
    expect(index.resolve('SBIN', 'BSE')).toBe(sbinBse);
    const elsewhere = thrown(() => index.resolve('NIFTY', 'NSE'));
    expect(elsewhere).toBeInstanceOf(SymbolNotFoundError);
    expect((elsewhere as OpenAlgoError).code).toBe('SYMBOL_NOT_FOUND');
    expect((elsewhere as OpenAlgoError).details).toEqual({ symbol: 'NIFTY', exchange: 'NSE' });
    expect(elsewhere.message).toMatch(/^Symbol NIFTY not found on NSE: it is listed on NSE_INDEX/);
    expect(thrown(() => index.resolve('sbin', 'NSE')).message).toContain('did you mean SBIN?');
    const unknown = thrown(() => index.resolve('NIFTY02JAN2524000CE', 'NFO'));
    expect(unknown.message).toContain('Symbol NIFTY02JAN2524000CE not found on NFO');
    expect(unknown.message).toContain('the master needs downloading again');
  });

  it('an empty index says the master is not loaded', () => {
    const message = thrown(() => new InstrumentIndex().resolve('SBIN', 'NSE')).message;
    expect(message).toContain('Symbol SBIN not found on NSE');
    expect(message).toContain('no instrument master is loaded; download the master contract');
  });

  it('all() iterates in master order, optionally for one exchange', () => {
    expect([...index.all()]).toEqual(ROWS);
    expect([...index.all('NSE')]).toEqual([sbinNse, mm]);
    expect([...index.all('MCX')]).toEqual([]);
  });

  it('exchange slots follow EXCHANGES exactly (the switch must list every exchange once)', () => {
    EXCHANGES.forEach((exchange, i) => {
      expect(exchangeSlot(exchange)).toBe(i);
    });
    expect(exchangeSlot('CRYPTO')).toBe(-1);
    expect(exchangeSlot('nse')).toBe(-1);
  });
});

describe('InstrumentIndex building', () => {
  it('keeps the first of duplicate (symbol, exchange) rows and counts the rest', async () => {
    const first = equity('INFY', 'NSE', { token: '1594' });
    const second = equity('INFY', 'NSE', { token: '7777' });
    const index = new InstrumentIndex();
    const result = await index.load([first, equity('TCS'), second, equity('INFY', 'BSE')]);
    expect(result).toMatchObject({ replaced: true, received: 4, rows: 3, duplicates: 1, invalid: 0 });
    expect(result.samples[0]).toContain('duplicate: NSE:INFY');
    expect(index.get('INFY', 'NSE')).toBe(first);
    // The dropped duplicate's token points nowhere: it is not in the master.
    expect(index.getByToken('NSE', '7777')).toBeUndefined();
    expect([...index.all()].map((r) => `${r.exchange}:${r.symbol}`)).toEqual([
      'NSE:INFY',
      'NSE:TCS',
      'BSE:INFY',
    ]);
  });

  it('counts rows that share a (brexchange, token); the token lookup keeps the first', async () => {
    const a = equity('AAA', 'NSE', { token: '42' });
    const b = equity('BBB', 'NSE', { token: '42' });
    const index = new InstrumentIndex();
    const result = await index.load([a, b]);
    expect(result).toMatchObject({ replaced: true, rows: 2, duplicateTokens: 1 });
    expect(index.getByToken('NSE', '42')).toBe(a);
    expect(index.get('BBB', 'NSE')).toBe(b);
  });

  it('finds every kept row by token in a large master with drops along the way', async () => {
    const rows: Instrument[] = [];
    for (let i = 0; i < 3000; i++) {
      rows.push(equity(`S${i}`, i % 3 === 0 ? 'BSE' : 'NSE', { token: String(i % 1500) }));
      if (i % 700 === 5) rows.push(equity(`S${i}`, i % 3 === 0 ? 'BSE' : 'NSE', { token: `dup${i}` }));
      if (i === 1234) rows.push(equity('NOTOKEN', 'NSE', { token: '' }));
    }
    const index = new InstrumentIndex();
    const result = await index.load(rows);
    expect(result).toMatchObject({ replaced: true, rows: 3000, duplicates: 5, invalid: 1 });
    const firstByToken = new Map<string, Instrument>();
    for (const row of index.all()) {
      const key = `${row.brexchange}|${row.token}`;
      if (!firstByToken.has(key)) firstByToken.set(key, row);
    }
    for (const [key, row] of firstByToken) {
      const [brexchange = '', token = ''] = key.split('|');
      expect(index.getByToken(brexchange, token)).toBe(row);
    }
    expect(index.getByToken('NSE', 'dup5')).toBeUndefined();
    expect(index.getByToken('NFO', '1')).toBeUndefined();
  });

  it('drops rows an index cannot hold and says which', async () => {
    const index = new InstrumentIndex();
    const result = await index.load([
      equity('GOOD'),
      equity('NOTOKEN', 'NSE', { token: '' }),
      equity('ODD', 'CRYPTO' as 'NSE'),
      null as unknown as Instrument,
      equity('ALSOGOOD'),
    ]);
    expect(result).toMatchObject({ replaced: true, received: 5, rows: 2, invalid: 3 });
    expect(result.samples).toEqual([
      expect.stringContaining('missing symbol, token or brexchange: NSE:NOTOKEN'),
      expect.stringContaining('unknown exchange: CRYPTO:ODD'),
      expect.stringContaining('missing symbol, token or brexchange: undefined:undefined'),
    ]);
    expect(index.get('ODD', 'CRYPTO' as 'NSE')).toBeUndefined();
    expect(index.get('ALSOGOOD', 'NSE')?.symbol).toBe('ALSOGOOD');
  });

  it('with validate, drops rows whose symbol breaks the grammar or disagrees with its columns', async () => {
    const rows = [
      equity('SBIN'),
      equity('sbin'),
      option('NIFTY', '26DEC24', '26-DEC-24', 24000, 'CE'),
      { ...option('NIFTY', '26DEC24', '26-DEC-24', 24100, 'CE'), strike: 2410000 },
      { ...future('NIFTY', '26DEC24', '26-DEC-24'), expiry: '30-JAN-25' },
      { ...equity('LOT'), lotSize: 1.5 },
      future('SBIN', '26DEC24', '26-DEC-24'),
    ];
    const validated = new InstrumentIndex();
    const result = await validated.load(rows, { validate: true });
    expect(result).toMatchObject({ replaced: true, received: 7, rows: 3, invalid: 4 });
    expect(result.samples.join('\n')).toMatch(/NSE:sbin: .*upper case/);
    expect(result.samples.join('\n')).toMatch(/strike column 2410000 disagrees/);
    expect(result.samples.join('\n')).toMatch(/expiry column "30-JAN-25" disagrees/);
    expect(result.samples.join('\n')).toMatch(/lotSize/);
    expect(validated.get('SBIN26DEC24FUT', 'NFO')).toBeDefined();

    const unvalidated = new InstrumentIndex();
    expect(await unvalidated.load(rows)).toMatchObject({ rows: 7, invalid: 0 });
  });

  it('copies the row array, so a caller reusing it cannot change a live master', async () => {
    const rows = [equity('AAA'), equity('BBB')];
    const index = new InstrumentIndex();
    await index.load(rows);
    rows.length = 0;
    rows.push(equity('ZZZ'));
    expect(index.size).toBe(2);
    expect([...index.all()].map((r) => r.symbol)).toEqual(['AAA', 'BBB']);
  });

  it('loads from sync iterables, async iterables and promises of them', async () => {
    function* sync() {
      yield equity('S1');
    }
    async function* asyncRows() {
      yield equity('A1');
      yield equity('A2');
    }
    const index = new InstrumentIndex();
    expect((await index.load(sync())).rows).toBe(1);
    expect((await index.load(asyncRows())).rows).toBe(2);
    expect((await index.load(Promise.resolve([equity('P1'), equity('P2')]))).rows).toBe(2);
    expect(index.get('P2', 'NSE')?.symbol).toBe('P2');
  });

  it('stamps the load time from the clock and keeps the label', async () => {
    const clock = new ManualClock(istToEpoch(2026, 1, 5, 8, 30));
    const index = new InstrumentIndex({ clock });
    await index.load([equity('AAA')], { label: 'zerodha 2026-01-05' });
    expect(index.info).toEqual({
      size: 1,
      loadedAt: istToEpoch(2026, 1, 5, 8, 30),
      label: 'zerodha 2026-01-05',
    });
    expect(() => index.resolve('NEWLISTING', 'NSE')).toThrow(
      /zerodha 2026-01-05, loaded 2026-01-05T08:30:00\+05:30\), the master needs downloading again/,
    );
  });
});

describe('InstrumentIndex search and expiries', () => {
  const rows = [
    option('NIFTY', '26DEC24', '26-DEC-24', 24000, 'CE'),
    future('NIFTY', '30JAN25', '30-JAN-25'),
    future('NIFTY', '26DEC24', '26-DEC-24'),
    equity('NIFTY', 'NSE_INDEX', { name: 'Nifty 50' }),
    equity('NIFTYBEES', 'NSE', { name: 'Nippon India ETF Nifty 50 BeES' }),
    equity('SBIN', 'NSE', { name: 'State Bank of India' }),
    equity('BANKNIFTY', 'NSE_INDEX', { name: 'Bank Nifty' }),
    future('NIFTY', '27FEB25', '27-FEB-25'),
    option('NIFTY', '02JAN25', '02-JAN-25', 24000, 'PE'),
    option('NIFTY', '26DEC24', '26-DEC-24', 24100, 'PE'),
    future('SENSEX', '27DEC24', '27-DEC-24', 'BFO'),
    option('SENSEX', '27DEC24', '27-DEC-24', 80000, 'CE', 'BFO'),
    future('NIFTY', '26DEC24', '26-DEC-24', 'BFO'),
  ];
  const index = InstrumentIndex.fromRows(rows);

  it('ranks exact, then prefix, then substring matches, shorter symbols first', () => {
    const symbols = index.search('nifty').map((r) => `${r.exchange}:${r.symbol}`);
    expect(symbols.slice(0, 1)).toEqual(['NSE_INDEX:NIFTY']);
    // Every NIFTY derivative has name NIFTY (an exact match), so they come before the ETF (prefix).
    expect(symbols.indexOf('NSE:NIFTYBEES')).toBeGreaterThan(symbols.indexOf('NFO:NIFTY26DEC2424100PE'));
    // BANKNIFTY only contains the query.
    expect(symbols.at(-1)).toBe('NSE_INDEX:BANKNIFTY');
    expect(symbols).not.toContain('NSE:SBIN');
  });

  it('matches names case-insensitively, filters by exchange and honours the limit', () => {
    expect(index.search('state bank').map((r) => r.symbol)).toEqual(['SBIN']);
    expect(index.search('NIFTY', { exchange: 'BFO' }).map((r) => r.symbol)).toEqual(['NIFTY26DEC24FUT']);
    expect(index.search('NIFTY', { limit: 2 })).toHaveLength(2);
    expect(index.search('   ')).toEqual([]);
    expect(index.search('SBIN-EQ').map((r) => r.symbol)).toEqual(['SBIN']);
  });

  it('lists expiries in date order, futures and options separately, per exchange', () => {
    expect(index.expiries('NIFTY', 'NFO', 'futures')).toEqual(['26-DEC-24', '30-JAN-25', '27-FEB-25']);
    expect(index.expiries('NIFTY', 'NFO', 'options')).toEqual(['26-DEC-24', '02-JAN-25']);
    expect(index.expiries('NIFTY', 'BFO', 'futures')).toEqual(['26-DEC-24']);
    expect(index.expiries('SENSEX', 'BFO', 'options')).toEqual(['27-DEC-24']);
    expect(index.expiries('NIFT', 'NFO', 'futures')).toEqual([]);
    expect(index.expiries('BANKNIFTY', 'NFO', 'options')).toEqual([]);
  });
});
