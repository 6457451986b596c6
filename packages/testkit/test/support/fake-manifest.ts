import { type BrokerManifest, BrokerManifestSchema, CONTRACT_VERSION } from '@openalgo/core';

export const FAKE_MANIFEST: BrokerManifest = BrokerManifestSchema.parse({
  id: 'fake',
  name: 'Fake broker',
  contract: CONTRACT_VERSION,
  exchanges: ['NSE', 'BSE', 'NFO', 'NSE_INDEX'],
  auth: 'none',
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
  },
  priceTypes: ['MARKET', 'LIMIT', 'SL', 'SL-M'],
  products: ['CNC', 'NRML', 'MIS'],
  intervals: { '1m': 'minute', D: 'day' },
});
