import type { BrokerManifestInput } from '@openalgo/core';
import { CONTRACT_VERSION } from '@openalgo/core';

/** OpenAlgo interval → Fyers history `resolution` (brokers.md §3.4, §3.8; OpenAlgo's timeframe map). */
export const FYERS_RESOLUTIONS = {
  '5s': '5S',
  '10s': '10S',
  '15s': '15S',
  '30s': '30S',
  '45s': '45S',
  '1m': '1',
  '2m': '2',
  '3m': '3',
  '5m': '5',
  '10m': '10',
  '15m': '15',
  '20m': '20',
  '30m': '30',
  '1h': '60',
  '2h': '120',
  '4h': '240',
  D: '1D',
} as const;

export type FyersResolution = (typeof FYERS_RESOLUTIONS)[keyof typeof FYERS_RESOLUTIONS];

/**
 * Fyers' published limits (brokers.md §3.7, OpenAlgo citing the Fyers docs): every REST call of the app,
 * trading and data alike, draws from one bucket with three windows.
 */
export const FYERS_RATE_LIMITS = {
  rest: { perSecond: 10, perMinute: 200, perDay: 100_000 },
} as const;

export type FyersRateBucket = keyof typeof FYERS_RATE_LIMITS;

/** Per-call caps (brokers.md §3.7): symbols per `GET /data/quotes`, per `POST /data/symbol-token`. */
export const FYERS_QUOTE_SYMBOLS_PER_CALL = 50;
export const FYERS_SYMBOL_TOKEN_SYMBOLS_PER_CALL = 500;
/** HSM socket caps: subscriptions per socket and topics per subscribe frame. */
export const FYERS_HSM_MAX_SUBSCRIPTIONS = 5_000;
export const FYERS_HSM_TOPICS_PER_FRAME = 1_500;

export const FYERS_MANIFEST: BrokerManifestInput = {
  id: 'fyers',
  name: 'Fyers (API v3)',
  contract: CONTRACT_VERSION,
  // The masters downloaded are NSE_CM/NSE_FO/NSE_CD/BSE_CM/BSE_FO/MCX_COM (config.ts); BSE currency
  // (BCD) has no master there, so it is not offered.
  exchanges: ['NSE', 'BSE', 'NFO', 'BFO', 'CDS', 'MCX', 'NSE_INDEX', 'BSE_INDEX'],
  auth: 'redirect',
  credentials: [
    {
      name: 'appId',
      label: 'App ID',
      secret: false,
      description: 'The app id of your Fyers API app including its suffix, e.g. XXXXXXXXXX-100',
    },
    {
      name: 'secretKey',
      label: 'Secret key',
      secret: true,
      description: "The app's secret key; only its SHA-256 with the app id (appIdHash) is ever sent",
    },
    {
      name: 'pin',
      label: 'Fyers PIN',
      secret: true,
      required: false,
      perLogin: true,
      description:
        'Optional. Kept (encrypted) with the session so it can be renewed with the refresh token without logging in again',
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
  intervals: { ...FYERS_RESOLUTIONS },
  rateLimits: FYERS_RATE_LIMITS,
  // Fyers documents "price not a multiple of tick" (−392) and "invalid qty" (−310) refusals (§3.6); the
  // adapter refuses both before sending, from the master row. Circuit bands and trigger sides are not
  // documented as Fyers-side checks, so they are not declared.
  orderRules: { tickSize: true, lotSize: true },
  homepage: 'https://myapi.fyers.in/docsv3',
};
