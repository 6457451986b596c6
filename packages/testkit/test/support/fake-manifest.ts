import type { BrokerManifest } from '@openalgo/core';
import { fakeManifest } from '@openalgo/core/testing';

/**
 * The defect fake declares every request-answer method and the order rules its broker enforces; it has no
 * streams and no GTTs (the sandbox and the simulated brokers run the gtt checks).
 */
export const FAKE_MANIFEST: BrokerManifest = fakeManifest({
  exchanges: ['NSE', 'BSE', 'NFO', 'NSE_INDEX'],
  capabilities: {
    marketStream: false,
    orderStream: false,
    placeGtt: false,
    modifyGtt: false,
    cancelGtt: false,
    getGtts: false,
  },
  intervals: { '1m': 'minute', D: 'day' },
  // The fake broker enforces these, so the suite's order-rule checks run against it.
  orderRules: { tickSize: true, lotSize: true, circuitLimits: true, triggerSide: true },
});
