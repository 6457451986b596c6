import { previousTradingDay } from './calendar.js';
import type { RootProfile } from './catalogue.js';
import { combine, hashString, Mulberry32, signedFromHash } from './random.js';

/**
 * One underlying's price over time, in two layers so that any instant costs bounded work:
 * - a day layer: each trading day's close is a smooth multi-scale noise of the day number (days,
 *   weeks, months, years), so a close needs a few hashes, not a replay from the epoch; the walk stays
 *   within roughly ±30 % of the catalogue level forever;
 * - a step layer: within a session, a random walk in steps of the market's tick interval, pinned as a
 *   Brownian bridge from the day's open (previous close plus a small gap) to the day's close.
 * The step layer of a day is generated once and cached (only the last few days are kept).
 */
export interface DayPath {
  readonly day: number;
  /** Root price at each step of the session (unrounded); the last entry is exactly the day's close. */
  readonly prices: Float64Array;
  /** Fraction of the day's volume traded by the end of each step; rises to exactly 1. */
  readonly volumeShare: Float64Array;
  /** Running high and low of `prices` from the session open, filled on first use. */
  prefixHigh: Float64Array | undefined;
  prefixLow: Float64Array | undefined;
}

export interface DayRange {
  readonly high: number;
  readonly low: number;
}

/** (period in days, weight in daily vols): day-to-day noise plus slow swings over weeks, months, years. */
const OCTAVES: readonly (readonly [number, number])[] = [
  [1, 1],
  [10, 3],
  [60, 7],
  [400, 15],
];
const OPENING_GAP = 0.3;
const INTRADAY_VOL = 0.8;
const RECENT_PATHS = 2;
const MAX_RANGES = 20_000;
const VOLUME_STREAM = 0x5bd1e995;
const MULBERRY_INCREMENT = 0x6d2b79f5;

export class RootSeries {
  readonly hash: number;
  private readonly recent: DayPath[] = [];
  private readonly ranges = new Map<number, DayRange>();

  constructor(
    readonly profile: RootProfile,
    marketSeed: number,
    /** Steps per session: session length / tick interval. */
    readonly steps: number,
  ) {
    this.hash = combine(marketSeed, hashString(profile.name));
  }

  /** The day's closing price (also the last step of its path). */
  closeOf(day: number): number {
    let level = 0;
    for (let octave = 0; octave < OCTAVES.length; octave++) {
      const [period, weight] = OCTAVES[octave] as readonly [number, number];
      const knot = Math.floor(day / period);
      const frac = (day - knot * period) / period;
      const octaveHash = combine(this.hash, octave);
      const a = signedFromHash(combine(octaveHash, knot));
      const b = signedFromHash(combine(octaveHash, knot + 1));
      const smooth = frac * frac * (3 - 2 * frac);
      level += weight * (a + (b - a) * smooth);
    }
    return this.profile.basePrice * Math.exp(level * this.profile.dailyVol);
  }

  /** The day's opening price: the previous close plus a small seeded gap (also the path's first step). */
  openOf(day: number): number {
    const gap = new Mulberry32(combine(this.hash, day)).nextSigned();
    return this.closeOf(previousTradingDay(day)) * (1 + gap * OPENING_GAP * this.profile.dailyVol);
  }

  path(day: number): DayPath {
    for (const p of this.recent) if (p.day === day) return p;
    const built = this.build(day);
    this.recent.unshift(built);
    if (this.recent.length > RECENT_PATHS) this.recent.pop();
    return built;
  }

  /** Path with its running high/low filled (what a snapshot needs). */
  pathWithExtremes(day: number): DayPath {
    const path = this.path(day);
    if (!path.prefixHigh || !path.prefixLow) {
      const n = path.prices.length;
      const high = new Float64Array(n);
      const low = new Float64Array(n);
      let hi = -Infinity;
      let lo = Infinity;
      for (let i = 0; i < n; i++) {
        const p = path.prices[i] as number;
        if (p > hi) hi = p;
        if (p < lo) lo = p;
        high[i] = hi;
        low[i] = lo;
      }
      path.prefixHigh = high;
      path.prefixLow = low;
    }
    return path;
  }

