/**
 * Black-76: options on a forward. Indian F&O (NFO, BFO, MCX, CDS) is priced this way, OpenAlgo's
 * greeks use it, and the sandbox's synthetic market prices its options with it (the forward is the
 * underlying times its carry). Prices must be monotone in the forward to the last few bits, because a
 * sandbox candle's high is computed as the option price at the underlying's extreme, and implied
 * volatility inverts them; so the normal CDF is Hart's double-precision approximation (W. J. West,
 * "Better approximations to cumulative normal functions", 2005), not a 7-digit textbook shortcut.
 */
export function normalCdf(x: number): number {
  const z = Math.abs(x);
  let tail: number;
  if (z > 37) {
    tail = 0;
  } else {
    const e = Math.exp((-z * z) / 2);
    if (z < 7.07106781186547) {
      let n = 3.52624965998911e-2 * z + 0.700383064443688;
      n = n * z + 6.37396220353165;
      n = n * z + 33.912866078383;
      n = n * z + 112.079291497871;
      n = n * z + 221.213596169931;
      n = n * z + 220.206867912376;
      let d = 8.83883476483184e-2 * z + 1.75566716318264;
      d = d * z + 16.064177579207;
      d = d * z + 86.7807322029461;
      d = d * z + 296.564248779674;
      d = d * z + 637.333633378831;
      d = d * z + 793.826512519948;
      d = d * z + 440.413735824752;
      tail = (e * n) / d;
    } else {
      let d = z + 0.65;
      d = z + 4 / d;
      d = z + 3 / d;
      d = z + 2 / d;
      d = z + 1 / d;
      tail = e / d / 2.506628274631;
    }
  }
  return x > 0 ? 1 - tail : tail;
}

/**
 * Premium of a European option on a forward. `sigmaSqrtT` = volatility × √(years to expiry);
 * `discount` = e^(−r·T). At (or past) expiry it is the discounted intrinsic value.
 */
export function black76(
  forward: number,
  strike: number,
  sigmaSqrtT: number,
  discount: number,
  isCall: boolean,
): number {
  if (sigmaSqrtT < 1e-9) {
    return discount * Math.max(0, isCall ? forward - strike : strike - forward);
  }
  const d1 = (Math.log(forward / strike) + 0.5 * sigmaSqrtT * sigmaSqrtT) / sigmaSqrtT;
  const d2 = d1 - sigmaSqrtT;
  const value = isCall
    ? forward * normalCdf(d1) - strike * normalCdf(d2)
    : strike * normalCdf(-d2) - forward * normalCdf(-d1);
  return Math.max(0, discount * value);
}
