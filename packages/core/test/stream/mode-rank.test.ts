import { describe, expect, it } from 'vitest';
import { highestRank, type ModeRank, modeAt, rankOf } from '../../src/stream/mode-rank.js';

describe('stream mode ranks', () => {
  it('orders the modes by richness, with none below them all', () => {
    expect(['none', 'ltp', 'quote', 'depth'].map((m) => rankOf(m as 'none'))).toEqual([0, 1, 2, 3]);
  });

  it('maps every rank back to its mode, 0 to none', () => {
    for (const rank of [0, 1, 2, 3] as ModeRank[]) expect(rankOf(modeAt(rank))).toBe(rank);
    expect(modeAt(0)).toBe('none');
    expect(modeAt(3)).toBe('depth');
  });

  it('picks the richest rank, 0 when there is none', () => {
    expect(highestRank([])).toBe(0);
    expect(highestRank(new Set<ModeRank>([1, 3, 2]))).toBe(3);
    expect(highestRank([0, 1])).toBe(1);
  });
});
