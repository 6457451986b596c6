import { normalPdf } from './black76-greeks.js';
import { black76 } from './black76-price.js';

export interface ImpliedVolatilityInputs {
  /** The option's market premium. */
  price: number;
  forward: number;
  strike: number;
  years: number;
  /** Annual rate as a decimal. */
  rate: number;
  isCall: boolean;
}

/**
 * The volatility, or why there is none: a premium at or below the discounted intrinsic value has no
 * time value to invert; one at or above the discounted forward (call) or strike (put) exceeds what
 * any volatility gives; an expired option or bad inputs have no volatility either.
 */
export type ImpliedVolatilityResult =
  | { ok: true; volatility: number; iterations: number }
  | {
      ok: false;
      reason: 'below-intrinsic' | 'above-maximum' | 'expired' | 'invalid-input' | 'no-convergence';
      message: string;
    };

/** Volatilities searched, as decimals: 1e-6 % to 2000 %. Nothing traded lies outside. */
const MIN_VOL = 1e-8;
const MAX_VOL = 20;
const MAX_ITERATIONS = 200;

function failure(
  reason: Exclude<ImpliedVolatilityResult, { ok: true }>['reason'],
  message: string,
): ImpliedVolatilityResult {
  return { ok: false, reason, message };
}

/**
 * Black-76 implied volatility by a safeguarded Newton iteration inside a bracket that always holds the
 * root: the premium rises strictly with volatility, so each evaluation narrows [low, high], and a
 * Newton step that would leave the bracket (or a vega too small to trust, deep in the wings) is
 * replaced by bisection. It therefore always converges for an attainable premium, in a handful of
 * steps near the money and at worst at bisection speed.
 */
export function impliedVolatility(inputs: ImpliedVolatilityInputs): ImpliedVolatilityResult {
  const { price, forward, strike, years, rate, isCall } = inputs;
  if (
    ![price, forward, strike, years, rate].every(Number.isFinite) ||
    forward <= 0 ||
    strike <= 0 ||
    price < 0
  ) {
    return failure(
      'invalid-input',
      'price, forward, strike, years and rate must be finite; forward and strike above 0',
    );
  }
  if (years <= 0) return failure('expired', 'the option has no time to expiry left');
  const discount = Math.exp(-rate * years);
  const sqrtT = Math.sqrt(years);
  const premium = (sigma: number) => black76(forward, strike, sigma * sqrtT, discount, isCall);
  const intrinsic = discount * Math.max(0, isCall ? forward - strike : strike - forward);
  const ceiling = discount * (isCall ? forward : strike);
  const tolerance = 1e-12 * Math.max(1, price);
  if (price - intrinsic <= tolerance) {
    return failure(
      'below-intrinsic',
      `premium ${price} is at or below the intrinsic value ${intrinsic}: no time value to imply a volatility from`,
    );
  }
  if (price >= ceiling) {
    return failure(
      'above-maximum',
      `premium ${price} is at or above the most any volatility gives (${ceiling})`,
    );
  }
  let low = MIN_VOL;
  let high = MAX_VOL;
  if (premium(high) < price) {
    return failure('no-convergence', `premium ${price} needs a volatility above ${MAX_VOL * 100}%`);
  }
  // Start at the Brenner–Subrahmanyam at-the-money estimate, clamped into the bracket.
  let sigma = Math.min(
    high / 2,
    Math.max(low * 2, (Math.sqrt(2 * Math.PI) * price) / (discount * forward * sqrtT)),
  );
  for (let i = 1; i <= MAX_ITERATIONS; i++) {
    const diff = premium(sigma) - price;
    if (Math.abs(diff) <= tolerance) return { ok: true, volatility: sigma, iterations: i };
    if (diff > 0) high = sigma;
    else low = sigma;
    if (high - low <= 1e-15 * high) return { ok: true, volatility: sigma, iterations: i };
    const d1 = (Math.log(forward / strike) + 0.5 * sigma * sigma * years) / (sigma * sqrtT);
    const vega = forward * discount * normalPdf(d1) * sqrtT;
    const newton = sigma - diff / vega;
    sigma = vega > 1e-300 && newton > low && newton < high ? newton : 0.5 * (low + high);
  }
  return failure(
    'no-convergence',
    `no volatility reproduced premium ${price} within ${MAX_ITERATIONS} steps`,
  );
}
