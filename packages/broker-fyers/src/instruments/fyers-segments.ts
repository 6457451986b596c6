import type { Exchange } from '@openalgo/core';

export interface Segment {
  /** Tradable exchange of the segment's rows (cash segments: indices move to `*_INDEX`). */
  exchange: Exchange;
  index?: Exchange;
  /** Instrument-type codes that are equities (OpenAlgo's transform keeps only these in cash). */
  equityTypes?: ReadonlySet<string>;
  derivatives: boolean;
}

/** fyToken prefix (exchange + segment, §3.5) → where its rows go in OpenAlgo terms (§3.8). */
export const SEGMENTS: ReadonlyMap<string, Segment> = new Map([
  [
    '1010',
    { exchange: 'NSE', index: 'NSE_INDEX', equityTypes: new Set(['0', '9', '2']), derivatives: false },
  ],
  [
    '1210',
    { exchange: 'BSE', index: 'BSE_INDEX', equityTypes: new Set(['0', '4', '50']), derivatives: false },
  ],
  ['1011', { exchange: 'NFO', derivatives: true }],
  ['1211', { exchange: 'BFO', derivatives: true }],
  ['1012', { exchange: 'CDS', derivatives: true }],
  ['1212', { exchange: 'BCD', derivatives: true }],
  ['1120', { exchange: 'MCX', index: 'MCX_INDEX', derivatives: true }],
  ['1020', { exchange: 'NCO', derivatives: true }],
] satisfies [string, Segment][]);
