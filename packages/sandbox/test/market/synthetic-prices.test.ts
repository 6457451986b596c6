import { isOpenAlgoError, istToEpoch, ManualClock } from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import { SyntheticMarket } from '../../src/market/synthetic-market.js';
import { generateUniverse } from '../../src/market/universe.js';
import {
  CRUDE_FUT,
  expectSaneSnapshot,
  MONDAY_10AM,
  marketAt,
  NIFTY,
  NIFTY_FUT,
  SBIN,
  SBIN_BSE,
} from './helpers.js';

describe('SyntheticMarket prices', () => {
  it('gives identical snapshots for the same seed and time, different ones for another seed', () => {
    const a = marketAt().market;
    const b = marketAt().market;
    // The other seed centres its option chains elsewhere, so it prices the first market's rows.
    const universe = a.listInstruments();
    const other = new SyntheticMarket({ clock: new ManualClock(MONDAY_10AM), seed: 7, universe });
    expect(b.listInstruments()).toEqual(universe);
    const sample = a.listInstruments().filter((_, i) => i % 37 === 0);
    let differing = 0;
    for (const ref of sample) {
      expect(b.snapshotSync(ref)).toEqual(a.snapshotSync(ref));
      if (other.snapshotSync(ref).ltp !== a.snapshotSync(ref).ltp) differing++;
    }
    expect(differing).toBeGreaterThan(sample.length * 0.8);
  });

  it('does not depend on what was asked before: a jump to an instant equals walking to it', async () => {
    const later = istToEpoch(2026, 1, 7, 13, 42, 17);
    const walked = marketAt();
    for (const t of [MONDAY_10AM + 1000, istToEpoch(2026, 1, 6, 11, 0), later]) {
      await walked.clock.set(t);
      walked.market.snapshotSync(SBIN);
      walked.market.snapshotSync(NIFTY_FUT);
    }
    const jumped = marketAt(later).market;
    expect(jumped.snapshotSync(SBIN)).toEqual(walked.market.snapshotSync(SBIN));
    expect(jumped.snapshotSync(NIFTY_FUT)).toEqual(walked.market.snapshotSync(NIFTY_FUT));
  });

  it('keeps every instrument positive, on its tick, with a sane 5-level book, at several instants', async () => {
    const { clock, market } = marketAt();
    const problems: string[] = [];
    for (const at of [MONDAY_10AM, istToEpoch(2026, 1, 5, 15, 29, 59), istToEpoch(2026, 1, 6, 9, 15, 0)]) {
      await clock.set(at);
      for (const instrument of market.listInstruments()) {
        const s = market.snapshotSync(instrument);
        if (instrument.instrumentType === 'INDEX') {
          if (
            s.bid !== 0 ||
            s.ask !== 0 ||
            s.bids.length + s.asks.length !== 0 ||
            s.volume !== 0 ||
            !(s.ltp > 0)
          ) {
            problems.push(`${instrument.symbol}: index with a book or volume`);
          }
          continue;
        }
        problems.push(...expectSaneSnapshot(s, instrument.tickSize, instrument.lotSize));
        const isDerivative = ['FUT', 'CE', 'PE'].includes(instrument.instrumentType);
        if (isDerivative !== s.oi > 0) problems.push(`${instrument.symbol}: oi ${s.oi}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('prices the NSE and BSE listings of a stock off one underlying, with a thinner BSE book', () => {
    const { market } = marketAt();
    const nse = market.snapshotSync(SBIN);
    const bse = market.snapshotSync(SBIN_BSE);
    expect(bse.ltp).toBe(nse.ltp);
    expect(bse.volume).toBeLessThan(nse.volume);
  });

  it('prices futures from the index with a small positive carry that shrinks towards expiry', () => {
    const { market } = marketAt();
    const index = market.snapshotSync(NIFTY).ltp;
    const near = market.snapshotSync(NIFTY_FUT).ltp;
    const far = market.snapshotSync({ symbol: 'NIFTY31MAR26FUT', exchange: 'NFO' }).ltp;
    expect(near / index).toBeGreaterThan(1);
    expect(near / index).toBeLessThan(1.01);
    expect(far).toBeGreaterThan(near);
    expect(far / index).toBeLessThan(1.03);
  });

  it('keeps option chains coherent: calls fall and puts rise with strike, put-call parity holds', () => {
    const { market } = marketAt();
    const chain = market.listInstruments().filter((r) => r.name === 'NIFTY' && r.expiry === '27-JAN-26');
    const future = market.snapshotSync(NIFTY_FUT).ltp;
    const strikes = [...new Set(chain.filter((r) => r.strike > 0).map((r) => r.strike))].sort(
      (a, b) => a - b,
    );
    const price = (strike: number, type: 'CE' | 'PE') =>
      market.snapshotSync({ symbol: `NIFTY27JAN26${strike}${type}`, exchange: 'NFO' }).ltp;
    for (let i = 1; i < strikes.length; i++) {
      const [lower, higher] = [strikes[i - 1] as number, strikes[i] as number];
      expect(price(higher, 'CE')).toBeLessThanOrEqual(price(lower, 'CE'));
      expect(price(higher, 'PE')).toBeGreaterThanOrEqual(price(lower, 'PE'));
      expect(price(lower, 'CE') - price(higher, 'CE')).toBeLessThanOrEqual(higher - lower + 0.05);
    }
    for (const strike of strikes) {
      // C − P = discount × (F − K); the discount over three weeks is within 0.5 %.
      const parity = price(strike, 'CE') - price(strike, 'PE');
      expect(Math.abs(parity - (future - strike))).toBeLessThanOrEqual(
        0.005 * Math.abs(future - strike) + 0.15,
      );
    }
  });

  it('holds the session close outside market hours and opens the next day from it', async () => {
    const { clock, market } = marketAt(istToEpoch(2026, 1, 5, 15, 29, 59));
    const last = market.snapshotSync(SBIN);
    const lastFut = market.snapshotSync(NIFTY_FUT);
    await clock.set(istToEpoch(2026, 1, 5, 18, 0));
    const evening = market.snapshotSync(SBIN);
    expect({ ...evening, timestamp: 0 }).toEqual({ ...last, timestamp: 0 });
    await clock.set(istToEpoch(2026, 1, 6, 9, 14, 59));
    expect(market.snapshotSync(SBIN).ltp).toBe(last.ltp);
    await clock.set(istToEpoch(2026, 1, 6, 9, 15, 0));
    const opened = market.snapshotSync(SBIN);
    expect(opened.prevClose).toBe(last.ltp);
    expect(opened.open).toBe(opened.ltp);
    expect(opened.high).toBe(opened.ltp);
    expect(market.snapshotSync(NIFTY_FUT).prevClose).toBe(lastFut.ltp);
    // The open gaps from the previous close by a fraction of a percent, not a jump.
    expect(Math.abs(opened.open / last.ltp - 1)).toBeLessThan(0.01);
  });

  it('shows Friday close over the weekend and keeps MCX trading after NSE closes', async () => {
    const friday = marketAt(istToEpoch(2026, 1, 9, 15, 30, 0)).market.snapshotSync(SBIN);
    const saturday = marketAt(istToEpoch(2026, 1, 10, 12, 0)).market.snapshotSync(SBIN);
    expect(saturday.ltp).toBe(friday.ltp);
    const { clock, market } = marketAt(istToEpoch(2026, 1, 5, 16, 0));
    const [nse, crude] = [market.snapshotSync(SBIN).ltp, market.snapshotSync(CRUDE_FUT).ltp];
    await clock.advance(60 * 60_000);
    expect(market.snapshotSync(SBIN).ltp).toBe(nse);
    expect(market.snapshotSync(CRUDE_FUT).ltp).not.toBe(crude);
  });

  it('accumulates volume through the session', async () => {
    const { clock, market } = marketAt(istToEpoch(2026, 1, 5, 9, 15, 0));
    let previous = market.snapshotSync(SBIN).volume;
    for (let i = 0; i < 5; i++) {
      await clock.advance(30 * 60_000);
      const volume = market.snapshotSync(SBIN).volume;
      expect(volume).toBeGreaterThan(previous);
      previous = volume;
    }
  });

  it('reuses one snapshot object within a step and builds a new one on the next step', async () => {
    const { clock, market } = marketAt();
    const first = market.snapshotSync(SBIN);
    await clock.advance(999);
    expect(market.snapshotSync(SBIN)).toBe(first);
    await clock.advance(1);
    const next = market.snapshotSync(SBIN);
    expect(next).not.toBe(first);
    expect(next.timestamp).toBe(first.timestamp + 1000);
    expect(await market.snapshot(SBIN)).toBe(next);
  });

  it('fails with SYMBOL_NOT_FOUND naming symbol and exchange', async () => {
    const { market } = marketAt();
    for (const ref of [
      { symbol: 'NOTASTOCK', exchange: 'NSE' as const },
      { symbol: 'SBIN', exchange: 'NFO' as const },
    ]) {
      const error = (() => {
        try {
          market.snapshotSync(ref);
        } catch (e) {
          return e;
        }
      })();
      expect(isOpenAlgoError(error, 'SYMBOL_NOT_FOUND')).toBe(true);
      expect((error as Error).message).toContain(ref.symbol);
      expect((error as Error).message).toContain(ref.exchange);
      await expect(market.snapshot(ref)).rejects.toMatchObject({ code: 'SYMBOL_NOT_FOUND' });
      await expect(
        market.history({ ...ref, interval: '1m', start: '2026-01-05', end: '2026-01-05' }),
      ).rejects.toMatchObject({ code: 'SYMBOL_NOT_FOUND' });
      expect(() => market.watch([SBIN, ref], () => {})).toThrow(/not found/);
      expect(() => market.setPrice(ref, 100)).toThrow(/not found/);
    }
  });

  it('prices a custom universe, including a name the catalogue does not know', () => {
    const rows = generateUniverse({ asOf: MONDAY_10AM })
      .filter((r) => r.exchange === 'NSE')
      .slice(0, 3);
    const custom = {
      ...(rows[0] as (typeof rows)[0]),
      symbol: 'ACMEWIDGETS',
      name: 'ACMEWIDGETS',
      token: '1',
    };
    const make = () =>
      new SyntheticMarket({ clock: new ManualClock(MONDAY_10AM), universe: [...rows, custom] });
    const snapshot = make().snapshotSync(custom);
    expect(expectSaneSnapshot(snapshot, 0.05, 1)).toEqual([]);
    expect(make().snapshotSync(custom)).toEqual(snapshot);
    expect(make().listInstruments()).toHaveLength(4);
    expect(() => make().snapshotSync(NIFTY)).toThrow(/not found/);
  });

  it('serves its universe as the instrument master', async () => {
    const { market } = marketAt();
    const rows = [];
    for await (const row of market.instruments()) rows.push(row);
    expect(rows).toEqual(generateUniverse({ asOf: MONDAY_10AM, seed: 42 }));
    expect(market.lookup(SBIN)).toMatchObject({ symbol: 'SBIN', exchange: 'NSE', lotSize: 1 });
  });

  it('rejects a tick interval that does not divide a minute, and duplicate universe rows', () => {
    const clock = new ManualClock(MONDAY_10AM);
    expect(() => new SyntheticMarket({ clock, tickIntervalMs: 7000 })).toThrow(/tickIntervalMs/);
    expect(() => new SyntheticMarket({ clock, tickIntervalMs: 0 })).toThrow(/tickIntervalMs/);
    const [row] = generateUniverse({ asOf: MONDAY_10AM });
    if (!row) throw new Error('empty universe');
    expect(() => new SyntheticMarket({ clock, universe: [row, row] })).toThrow(/Duplicate/);
  });

  it('steps at a coarser tick interval when asked', async () => {
    const { clock, market } = marketAt(MONDAY_10AM, 42, 5000);
    const first = market.snapshotSync(SBIN);
    await clock.advance(4000);
    expect(market.snapshotSync(SBIN)).toBe(first);
    await clock.advance(1000);
    expect(market.snapshotSync(SBIN).timestamp).toBe(first.timestamp + 5000);
  });
});
