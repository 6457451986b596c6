import type { ModeRank } from '@openalgo/core';

/**
 * OpenAlgo's wire modes: 1 = LTP, 2 = Quote, 3 = Depth — core's stream mode ranks (`rankOf`,
 * `modeAt`, `highestRank`). Higher modes carry everything lower ones do.
 */
export type ModeNumber = Exclude<ModeRank, 0>;
export type ModeLabel = 'LTP' | 'Quote' | 'Depth';

export const DEFAULT_MODE: ModeNumber = 2;

export const MODE_LABELS: Readonly<Record<ModeNumber, ModeLabel>> = { 1: 'LTP', 2: 'Quote', 3: 'Depth' };

const MODE_BY_UPPER_LABEL: Readonly<Record<string, ModeNumber>> = { LTP: 1, QUOTE: 2, DEPTH: 3 };

export type ModeParse = { ok: true; mode: ModeNumber } | { ok: false; message: string };

const INVALID_MODE_HINT =
  "expected 1 (LTP), 2 (Quote) or 3 (Depth), or 'LTP', 'Quote' or 'Depth' in any case";

/**
 * Accepts what OpenAlgo's `normalize_mode` accepts — 1/2/3 and the labels in any case, surrounding
 * whitespace ignored — plus the digits as strings ("2"), which some clients send. A missing or null
 * mode takes the default; anything else (booleans, 2.5, "FULL") is refused rather than guessed.
 */
export function parseMode(value: unknown, fallback: ModeNumber = DEFAULT_MODE): ModeParse {
  if (value === undefined || value === null) return { ok: true, mode: fallback };
  if (typeof value === 'number') {
    if (value === 1 || value === 2 || value === 3) return { ok: true, mode: value };
    return { ok: false, message: `Invalid mode ${value}: ${INVALID_MODE_HINT}` };
  }
  if (typeof value === 'string') {
    const upper = value.trim().toUpperCase();
    const byLabel = MODE_BY_UPPER_LABEL[upper];
    if (byLabel !== undefined) return { ok: true, mode: byLabel };
    if (upper === '1' || upper === '2' || upper === '3')
      return { ok: true, mode: Number(upper) as ModeNumber };
    return { ok: false, message: `Invalid mode ${JSON.stringify(value.slice(0, 32))}: ${INVALID_MODE_HINT}` };
  }
  return { ok: false, message: `Invalid mode of type ${typeof value}: ${INVALID_MODE_HINT}` };
}

export type DepthParse = { ok: true; depth: number } | { ok: false; message: string };

/**
 * Book levels for Depth mode: default 5 (every broker streams 5; some 20/30/50). Accepts a whole
 * number 1–50, or the same as a string.
 */
export function parseDepth(value: unknown, fallback: number, max: number): DepthParse {
  if (value === undefined || value === null) return { ok: true, depth: fallback };
  const depth = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof depth === 'number' && Number.isInteger(depth) && depth >= 1 && depth <= max) {
    return { ok: true, depth };
  }
  return {
    ok: false,
    message: `depth must be a whole number of book levels from 1 to ${max} (default ${fallback})`,
  };
}

/**
 * The modes one client holds of one instrument, as bits (bit m for mode m). A client holds a set per
 * instrument, so a `Set` each would cost a 100-symbol client some 20 KB; this costs a number.
 */
export class ModeSet implements Iterable<ModeNumber> {
  bits = 0;

  has(mode: ModeNumber): boolean {
    return (this.bits & (1 << mode)) !== 0;
  }

  add(mode: ModeNumber): void {
    this.bits |= 1 << mode;
  }

  delete(mode: ModeNumber): void {
    this.bits &= ~(1 << mode);
  }

  get size(): number {
    return ((this.bits >> 1) & 1) + ((this.bits >> 2) & 1) + ((this.bits >> 3) & 1);
  }

  /** The richest mode held, 0 for none. */
  get highest(): ModeNumber | 0 {
    return this.bits & 8 ? 3 : this.bits & 4 ? 2 : this.bits & 2 ? 1 : 0;
  }

  *[Symbol.iterator](): Iterator<ModeNumber> {
    for (const mode of [1, 2, 3] as const) if (this.has(mode)) yield mode;
  }
}
