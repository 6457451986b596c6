import { RecordingLogger } from '@openalgo/core/testing';
import { describe, expect, it } from 'vitest';
import type { MarketSnapshot } from '../../src/market/price-source.js';
import { SyntheticMarket } from '../../src/market/synthetic-market.js';
import { MONDAY_10AM, marketAt, NIFTY, NIFTY_FUT, SBIN, SBIN_BSE } from './helpers.js';

const CALL = { symbol: 'NIFTY27JAN2623000CE', exchange: 'NFO' as const };

function recorder() {
  const seen: MarketSnapshot[] = [];
  return { seen, listener: (s: MarketSnapshot) => void seen.push(s) };
}

describe('SyntheticMarket.watch', () => {
  it('emits one snapshot per watched instrument per step as the clock moves', async () => {
    const { clock, market } = marketAt();
    const { seen, listener } = recorder();
    const stop = market.watch([SBIN, NIFTY_FUT], listener);
    expect(seen).toHaveLength(0);
    await clock.advance(5000);
    expect(seen).toHaveLength(10);
    const sbin = seen.filter((s) => s.symbol === 'SBIN');
    expect(sbin.map((s) => s.timestamp)).toEqual([1, 2, 3, 4, 5].map((i) => MONDAY_10AM + i * 1000));
    expect(sbin.at(-1)).toBe(market.snapshotSync(SBIN));
    // A second in which nothing is due emits nothing.
    await clock.advance(999);
    expect(seen).toHaveLength(10);
    stop();
  });

  it('lands on step boundaries even when watching starts mid-step', async () => {
    const { clock, market } = marketAt(MONDAY_10AM + 400);
    const { seen, listener } = recorder();
    const stop = market.watch([SBIN], listener);
    await clock.advance(600);
    expect(seen.map((s) => s.timestamp)).toEqual([MONDAY_10AM + 1000]);
    stop();
  });

  it('stops its loop when the last watcher leaves, leaving no pending sleep', async () => {
    const { clock, market } = marketAt();
    const first = recorder();
    const second = recorder();
    const stopFirst = market.watch([SBIN], first.listener);
    const stopSecond = market.watch([SBIN, NIFTY], second.listener);
    await clock.advance(2000);
    expect(clock.pendingSleeps).toBe(1);
    stopFirst();
    stopFirst(); // idempotent
    await clock.advance(2000);
    expect(first.seen).toHaveLength(2);
    expect(second.seen).toHaveLength(8);
    expect(clock.pendingSleeps).toBe(1);
    stopSecond();
    expect(clock.pendingSleeps).toBe(0);
    await clock.advance(10_000);
    expect(second.seen).toHaveLength(8);
    // Watching again restarts it.
    const third = recorder();
    const stopThird = market.watch([SBIN], third.listener);
    await clock.advance(1000);
    expect(third.seen).toHaveLength(1);
    stopThird();
    expect(clock.pendingSleeps).toBe(0);
  });

  it('close() ends every watch', async () => {
    const { clock, market } = marketAt();
    const { seen, listener } = recorder();
    market.watch([SBIN], listener);
    market.close();
    expect(clock.pendingSleeps).toBe(0);
    await clock.advance(3000);
    expect(seen).toHaveLength(0);
  });

  it('keeps notifying other watchers when one listener throws, and reports it', async () => {
    const { clock } = marketAt();
    const logger = new RecordingLogger();
    const market = new SyntheticMarket({ clock, logger });
    const { seen, listener } = recorder();
    const stopBad = market.watch([SBIN], () => {
      throw new Error('boom');
    });
    const stopGood = market.watch([SBIN], listener);
    await clock.advance(3000);
    expect(seen).toHaveLength(3);
    expect(logger.at('error')).toHaveLength(3);
    expect(logger.at('error')[0]?.fields).toMatchObject({ symbol: 'SBIN', exchange: 'NSE' });
    stopBad();
    stopGood();
  });

  it('does not start a loop when watch() is given an unknown instrument', () => {
    const { clock, market } = marketAt();
    expect(() => market.watch([SBIN, { symbol: 'NOPE', exchange: 'NSE' }], () => {})).toThrow(/NOPE/);
    expect(clock.pendingSleeps).toBe(0);
  });
});

