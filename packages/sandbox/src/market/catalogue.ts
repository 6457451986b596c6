import { COMMODITY_SESSION, CURRENCY_SESSION, EQUITY_SESSION, type Session } from './calendar.js';
import { hashString, unitFromHash } from './random.js';

/**
 * What the synthetic market knows about each underlying: a plausible price level (INR, late 2025),
 * how much it moves, and how it trades. Prices wander around these levels (bounded, seeded), so the
 * numbers only need to look right, not be current.
 */
export interface RootProfile {
  readonly kind: 'equity' | 'index' | 'commodity' | 'currency';
  /** Underlying name; instruments on the same root (NSE and BSE listings, futures, options) move together. */
  readonly name: string;
  readonly session: Session;
  readonly basePrice: number;
  /** Typical close-to-close move as a fraction (0.01 = 1 %). */
  readonly dailyVol: number;
  /** Volatility the option model prices with. */
  readonly impliedVol: number;
  /** Annual cost of carry: future = spot × e^(carry × T). */
  readonly carryRate: number;
  /** Units the cash instrument trades per day (0 for indices and hidden underlyings). */
  readonly dailyVolume: number;
  /** Best-level depth in units for the cash instrument; small for the "thin" names. */
  readonly levelQuantity: number;
}

export interface EquitySpec {
  readonly symbol: string;
  readonly basePrice: number;
  /** High-priced, lightly traded names: a few shares at each depth level. */
  readonly thin?: boolean;
}

export const EQUITIES: readonly EquitySpec[] = [
  { symbol: 'SBIN', basePrice: 800 },
  { symbol: 'RELIANCE', basePrice: 1400 },
  { symbol: 'INFY', basePrice: 1550 },
  { symbol: 'TCS', basePrice: 3300 },
  { symbol: 'HDFCBANK', basePrice: 1000 },
  { symbol: 'ICICIBANK', basePrice: 1400 },
  { symbol: 'KOTAKBANK', basePrice: 2100 },
  { symbol: 'AXISBANK', basePrice: 1150 },
  { symbol: 'INDUSINDBK', basePrice: 800 },
  { symbol: 'ITC', basePrice: 410 },
  { symbol: 'HINDUNILVR', basePrice: 2450 },
  { symbol: 'LT', basePrice: 3800 },
  { symbol: 'BHARTIARTL', basePrice: 2000 },
  { symbol: 'ASIANPAINT', basePrice: 2400 },
  { symbol: 'MARUTI', basePrice: 15000, thin: true },
  { symbol: 'M&M', basePrice: 3500 },
  { symbol: 'BAJAJ-AUTO', basePrice: 8800, thin: true },
  { symbol: 'BAJFINANCE', basePrice: 1000 },
  { symbol: 'BAJAJFINSV', basePrice: 2000 },
  { symbol: 'TATASTEEL', basePrice: 170 },
  { symbol: 'WIPRO', basePrice: 250 },
  { symbol: 'HCLTECH', basePrice: 1500 },
  { symbol: 'TECHM', basePrice: 1450 },
  { symbol: 'SUNPHARMA', basePrice: 1700 },
  { symbol: 'DRREDDY', basePrice: 1250 },
  { symbol: 'CIPLA', basePrice: 1500 },
  { symbol: 'TITAN', basePrice: 3600 },
  { symbol: 'ULTRACEMCO', basePrice: 12000, thin: true },
  { symbol: 'NESTLEIND', basePrice: 1250, thin: true },
  { symbol: 'POWERGRID', basePrice: 290 },
  { symbol: 'NTPC', basePrice: 340 },
  { symbol: 'ONGC', basePrice: 240 },
  { symbol: 'COALINDIA', basePrice: 390 },
  { symbol: 'ADANIENT', basePrice: 2400 },
  { symbol: 'ADANIPORTS', basePrice: 1450 },
  { symbol: 'JSWSTEEL', basePrice: 1150 },
  { symbol: 'HINDALCO', basePrice: 800 },
  { symbol: 'GRASIM', basePrice: 2800 },
  { symbol: 'HEROMOTOCO', basePrice: 5500, thin: true },
  { symbol: 'EICHERMOT', basePrice: 7000, thin: true },
  { symbol: 'BPCL', basePrice: 340 },
  { symbol: 'SBILIFE', basePrice: 1900 },
  { symbol: 'HDFCLIFE', basePrice: 770 },
  { symbol: 'BRITANNIA', basePrice: 5900, thin: true },
  { symbol: 'APOLLOHOSP', basePrice: 7500, thin: true },
  { symbol: 'YESBANK', basePrice: 22 },
];

