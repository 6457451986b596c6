import {
  type BrokerManifest,
  type BrokerManifestInput,
  BrokerManifestSchema,
  CAPABILITY_NAMES,
  CONTRACT_VERSION,
  parseOrThrow,
} from '@openalgo/core';

/** History intervals the synthetic market serves, each under its own name. */
export const SANDBOX_INTERVALS = ['1m', '3m', '5m', '10m', '15m', '30m', '1h', 'D'] as const;

export const SANDBOX_MANIFEST_INPUT: BrokerManifestInput = {
  id: 'sandbox',
  name: 'Sandbox (paper trading)',
  contract: CONTRACT_VERSION,
  // What the generated universe lists; index exchanges are quote-only (orders on them are rejected).
  exchanges: ['NSE', 'BSE', 'NFO', 'BFO', 'CDS', 'MCX', 'NSE_INDEX', 'BSE_INDEX'],
  auth: 'none',
  credentials: [],
  capabilities: Object.fromEntries(CAPABILITY_NAMES.map((name) => [name, true])),
  priceTypes: ['MARKET', 'LIMIT', 'SL', 'SL-M'],
  products: ['CNC', 'NRML', 'MIS'],
  intervals: Object.fromEntries(SANDBOX_INTERVALS.map((interval) => [interval, interval])),
  rateLimits: {},
  // What OpenAlgo's analyzer checks too; trigger side and market protection are Kite's own rules.
  orderRules: { tickSize: true, lotSize: true, circuitLimits: true },
};

export const SANDBOX_MANIFEST: BrokerManifest = Object.freeze(
  parseOrThrow(BrokerManifestSchema, SANDBOX_MANIFEST_INPUT, 'sandbox manifest'),
);
