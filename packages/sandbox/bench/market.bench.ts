/**
 * The synthetic market on the engine's hot path: snapshotSync within one clock step (what every order
 * match pays) against a plain Map.get of a prebuilt snapshot, and a fresh snapshot per step (what
 * each watched instrument pays once a second) for cash, futures and options. Plus history and
 * universe generation. A synchronous clock lets the bench move time without awaiting.
 */
import { type Clock, type InstrumentRef, istToEpoch } from '@openalgo/core';
import { test } from 'vitest';
import { measureThroughput, medianTimeMs, recordResult } from '../../core/bench/harness.js';
import { generateUniverse, SyntheticMarket } from '../src/market/index.js';

const START = istToEpoch(2026, 1, 5, 9, 30);
const LOOKUPS = 200_000;

function steppingClock(): Clock & { now(): number; advance(ms: number): void } {
  let now = START;
  return {
    now: () => now,
    sleep: () => new Promise(() => {}),
    advance(ms: number) {
      now += ms;
    },
  };
}

function refsOf(market: SyntheticMarket, filter: (type: string) => boolean, count: number): InstrumentRef[] {
  return market
    .listInstruments()
    .filter((i) => filter(i.instrumentType))
    .slice(0, count)
    .map(({ symbol, exchange }) => ({ symbol, exchange }));
}

test('sandbox.market.snapshot-cached', async () => {
  const clock = steppingClock();
  const market = new SyntheticMarket({ clock, seed: 42 });
  const refs = refsOf(market, (t) => t === 'EQ', 40);
  for (const ref of refs) market.snapshotSync(ref);
  const prebuilt = new Map(refs.map((ref) => [`${ref.exchange}:${ref.symbol}`, market.snapshotSync(ref)]));
  let sink = 0;
  const value = await measureThroughput(
    () => {
      for (let i = 0; i < LOOKUPS; i++)
        sink += market.snapshotSync(refs[i % refs.length] as InstrumentRef).ltp;
    },
    { opsPerCall: LOOKUPS },
  );
  const baseline = await measureThroughput(
    () => {
      for (let i = 0; i < LOOKUPS; i++) {
        const ref = refs[i % refs.length] as InstrumentRef;
        sink += prebuilt.get(`${ref.exchange}:${ref.symbol}`)?.ltp ?? 0;
      }
    },
    { opsPerCall: LOOKUPS },
  );
  if (!(sink > 0)) throw new Error('bench read no prices');
  recordResult('sandbox.market.snapshot-cached', {
    value,
    unit: 'snapshots/s',
    baseline,
    ratio: value / baseline,
    target: { value: 'far above the engine’s 20,000 orders/s' },
  });
});

test('sandbox.market.snapshot-new-step', async () => {
  const clock = steppingClock();
  const market = new SyntheticMarket({ clock, seed: 42 });
  const kinds = {
    cash: (t: string) => t === 'EQ',
    future: (t: string) => t === 'FUT',
    option: (t: string) => t === 'CE' || t === 'PE',
  };
  const extra: Record<string, number> = {};
  let overall = 0;
  for (const [kind, filter] of Object.entries(kinds)) {
    const refs = refsOf(market, filter, 20);
    const steps = 500;
    for (const ref of refs) market.snapshotSync(ref); // builds the day paths once
    const rate = await measureThroughput(
      () => {
        for (let s = 0; s < steps; s++) {
          clock.advance(1000);
          for (const ref of refs) market.snapshotSync(ref);
        }
      },
      { opsPerCall: steps * refs.length },
    );
    extra[`${kind}PerSecond`] = Math.round(rate);
    if (kind === 'option') overall = rate;
  }
  recordResult('sandbox.market.snapshot-new-step', {
    value: overall,
    unit: 'option snapshots/s (one new step each)',
    baseline: extra.cashPerSecond ?? 0,
    ratio: overall / (extra.cashPerSecond ?? 1),
    extra,
  });
});

test('sandbox.market.history', async () => {
  const clock = steppingClock();
  const market = new SyntheticMarket({ clock, seed: 42 });
  const minutes = await medianTimeMs(() =>
    market.history({
      symbol: 'SBIN',
      exchange: 'NSE',
      interval: '1m',
      start: '2025-11-24',
      end: '2026-01-05',
    }),
  );
  const daily = await medianTimeMs(
    () =>
      new SyntheticMarket({ clock, seed: 7 }).history({
        symbol: 'NIFTY',
        exchange: 'NSE_INDEX',
        interval: 'D',
        start: '2021-01-01',
        end: '2026-01-05',
      }),
    3,
  );
  recordResult('sandbox.market.history', {
    value: minutes,
    unit: 'ms for 30 trading days of 1m candles',
    baseline: daily,
    ratio: minutes / daily,
    extra: { dailyFiveYearsMs: Math.round(daily) },
  });
});

test('sandbox.market.universe', async () => {
  const universeMs = await medianTimeMs(() => generateUniverse({ asOf: START, seed: 42 }), 9);
  const marketMs = await medianTimeMs(() => new SyntheticMarket({ clock: steppingClock(), seed: 42 }), 9);
  recordResult('sandbox.market.universe', {
    value: universeMs,
    unit: 'ms to generate the universe',
    baseline: marketMs,
    ratio: universeMs / marketMs,
    extra: { rows: generateUniverse({ asOf: START, seed: 42 }).length, marketConstructionMs: marketMs },
  });
});
