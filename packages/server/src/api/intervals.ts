import { INTERVALS, type Interval } from '@openalgo/core';
import type { z } from 'zod';
import type { IntervalsResponse } from './schemas/data.js';

type IntervalGroups = z.output<typeof IntervalsResponse>['data'];

/** OpenAlgo's /intervals grouping; quarters and years are multiples of months, so they go there. */
function groupOf(interval: Interval): keyof IntervalGroups {
  if (interval.endsWith('s')) return 'seconds';
  if (interval.endsWith('m')) return 'minutes';
  if (interval.endsWith('h')) return 'hours';
  if (interval === 'D') return 'days';
  if (interval === 'W') return 'weeks';
  return 'months';
}

/** The broker's served intervals, grouped and in ascending order (INTERVALS is already sorted). */
export function groupIntervals(served: Readonly<Partial<Record<Interval, string>>>): IntervalGroups {
  const groups: IntervalGroups = { seconds: [], minutes: [], hours: [], days: [], weeks: [], months: [] };
  for (const interval of INTERVALS) {
    if (served[interval] !== undefined) groups[groupOf(interval)].push(interval);
  }
  return groups;
}
