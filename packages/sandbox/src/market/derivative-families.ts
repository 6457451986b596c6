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
 * The futures and option chains the generated universe lists, after the exchanges' rules as of
 * 2025-26 (simplified: holidays do not move an expiry):
 * - Expiry weekday: NSE contracts expire on Tuesday, BSE contracts on Thursday, for every contract
 *   expiring on or after 1 Sep 2025 (SEBI's May 2025 circular allowing only Tuesday or Thursday; the
 *   NSE and BSE circulars of 16 Jun 2025 picking them; before that NSE expired on Thursday and BSE on
 *   Tuesday). Monthly contracts expire on the last such weekday of the month.
 * - Weeklies: one benchmark index per exchange since 20 Nov 2024 (SEBI circular
 *   SEBI/HO/MRD/TPD-1/P/CIR/2024/132 of 1 Oct 2024): NSE kept NIFTY and dropped the BANKNIFTY,
 *   FINNIFTY and MIDCPNIFTY weeklies (last ones expired 13–19 Nov 2024); BSE kept SENSEX and dropped
 *   the BANKEX weeklies (from 18 Nov 2024) and SENSEX50's.
 * - Lot sizes: NSE circular NSE/FAOP/70616 (Oct 2025), for contracts from 30 Dec 2025 (the Jan 2026
 *   monthly on): NIFTY 65, BANKNIFTY 30, FINNIFTY 60, MIDCPNIFTY 120; BSE's Nov 2024 revision:
 *   SENSEX 20, BANKEX 30.
 * - Strike intervals near the money: NIFTY 50, BANKNIFTY 100, FINNIFTY 50, MIDCPNIFTY 25, SENSEX 100,
 *   BANKEX 100.
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

/** How many of each expiry the universe lists: enough for near/next/far, few enough to start fast. */
const FUTURES_LISTED = 3;
const MONTHLIES_LISTED = 3;
const WEEKLIES_LISTED = 4;
/**
 * ±30 strikes: 750 points either side for MIDCPNIFTY up to 3,000 for the 100-point indices, where most
 * of a day's trading is; it also keeps each BFO index chain realistically large (broker simulators
 * fill their masters around these rows and need a full BSE F&O segment).
 */
const STRIKES_EACH_SIDE = 30;

/** An index's futures and options: monthly always, weekly on the exchange's one weekly index. */
function indexFamily(
  name: string,
  exchange: 'NFO' | 'BFO',
  lotSize: number,
  strikeStep: number,
  weeklies: boolean,
): DerivativeFamily {
  const weekday = exchange === 'NFO' ? TUESDAY : THURSDAY;
  return {
    name,
    exchange,
    lotSize,
    tickSize: 0.05,
    monthly: lastWeekdayOfMonth(weekday),
    futuresCount: FUTURES_LISTED,
    options: {
      ...(weeklies ? { weekly: { weekday, count: WEEKLIES_LISTED } } : {}),
      monthlyCount: MONTHLIES_LISTED,
      strikeStep,
      strikesEachSide: STRIKES_EACH_SIDE,
    },
  };
}

const LAST_TUESDAY = lastWeekdayOfMonth(TUESDAY);

/**
 * In listing order. Broker simulators fill small test masters from the front of the universe, so the
 * families listed before 2026 come first and the chains added since (FINNIFTY, MIDCPNIFTY, BANKEX)
 * last: a small master still holds the equities, NIFTY, SENSEX, MCX and CDS rows its tests use.
 */
export const DERIVATIVE_FAMILIES: readonly DerivativeFamily[] = [
  indexFamily('NIFTY', 'NFO', 65, 50, true),
  indexFamily('BANKNIFTY', 'NFO', 30, 100, false),
  { name: 'SBIN', exchange: 'NFO', lotSize: 750, tickSize: 0.05, monthly: LAST_TUESDAY, futuresCount: 3 },
  { name: 'RELIANCE', exchange: 'NFO', lotSize: 500, tickSize: 0.05, monthly: LAST_TUESDAY, futuresCount: 3 },
  indexFamily('SENSEX', 'BFO', 20, 100, true),
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
  indexFamily('FINNIFTY', 'NFO', 60, 50, false),
  indexFamily('MIDCPNIFTY', 'NFO', 120, 25, false),
  indexFamily('BANKEX', 'BFO', 30, 100, false),
];
