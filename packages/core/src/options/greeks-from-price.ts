import { InvalidRequestError } from '../errors/openalgo-error.js';
import { type Black76Greeks, black76Greeks } from './black76-greeks.js';
import { impliedVolatility } from './implied-volatility.js';

export interface MarketGreeksInputs {
  /** The option's traded price. */
  optionPrice: number;
  /** Black-76 forward: the synthetic future, or the spot where none can be formed. */
  forward: number;
  strike: number;
  years: number;
  /** Annual rate in percent, as clients send it (6.5 for 6.5 %). */
  ratePercent: number;
  isCall: boolean;
}

/**
 * Greeks implied by a traded premium. `theoretical` marks OpenAlgo's fallback for a premium with no
 * time value to invert (at or below intrinsic, or an in-the-money premium less than 0.01 above it),
 * or whose volatility cannot be solved: IV 0, delta ±1 in the money (0 out of it), the rest 0.
 */
export interface MarketGreeks extends Black76Greeks {
  /** Implied volatility in percent (15.2 for 15.2 %), 0 when theoretical. */
  impliedVolatility: number;
  intrinsicValue: number;
  timeValue: number;
  theoretical: boolean;
  /** Why the greeks are theoretical. */
  note?: string;
}

export function checkInterestRate(ratePercent: number, field = 'interest_rate'): number {
  if (Number.isFinite(ratePercent) && ratePercent >= 0 && ratePercent <= 100) return ratePercent;
  throw new InvalidRequestError(
    `Invalid ${field} ${String(ratePercent)}: must be a percentage from 0 to 100`,
    {
      field,
      details: { [field]: ratePercent },
    },
  );
}

/** Implied volatility and greeks of one option from its price, with OpenAlgo's no-time-value rule. */
export function greeksFromPrice(inputs: MarketGreeksInputs): MarketGreeks {
  const { optionPrice, forward, strike, years, ratePercent, isCall } = inputs;
  // OpenAlgo compares against the undiscounted intrinsic value (forward − strike), so this does too.
  const intrinsicValue = Math.max(0, isCall ? forward - strike : strike - forward);
  const timeValue = optionPrice - intrinsicValue;
  const theoretical = (note: string): MarketGreeks => ({
    impliedVolatility: 0,
    delta: intrinsicValue > 0 ? (isCall ? 1 : -1) : 0,
    gamma: 0,
    theta: 0,
    vega: 0,
    rho: 0,
    intrinsicValue,
    timeValue: Math.max(0, timeValue),
    theoretical: true,
    note,
  });
  if (timeValue <= 0 || (intrinsicValue > 0 && timeValue < 0.01)) {
    return theoretical('Deep ITM option with no time value - theoretical Greeks returned');
  }
  const rate = ratePercent / 100;
  const solved = impliedVolatility({ price: optionPrice, forward, strike, years, rate, isCall });
  if (!solved.ok) {
    return theoretical(`IV calculation not possible (${solved.message}) - theoretical Greeks returned`);
  }
  const greeks = black76Greeks({ forward, strike, years, rate, volatility: solved.volatility, isCall });
  return {
    ...greeks,
    impliedVolatility: solved.volatility * 100,
    intrinsicValue,
    timeValue,
    theoretical: false,
  };
}
