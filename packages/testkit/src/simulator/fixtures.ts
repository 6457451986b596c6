import { compareExpiryDates, type Instrument, type InstrumentRef, tryParseExpiry } from '@openalgo/core';
import { generateUniverse } from '@openalgo/sandbox';
import type { HarnessFixtures } from '../harness.js';

const REF = (row: Instrument): InstrumentRef => ({ symbol: row.symbol, exchange: row.exchange });

/** Orders instruments by expiry date; rows without a parsable expiry sort last. */
function byExpiry(a: Instrument, b: Instrument): number {
  const ea = tryParseExpiry(a.expiry);
  const eb = tryParseExpiry(b.expiry);
  if (!ea || !eb) return ea ? -1 : eb ? 1 : 0;
  return compareExpiryDates(ea, eb);
}

/**
 * What the contract suite trades and quotes, from a universe of OpenAlgo instruments: cash SBIN (or
 * the first NSE stock), the nearest NIFTY future, a middle-strike call of the nearest expiry, and the
 * NIFTY index. Every test broker over the sandbox market picks the same four, so their results compare.
 */
export function chooseFixtures(universe: readonly Instrument[]): HarnessFixtures {
  const equity =
    universe.find((r) => r.exchange === 'NSE' && r.symbol === 'SBIN') ??
    universe.find((r) => r.exchange === 'NSE');
  if (!equity) throw new Error('the universe has no NSE equity to trade');
  const future = universe
    .filter((r) => r.exchange === 'NFO' && r.name === 'NIFTY' && r.instrumentType === 'FUT')
    .sort(byExpiry)[0];
  const calls = universe
    .filter((r) => r.exchange === 'NFO' && r.name === 'NIFTY' && r.instrumentType === 'CE')
    .sort(byExpiry);
  const nearest = calls.filter((r) => r.expiry === calls[0]?.expiry).sort((a, b) => a.strike - b.strike);
  const option = nearest[Math.floor(nearest.length / 2)];
  const index = universe.find((r) => r.exchange === 'NSE_INDEX' && r.symbol === 'NIFTY');
  return {
    equity: REF(equity),
    ...(future ? { future: REF(future) } : {}),
    ...(option ? { option: REF(option) } : {}),
    ...(index ? { index: REF(index) } : {}),
  };
}

/** The fixtures of the sandbox's seeded market on a trading day: what simulators over it price. */
export function sandboxFixtures(options: { start: number; seed: number }): HarnessFixtures {
  return chooseFixtures(generateUniverse({ asOf: options.start, seed: options.seed }));
}
