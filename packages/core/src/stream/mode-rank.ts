import type { StreamMode } from '../model/market.js';

/**
 * Stream modes ordered by richness (a richer mode carries everything a poorer one does); 0 is none.
 * The ranks are OpenAlgo's wire modes too: 1 = LTP, 2 = Quote, 3 = Depth.
 */
export type ModeRank = 0 | 1 | 2 | 3;

const RANKS: Readonly<Record<StreamMode, Exclude<ModeRank, 0>>> = { ltp: 1, quote: 2, depth: 3 };
const MODES: readonly (StreamMode | 'none')[] = ['none', 'ltp', 'quote', 'depth'];

export function rankOf(mode: StreamMode): Exclude<ModeRank, 0>;
export function rankOf(mode: StreamMode | 'none'): ModeRank;
export function rankOf(mode: StreamMode | 'none'): ModeRank {
  return mode === 'none' ? 0 : RANKS[mode];
}

/** The mode of a rank; rank 0 is `none` (a demand that lets go). */
export function modeAt(rank: Exclude<ModeRank, 0>): StreamMode;
export function modeAt(rank: ModeRank): StreamMode | 'none';
export function modeAt(rank: ModeRank): StreamMode | 'none' {
  return MODES[rank] as StreamMode | 'none';
}

/** The richest of `ranks`, or 0 for none. */
export function highestRank(ranks: Iterable<ModeRank>): ModeRank {
  let best: ModeRank = 0;
  for (const rank of ranks) if (rank > best) best = rank;
  return best;
}
