import type { BrokerManifest } from '@openalgo/core';
import { fakeManifest } from '@openalgo/core/testing';

/** The defect fake declares every request-answer method; it has no streams. */
export const FAKE_MANIFEST: BrokerManifest = fakeManifest({
  exchanges: ['NSE', 'BSE', 'NFO', 'NSE_INDEX'],
  capabilities: { marketStream: false, orderStream: false },
  intervals: { '1m': 'minute', D: 'day' },
});