describe('SyntheticMarket.setPrice', () => {
  it('pins ltp with bid and ask a tick either side and 5 levels of depth, until cleared', async () => {
    const { clock, market } = marketAt();
    const walk = market.snapshotSync(SBIN);
    const pinned = market.setPrice(SBIN, 900.03);
    expect(pinned).toMatchObject({ ltp: 900.05, bid: 900, ask: 900.1 });
    expect(pinned.bids.map((l) => l.price)).toEqual([900, 899.95, 899.9, 899.85, 899.8]);
    expect(pinned.asks.map((l) => l.price)).toEqual([900.1, 900.15, 900.2, 900.25, 900.3]);
    expect(pinned.high).toBeGreaterThanOrEqual(900.05);
    expect(pinned.low).toBeLessThanOrEqual(walk.low);
    await clock.advance(10_000);
    expect(market.snapshotSync(SBIN).ltp).toBe(900.05);
    market.clearPrice(SBIN);
    const fresh = marketAt(MONDAY_10AM + 10_000).market.snapshotSync(SBIN);
    expect(market.snapshotSync(SBIN)).toEqual(fresh);
  });

  it('emits to watchers at once, and moves the underlying’s other listing and derivatives with it', () => {
    const { market } = marketAt();
    const index = recorder();
    const derivatives = recorder();
    const bse = recorder();
    market.watch([NIFTY], index.listener);
    market.watch([NIFTY_FUT, CALL], derivatives.listener);
    market.watch([SBIN_BSE], bse.listener);
    const before = { future: market.snapshotSync(NIFTY_FUT).ltp, call: market.snapshotSync(CALL).ltp };
    const level = market.snapshotSync(NIFTY).ltp + 500;
    market.setPrice(NIFTY, level);
    expect(index.seen.map((s) => s.ltp)).toEqual([level]);
    const [future, call] = derivatives.seen;
    expect(future?.symbol).toBe(NIFTY_FUT.symbol);
    expect(future?.ltp).toBeGreaterThan(before.future + 450);
    expect((future?.ltp ?? 0) / level).toBeGreaterThan(1);
    expect((future?.ltp ?? 0) / level).toBeLessThan(1.01);
    expect(call?.ltp).toBeGreaterThan(before.call + 250);
    expect(bse.seen).toHaveLength(0);

    market.setPrice(SBIN, 1000);
    expect(bse.seen.map((s) => s.ltp)).toEqual([1000]);
    expect(market.snapshotSync(SBIN_BSE).ltp).toBe(1000);

    market.clearPrice(NIFTY);
    expect(index.seen).toHaveLength(2);
    expect(market.snapshotSync(NIFTY_FUT).ltp).toBe(before.future);
    market.close();
  });

  it('pins a derivative alone', () => {
    const { market } = marketAt();
    const index = market.snapshotSync(NIFTY);
    const { seen, listener } = recorder();
    market.watch([CALL, NIFTY_FUT], listener);
    market.setPrice(CALL, 123.45);
    expect(seen.map((s) => [s.symbol, s.ltp])).toEqual([[CALL.symbol, 123.45]]);
    expect(market.snapshotSync(NIFTY)).toEqual(index);
    market.clearPrice(CALL);
    market.clearPrice(CALL); // nothing pinned: no emission
    expect(seen).toHaveLength(2);
    expect(seen[1]?.ltp).not.toBe(123.45);
    market.close();
  });

  it('rejects a price that is not positive', () => {
    const { market } = marketAt();
    expect(() => market.setPrice(SBIN, 0)).toThrow(/greater than 0/);
    expect(() => market.setPrice(SBIN, Number.NaN)).toThrow(/greater than 0/);
  });
});
