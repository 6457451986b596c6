import type { Exchange } from '@openalgo/core';
import {
  crudeOilExpiry,
  lastWeekdayOfMonth,
  type MonthlyRule,
  THURSDAY,
  TUESDAY,
  usdInrExpiry,
} from './expiries.js';

/**
 * The futures and option chains the generated universe lists. Conventions (2025-26 exchange rules,
 * simplified): NSE contracts expire on Tuesdays (weekly NIFTY; monthly = last Tuesday), BSE on
 * Thursdays; BANKNIFTY has monthly options only (NSE dropped its weeklies in Nov 2024).
 */
export interface OptionChainSpec {
  /** Weekday (0 Sunday … 6 Saturday) and number of weekly expiries to list. */
  readonly weekly?: { readonly weekday: number; readonly count: number };
  /** Number of monthly expiries (under the family's monthly rule) to list. */
  readonly monthlyCount: number;
  readonly strikeStep: number;
  /** Strikes listed each side of the at-the-money strike. */
  readonly strikesEachSide: number;
}

export interface DerivativeFamily {
  /** Underlying name (the `name` column; the root the prices follow). */
  readonly name: string;
  readonly exchange: Exchange;
  readonly lotSize: number;
  readonly tickSize: number;
  readonly monthly: MonthlyRule;
  readonly futuresCount: number;
  readonly options?: OptionChainSpec;
}

const LAST_TUESDAY = lastWeekdayOfMonth(TUESDAY);
const LAST_THURSDAY = lastWeekdayOfMonth(THURSDAY);

export const DERIVATIVE_FAMILIES: readonly DerivativeFamily[] = [
  {
    name: 'NIFTY',
    exchange: 'NFO',
    lotSize: 75,
    tickSize: 0.05,
    monthly: LAST_TUESDAY,
    futuresCount: 3,
    options: { weekly: { weekday: TUESDAY, count: 4 }, monthlyCount: 3, strikeStep: 50, strikesEachSide: 20 },
  },
  {
    name: 'BANKNIFTY',
    exchange: 'NFO',
    lotSize: 30,
    tickSize: 0.05,
    monthly: LAST_TUESDAY,
    futuresCount: 3,
    options: { monthlyCount: 3, strikeStep: 100, strikesEachSide: 20 },
  },
  { name: 'SBIN', exchange: 'NFO', lotSize: 750, tickSize: 0.05, monthly: LAST_TUESDAY, futuresCount: 3 },
  { name: 'RELIANCE', exchange: 'NFO', lotSize: 500, tickSize: 0.05, monthly: LAST_TUESDAY, futuresCount: 3 },
  {
    name: 'SENSEX',
    exchange: 'BFO',
    lotSize: 20,
    tickSize: 0.05,
    monthly: LAST_THURSDAY,
    futuresCount: 3,
    options: {
      weekly: { weekday: THURSDAY, count: 4 },
      monthlyCount: 3,
      strikeStep: 100,
      strikesEachSide: 20,
    },
  },
  { name: 'CRUDEOIL', exchange: 'MCX', lotSize: 100, tickSize: 1, monthly: crudeOilExpiry, futuresCount: 3 },
  { name: 'CRUDEOILM', exchange: 'MCX', lotSize: 10, tickSize: 1, monthly: crudeOilExpiry, futuresCount: 3 },
  {
    name: 'USDINR',
    exchange: 'CDS',
    lotSize: 1000,
    tickSize: 0.0025,
    monthly: usdInrExpiry,
    futuresCount: 3,
    options: { monthlyCount: 2, strikeStep: 0.25, strikesEachSide: 4 },
  },
];