  /** The whole session's high and low, remembered so long daily histories stay cheap. */
  dayRange(day: number): DayRange {
    const cached = this.ranges.get(day);
    if (cached) return cached;
    const recent = this.recent.find((p) => p.day === day);
    const range = recent ? rangeOf(recent.prices) : this.walk(day, scratchFor(this.steps));
    if (this.ranges.size >= MAX_RANGES) this.ranges.clear();
    this.ranges.set(day, range);
    return range;
  }

  private build(day: number): DayPath {
    const n = this.steps;
    const prices = new Float64Array(n);
    this.walk(day, prices);
    // Volume has its own generator, so the price walk (and dayRange) never has to draw it.
    const volumeShare = new Float64Array(n);
    let state = combine(this.hash ^ VOLUME_STREAM, day) | 0;
    let volume = 0;
    for (let i = 0; i < n; i++) {
      state = (state + MULBERRY_INCREMENT) | 0;
      let t = Math.imul(state ^ (state >>> 15), state | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      const draw = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      // Volume is heavier at the open and the close (the intraday "U").
      const fromMiddle = (2 * i) / n - 1;
      volume += (0.4 + 1.2 * draw) * (1 + 2 * fromMiddle * fromMiddle);
      volumeShare[i] = volume;
    }
    const scale = 1 / volume;
    for (let i = 0; i < n; i++) volumeShare[i] = (volumeShare[i] as number) * scale;
    volumeShare[n - 1] = 1;
    return { day, prices, volumeShare, prefixHigh: undefined, prefixLow: undefined };
  }

  /** Fills `prices` with the day's steps and returns their range. */
  private walk(day: number, prices: Float64Array): DayRange {
    const n = this.steps;
    const open = this.openOf(day);
    const close = this.closeOf(day);
    // Uniform(-1, 1) has variance 1/3; √3 makes each step's variance exactly σ²/n.
    const stepScale = open * this.profile.dailyVol * INTRADAY_VOL * Math.sqrt(3 / n);
    // Mulberry32 inlined on a local (this is the hot loop of every history request): the same
    // generator openOf drew the gap from, continuing after that first draw.
    let state = (combine(this.hash, day) + MULBERRY_INCREMENT) | 0;
    let walk = 0;
    prices[0] = 0;
    for (let i = 1; i < n; i++) {
      state = (state + MULBERRY_INCREMENT) | 0;
      let t = Math.imul(state ^ (state >>> 15), state | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      walk += (((t ^ (t >>> 14)) >>> 0) / 2147483648 - 1) * stepScale;
      prices[i] = walk;
    }
    const drift = n > 1 ? (walk - (close - open)) / (n - 1) : 0;
    const floor = open * 0.05;
    let high = -Infinity;
    let low = Infinity;
    for (let i = 0; i < n; i++) {
      // Exact endpoints, so the next day's previous close is this path's last step to the last bit.
      const p = i === n - 1 ? close : Math.max(floor, open + (prices[i] as number) - drift * i);
      prices[i] = p;
      if (p > high) high = p;
      if (p < low) low = p;
    }
    return { high, low };
  }
}

function rangeOf(prices: Float64Array): DayRange {
  let high = -Infinity;
  let low = Infinity;
  for (let i = 0; i < prices.length; i++) {
    const p = prices[i] as number;
    if (p > high) high = p;
    if (p < low) low = p;
  }
  return { high, low };
}

/** dayRange's working buffer: one per session length, reused, so long daily histories allocate nothing. */
const scratch = new Map<number, Float64Array>();
function scratchFor(steps: number): Float64Array {
  let buffer = scratch.get(steps);
  if (!buffer) {
    buffer = new Float64Array(steps);
    scratch.set(steps, buffer);
  }
  return buffer;
}
