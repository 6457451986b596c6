import { black76, normalCdf } from './black76-price.js';

/** One option's Black-76 inputs in the units traders quote them. */
export interface Black76Inputs {
  /** The forward (futures or synthetic-future) price. */
  forward: number;
  strike: number;
  /** Years to expiry (365-day years). */
  years: number;
  /** Annual continuously compounded rate as a decimal (0.065 for 6.5 %). */
  rate: number;
  /** Annual volatility as a decimal (0.15 for 15 %). */
  volatility: number;
  isCall: boolean;
}

/**
 * Sensitivities in OpenAlgo's units (those of py_vollib's `black.greeks.analytical`, which OpenAlgo's
 * opengreeks ports): theta per calendar day (÷365), vega and rho per one percentage point (×0.01),
 * and rho as Black-76 defines it, −T × premium, because the forward does not move with the rate.
 */
export interface Black76Greeks {
  delta: number;
  gamma: number;
  theta: number;
  vega: number;
  rho: number;
}

const INV_SQRT_2PI = 0.3989422804014327;

export function normalPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/** Premium of a European option on a forward. */
export function black76Price(inputs: Black76Inputs): number {
  const { forward, strike, years, rate, volatility, isCall } = inputs;
  const t = Math.max(0, years);
  return black76(forward, strike, volatility * Math.sqrt(t), Math.exp(-rate * t), isCall);
}

/**
 * Analytical Black-76 greeks. At expiry or zero volatility there is no diffusion left: delta is the
 * discounted ±1 of an in-the-money option (0 out of the money) and the other sensitivities are 0.
 */
export function black76Greeks(inputs: Black76Inputs): Black76Greeks {
  const { forward, strike, rate, volatility, isCall } = inputs;
  const t = Math.max(0, inputs.years);
  const discount = Math.exp(-rate * t);
  const sigmaSqrtT = volatility * Math.sqrt(t);
  if (sigmaSqrtT < 1e-9) {
    const inTheMoney = isCall ? forward > strike : strike > forward;
    const price = black76(forward, strike, 0, discount, isCall);
    return {
      delta: inTheMoney ? (isCall ? discount : -discount) : 0,
      gamma: 0,
      theta: (rate * price) / 365,
      vega: 0,
      rho: -t * price * 0.01,
    };
  }
  const d1 = (Math.log(forward / strike) + 0.5 * sigmaSqrtT * sigmaSqrtT) / sigmaSqrtT;
  const d2 = d1 - sigmaSqrtT;
  const pdfD1 = normalPdf(d1);
  const decay = (forward * discount * pdfD1 * volatility) / (2 * Math.sqrt(t));
  const theta = isCall
    ? -decay + rate * forward * discount * normalCdf(d1) - rate * strike * discount * normalCdf(d2)
    : -decay - rate * forward * discount * normalCdf(-d1) + rate * strike * discount * normalCdf(-d2);
  const price = black76(forward, strike, sigmaSqrtT, discount, isCall);
  return {
    delta: isCall ? discount * normalCdf(d1) : -discount * normalCdf(-d1),
    gamma: (discount * pdfD1) / (forward * sigmaSqrtT),
    theta: theta / 365,
    vega: forward * discount * pdfD1 * Math.sqrt(t) * 0.01,
    rho: -t * price * 0.01,
  };
}
