import { type InstrumentRef, type Interval, istDate, istToEpoch } from '@openalgo/core';
import type { ContractHarness, HarnessFixtures } from '../harness.js';
import { ensure } from './assertions.js';
import { type CheckContext, describeRef, withInstance } from './context.js';
import { needs } from './gates.js';
import type { ResolvedSuiteOptions } from './options.js';
import type { CheckRegistrar } from './runner.js';

const DAY_MS = 86_400_000;

/** How far back each interval's history request reaches: short, but always over trading days. */
function lookbackDays(interval: Interval): number {
  if (interval.endsWith('s')) return 3;
  if (interval.endsWith('m')) return 5;
  if (interval.endsWith('h')) return 10;
  return { D: 30, W: 120, M: 400, Q: 800, Y: 2200 }[interval as 'D' | 'W' | 'M' | 'Q' | 'Y'];
}

/** Longer candles may open before the range's first day (the week or month it falls in). */
function periodSlackSeconds(interval: Interval): number {
  return { W: 7, M: 31, Q: 92, Y: 366 }[interval as 'W' | 'M' | 'Q' | 'Y'] ?? 0;
}

function fixtureList(fixtures: HarnessFixtures): Array<[string, InstrumentRef]> {
  const roles = ['equity', 'future', 'option', 'index'] as const;
  return roles.flatMap((role) => {
    const ref = fixtures[role];
    return ref ? [[role, ref] as [string, InstrumentRef]] : [];
  });
}

async function checkQuote(t: CheckContext, ref: InstrumentRef): Promise<void> {
  const quotes = await t.settle(t.adapter.getQuotes([ref]));
  ensure(quotes.length === 1, () => `getQuotes([${describeRef(ref)}]) returned ${quotes.length} quotes`);
  const [quote] = quotes;
  ensure(
    quote?.symbol === ref.symbol && quote.exchange === ref.exchange,
    () => `asked for ${describeRef(ref)}, got a quote for ${quote?.symbol} ${quote?.exchange}`,
  );
  ensure(quote.ltp > 0, () => `quote for ${describeRef(ref)} has ltp ${quote.ltp}`);
}

async function checkHistory(t: CheckContext, ref: InstrumentRef, interval: Interval): Promise<void> {
  const now = t.instance.clock.now();
  const days = lookbackDays(interval);
  const start = istDate(now - days * DAY_MS);
  const end = istDate(now);
  const candles = await t.settle(t.adapter.getHistory({ ...ref, interval, start, end }));
  const what = `getHistory ${describeRef(ref)} ${interval} ${start}..${end}`;
  ensure(candles.length > 0, () => `${what} returned no candles over ${days} days`);
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  const earliest = istToEpoch(y, m, d) / 1000 - periodSlackSeconds(interval) * 86_400;
  const latest = now / 1000;
  for (const candle of candles) {
    ensure(
      candle.timestamp >= earliest && candle.timestamp <= latest,
      () =>
        `${what}: candle at ${new Date(candle.timestamp * 1000).toISOString()} is outside the range asked for`,
    );
  }
}

export function registerMarketDataChecks(
  r: CheckRegistrar,
  harness: ContractHarness,
  options: ResolvedSuiteOptions,
): void {
  const { manifest, fixtures } = harness;
  const run = (body: (t: CheckContext) => Promise<void>) => withInstance(harness, options, body);
  const quotes = needs(manifest, 'getQuotes');

  for (const [role, ref] of fixtureList(fixtures)) {
    r.checkUnless(
      quotes,
      `quotes: ${role} ${describeRef(ref)} has a valid quote with a last price`,
      run((t) => checkQuote(t, ref)),
    );
  }

  const refs = fixtureList(fixtures).map(([, ref]) => ref);
  r.checkUnless(
    quotes ?? (refs.length < 2 ? 'the harness declares only one fixture' : undefined),
    'quotes: several instruments come back in the order asked',
    run(async (t) => {
      const asked = [...refs].reverse();
      const got = await t.settle(t.adapter.getQuotes(asked));
      ensure(got.length === asked.length, () => `asked for ${asked.length} quotes, got ${got.length}`);
      asked.forEach((ref, i) => {
        const quote = got[i];
        ensure(
          quote?.symbol === ref.symbol && quote.exchange === ref.exchange,
          () => `quote ${i} is ${quote?.symbol} ${quote?.exchange}, asked for ${describeRef(ref)}`,
        );
      });
    }),
  );

  r.checkUnless(
    needs(manifest, 'getDepth'),
    `depth: ${describeRef(fixtures.equity)} has both sides, best first`,
    run(async (t) => {
      const ref = fixtures.equity;
      const depth = await t.settle(t.adapter.getDepth(ref));
      ensure(
        depth.symbol === ref.symbol && depth.exchange === ref.exchange,
        () => `asked for depth of ${describeRef(ref)}, got ${depth.symbol} ${depth.exchange}`,
      );
      const bids = depth.bids.filter((l) => l.price > 0);
      const asks = depth.asks.filter((l) => l.price > 0);
      ensure(
        bids.length > 0 && asks.length > 0,
        () => `depth has ${bids.length} bids and ${asks.length} asks`,
      );
    }),
  );

  const intervals = Object.keys(manifest.intervals) as Interval[];
  if (intervals.length === 0) {
    r.skip('history', 'the manifest declares no intervals');
  }
  for (const interval of intervals) {
    r.checkUnless(
      needs(manifest, 'getHistory'),
      `history ${interval}: recent candles are valid, sorted and within the range`,
      run((t) => checkHistory(t, fixtures.equity, interval)),
    );
  }
}