export interface IndexSpec {
  readonly symbol: string;
  readonly exchange: 'NSE_INDEX' | 'BSE_INDEX';
  readonly basePrice: number;
  readonly dailyVol: number;
  readonly impliedVol: number;
}

export const INDICES: readonly IndexSpec[] = [
  { symbol: 'NIFTY', exchange: 'NSE_INDEX', basePrice: 25000, dailyVol: 0.008, impliedVol: 0.12 },
  { symbol: 'BANKNIFTY', exchange: 'NSE_INDEX', basePrice: 56000, dailyVol: 0.01, impliedVol: 0.14 },
  { symbol: 'FINNIFTY', exchange: 'NSE_INDEX', basePrice: 26000, dailyVol: 0.009, impliedVol: 0.13 },
  { symbol: 'MIDCPNIFTY', exchange: 'NSE_INDEX', basePrice: 13000, dailyVol: 0.011, impliedVol: 0.16 },
  { symbol: 'SENSEX', exchange: 'BSE_INDEX', basePrice: 82000, dailyVol: 0.008, impliedVol: 0.12 },
  { symbol: 'BANKEX', exchange: 'BSE_INDEX', basePrice: 62000, dailyVol: 0.01, impliedVol: 0.14 },
];

/** Underlyings that are not themselves instruments: only their futures and options trade. */
const HIDDEN_ROOTS: readonly RootProfile[] = [
  {
    kind: 'commodity',
    name: 'CRUDEOIL',
    session: COMMODITY_SESSION,
    basePrice: 5800,
    dailyVol: 0.02,
    impliedVol: 0.35,
    carryRate: 0.04,
    dailyVolume: 0,
    levelQuantity: 0,
  },
  {
    kind: 'currency',
    name: 'USDINR',
    session: CURRENCY_SESSION,
    basePrice: 88,
    dailyVol: 0.0025,
    impliedVol: 0.04,
    carryRate: 0.02,
    dailyVolume: 0,
    levelQuantity: 0,
  },
];

/** The mini contract trades on the big one's price. */
const ROOT_ALIASES: Readonly<Record<string, string>> = { CRUDEOILM: 'CRUDEOIL' };

const EQUITY_CARRY = 0.07;

function equityProfile(spec: EquitySpec): RootProfile {
  // Turnover in rupees is similar across liquid names, so share volume scales inversely with price.
  const turnover = spec.thin ? 3e8 : 6e9;
  return {
    kind: 'equity',
    name: spec.symbol,
    session: EQUITY_SESSION,
    basePrice: spec.basePrice,
    dailyVol: 0.016,
    impliedVol: 0.25,
    carryRate: EQUITY_CARRY,
    dailyVolume: Math.round(turnover / spec.basePrice),
    levelQuantity: spec.thin ? 8 : Math.max(50, Math.round(3e6 / spec.basePrice)),
  };
}

function indexProfile(spec: IndexSpec): RootProfile {
  return {
    kind: 'index',
    name: spec.symbol,
    session: EQUITY_SESSION,
    basePrice: spec.basePrice,
    dailyVol: spec.dailyVol,
    impliedVol: spec.impliedVol,
    carryRate: EQUITY_CARRY,
    dailyVolume: 0,
    levelQuantity: 0,
  };
}

const KNOWN_ROOTS: ReadonlyMap<string, RootProfile> = new Map(
  [...EQUITIES.map(equityProfile), ...INDICES.map(indexProfile), ...HIDDEN_ROOTS].map((p) => [p.name, p]),
);

export function canonicalRootName(name: string): string {
  return ROOT_ALIASES[name] ?? name;
}

/**
 * The profile for an underlying. A name the catalogue does not know (a custom universe) still gets
 * a deterministic one: a price level between 50 and 5,000 picked from the name's hash.
 */
export function rootProfile(name: string, fallbackSession: Session): RootProfile {
  const canonical = canonicalRootName(name);
  const known = KNOWN_ROOTS.get(canonical);
  if (known) return known;
  const basePrice = Math.round(50 * 100 ** unitFromHash(hashString(canonical)));
  return {
    kind: fallbackSession.name === 'equity' ? 'equity' : fallbackSession.name,
    name: canonical,
    session: fallbackSession,
    basePrice,
    dailyVol: 0.015,
    impliedVol: 0.25,
    carryRate: EQUITY_CARRY,
    dailyVolume: Math.round(1e9 / basePrice),
    levelQuantity: Math.max(10, Math.round(5e5 / basePrice)),
  };
}
