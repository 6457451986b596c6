import type { InstrumentRef, MarketDemand, StreamMode } from '@openalgo/core';

/** OpenAlgo's wire modes: 1 = LTP, 2 = Quote, 3 = Depth. Higher modes carry everything lower ones do. */
export type ModeNumber = 1 | 2 | 3;
export type ModeLabel = 'LTP' | 'Quote' | 'Depth';

export const DEFAULT_MODE: ModeNumber = 2;

export const MODE_LABELS: Readonly<Record<ModeNumber, ModeLabel>> = { 1: 'LTP', 2: 'Quote', 3: 'Depth' };

const STREAM_MODES: Readonly<Record<ModeNumber, StreamMode>> = { 1: 'ltp', 2: 'quote', 3: 'depth' };
const MODE_BY_STREAM_MODE: Readonly<Record<StreamMode, ModeNumber>> = { ltp: 1, quote: 2, depth: 3 };
const MODE_BY_UPPER_LABEL: Readonly<Record<string, ModeNumber>> = { LTP: 1, QUOTE: 2, DEPTH: 3 };

export function toStreamMode(mode: ModeNumber): StreamMode {
  return STREAM_MODES[mode];
}

export function modeOfStream(mode: StreamMode): ModeNumber {
  return MODE_BY_STREAM_MODE[mode];
}

/** A client's wish for one instrument on the shared market stream: its highest mode, or 0 to let go. */
export function demandAt(ref: InstrumentRef, mode: ModeNumber | 0): MarketDemand {
  return { ref, mode: mode === 0 ? 'none' : toStreamMode(mode) };
}

/** The richest of `modes`, or 0 for none. */
export function highestMode(modes: Iterable<ModeNumber>): ModeNumber | 0 {
  let best: ModeNumber | 0 = 0;
  for (const mode of modes) if (mode > best) best = mode;
  return best;
}

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
