import type { BrokerManifestInput } from '@openalgo/core';
import { CONTRACT_VERSION } from '@openalgo/core';

/** OpenAlgo interval → SmartAPI's candle interval (brokers.md §2.4, §2.8). */
export const ANGEL_INTERVALS = {
  '1m': 'ONE_MINUTE',
  '3m': 'THREE_MINUTE',
  '5m': 'FIVE_MINUTE',
  '10m': 'TEN_MINUTE',
  '15m': 'FIFTEEN_MINUTE',
  '30m': 'THIRTY_MINUTE',
  '1h': 'ONE_HOUR',
  D: 'ONE_DAY',
} as const;

export type AngelInterval = (typeof ANGEL_INTERVALS)[keyof typeof ANGEL_INTERVALS];

/** A read endpoint's windows on the docs' "Rate Limit" page: 10/s, 500/min, 5000/h. */
const MARKET_READ = { perSecond: 10, perMinute: 500, perHour: 5000 } as const;

/**
 * SmartAPI's published limits per client code (brokers.md §2.7), one bucket per row of the table.
 * Every endpoint draws from its own bucket only; place, modify and cancel share `orders` because Angel
 * counts them together. Where the docs conflict (the quote page's "1 request per second") the rate
 * table is followed: Angel answers an excess with a plain-text 403, which maps to RATE_LIMITED.
 */
export const ANGEL_RATE_LIMITS = {
  login: { perSecond: 1 },
  tokens: { perSecond: 1, perHour: 1000 },
  profile: { perSecond: 3, perHour: 1000 },
  logout: { perSecond: 1 },
  funds: { perSecond: 2 },
  orders: { perSecond: 9, perMinute: 500, perHour: 1000 },
  orderBook: { perSecond: 1 },
  tradeBook: { perSecond: 1 },
  positions: { perSecond: 1 },
  holdings: { perSecond: 1 },
  orderDetails: MARKET_READ,
  quotes: MARKET_READ,
  margin: MARKET_READ,
  candles: { perSecond: 3, perMinute: 180, perHour: 5000 },
} as const;

export type AngelRateBucket = keyof typeof ANGEL_RATE_LIMITS;

export const ANGEL_MANIFEST: BrokerManifestInput = {
  id: 'angel',
  name: 'Angel One (SmartAPI)',
  contract: CONTRACT_VERSION,
  exchanges: ['NSE', 'BSE', 'NFO', 'BFO', 'CDS', 'MCX', 'NSE_INDEX', 'BSE_INDEX', 'MCX_INDEX'],
  auth: 'credentials',
  credentials: [
    {
      name: 'apiKey',
      label: 'API key',
      secret: true,
      description: 'The API key of your SmartAPI app (smartapi.angelone.in); sent as X-PrivateKey',
    },
    { name: 'clientCode', label: 'Client code', description: 'Your Angel One client code (user id)' },
    { name: 'pin', label: 'Trading PIN', secret: true, perLogin: true },
    {
      name: 'totp',
      label: 'TOTP code',
      secret: true,
      perLogin: true,
      description: 'The 6-digit code your authenticator app shows for Angel One',
    },
    {
      name: 'totpSecret',
      label: 'TOTP secret (optional: daily automatic re-login)',
      secret: true,
      required: false,
      perLogin: true,
      description:
        'Only if you want the server to log in again by itself after the midnight expiry: the base32 ' +
        'secret behind your authenticator entry. It is kept with the session, together with your PIN, ' +
        'encrypted at rest. Anyone who obtains both can log in to your account, so leave it empty ' +
        'unless you accept that risk.',
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
  },
  priceTypes: ['MARKET', 'LIMIT', 'SL', 'SL-M'],
  products: ['CNC', 'NRML', 'MIS'],
  intervals: { ...ANGEL_INTERVALS },
  rateLimits: ANGEL_RATE_LIMITS,
  // No order rules are declared: brokers.md §2 documents none that Angel refuses at the API (market
  // orders are converted under its market-price protection rather than refused), so the testkit
  // checks none and the adapter leaves tick and lot questions to Angel and the exchange.
  homepage: 'https://smartapi.angelone.in/docs',
};
