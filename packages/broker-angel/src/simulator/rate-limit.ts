import type { Clock, RateLimitSpec } from '@openalgo/core';
import { SimulatorRateLimits } from '@openalgo/testkit/simulator';

/**
 * Angel's published limits per client code (docs/reference/brokers.md §2.7). Each endpoint has its own
 * bucket except place + modify + cancel, which share one.
 */
export const ANGEL_RATE_LIMITS: Readonly<Record<string, RateLimitSpec>> = {
  login: { perSecond: 1 },
  generateTokens: { perSecond: 1, perHour: 1000 },
  getProfile: { perSecond: 3, perHour: 1000 },
  logout: { perSecond: 1 },
  getRMS: { perSecond: 2 },
  orders: { perSecond: 9, perMinute: 500, perHour: 1000 },
  getOrderBook: { perSecond: 1 },
  getTradeBook: { perSecond: 1 },
  getPosition: { perSecond: 1 },
  getHolding: { perSecond: 1 },
  getAllHolding: { perSecond: 1 },
  getLtpData: { perSecond: 10, perMinute: 500, perHour: 5000 },
  quote: { perSecond: 10, perMinute: 500, perHour: 5000 },
  marginBatch: { perSecond: 10, perMinute: 500, perHour: 5000 },
  orderDetails: { perSecond: 10, perMinute: 500, perHour: 5000 },
  candles: { perSecond: 3, perMinute: 180, perHour: 5000 },
  oiData: { perSecond: 3, perMinute: 180, perHour: 5000 },
};

const BUCKET_OF: ReadonlyArray<readonly [RegExp, string]> = [
  [/\/user\/v1\/loginByPassword\/?$/, 'login'],
  [/\/jwt\/v1\/generateTokens\/?$/, 'generateTokens'],
  [/\/user\/v1\/getProfile\/?$/, 'getProfile'],
  [/\/user\/v1\/logout\/?$/, 'logout'],
  [/\/user\/v1\/getRMS\/?$/, 'getRMS'],
  [/\/order\/v1\/(placeOrder|modifyOrder|cancelOrder)\/?$/, 'orders'],
  [/\/order\/v1\/getOrderBook\/?$/, 'getOrderBook'],
  [/\/order\/v1\/getTradeBook\/?$/, 'getTradeBook'],
  [/\/order\/v1\/getPosition\/?$/, 'getPosition'],
  [/\/portfolio\/v1\/getHolding\/?$/, 'getHolding'],
  [/\/portfolio\/v1\/getAllHolding\/?$/, 'getAllHolding'],
  [/\/order\/v1\/getLtpData\/?$/, 'getLtpData'],
  [/\/market\/v1\/quote\/?$/, 'quote'],
  [/\/margin\/v1\/batch\/?$/, 'marginBatch'],
  [/\/order\/v1\/details\/[^/]+\/?$/, 'orderDetails'],
  [/\/historical\/v1\/getCandleData\/?$/, 'candles'],
  [/\/historical\/v1\/getOIData\/?$/, 'oiData'],
];

/** The bucket a request draws from; undefined for a route Angel publishes no limit for. */
export function bucketOf(path: string): string | undefined {
  for (const [pattern, bucket] of BUCKET_OF) if (pattern.test(path)) return bucket;
  return undefined;
}

/**
 * Angel's limits on the simulator clock, in sliding windows (the same windows the adapter paces
 * itself with) and no waiting: a request past a limit is refused at once with HTTP 403.
 */
export class AngelRateLimiter {
  private readonly limits: SimulatorRateLimits;

  constructor(clock: Clock) {
    this.limits = new SimulatorRateLimits(ANGEL_RATE_LIMITS, clock);
  }

  /** True when the request is within its limits (and counts it). */
  admit(path: string): boolean {
    return this.limits.refusal(bucketOf(path)) === 0;
  }
}
