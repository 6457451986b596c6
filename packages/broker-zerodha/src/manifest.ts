import type { BrokerManifestInput } from '@openalgo/core';
import { CONTRACT_VERSION } from '@openalgo/core';

/** OpenAlgo interval → Kite's historical interval name. */
export const KITE_INTERVALS = {
  '1m': 'minute',
  '3m': '3minute',
  '5m': '5minute',
  '10m': '10minute',
  '15m': '15minute',
  '30m': '30minute',
  '1h': '60minute',
  D: 'day',
} as const;

export type KiteInterval = (typeof KITE_INTERVALS)[keyof typeof KITE_INTERVALS];

/**
 * Kite's published limits (docs/reference/brokers.md §1.7). Order calls draw from `orders` only, quote
 * calls from `quotes`, historical from `historical`, everything else from `default`.
 */
export const KITE_RATE_LIMITS = {
  quotes: { perSecond: 1 },
  historical: { perSecond: 3 },
  orders: { perSecond: 10, perMinute: 200 },
  default: { perSecond: 10 },
} as const;

export type KiteRateBucket = keyof typeof KITE_RATE_LIMITS;

export const ZERODHA_MANIFEST: BrokerManifestInput = {
  id: 'zerodha',
  name: 'Zerodha (Kite Connect)',
  contract: CONTRACT_VERSION,
  exchanges: [
    'NSE',
    'BSE',
    'NFO',
    'BFO',
    'CDS',
    'BCD',
    'MCX',
    'NSE_INDEX',
    'BSE_INDEX',
    'MCX_INDEX',
    'GLOBAL_INDEX',
  ],
  auth: 'redirect',
  credentials: [
    {
      name: 'apiKey',
      label: 'API key',
      secret: false,
      description: 'The api_key of your Kite Connect app (developers.kite.trade)',
    },
    {
      name: 'apiSecret',
      label: 'API secret',
      secret: true,
      description: 'The api_secret of the same app; used only to sign the login token exchange',
    },
  ],
  capabilities: {
    placeOrder: true,
    modifyOrder: true,
    cancelOrder: true,
    getOrders: true,
    getOrder: true,
    getTrades: true,
    getPositions: true,
    getHoldings: true,
    getFunds: true,
    getQuotes: true,
    getDepth: true,
    getHistory: true,
    downloadInstruments: true,
    marketStream: true,
    orderStream: true,
    getMargin: true,
    // Kite's native GTT book (/gtt/triggers): single and two-leg (OCO) triggers.
    placeGtt: true,
    modifyGtt: true,
    cancelGtt: true,
    getGtts: true,
  },
  priceTypes: ['MARKET', 'LIMIT', 'SL', 'SL-M'],
  products: ['CNC', 'NRML', 'MIS'],
  intervals: { ...KITE_INTERVALS },
  rateLimits: KITE_RATE_LIMITS,
  // Kite refuses each of these (the simulator as Kite does; the adapter refuses tick and lot before sending).
  orderRules: {
    tickSize: true,
    lotSize: true,
    circuitLimits: true,
    triggerSide: true,
    marketProtection: true,
  },
  homepage: 'https://kite.trade/docs/connect/v3/',
};
