import type { InstrumentRef } from '@openalgo/core';
import { FakeAdapter } from '@openalgo/core/testing';

const SBIN: InstrumentRef = { symbol: 'SBIN', exchange: 'NSE' };

/**
 * The broker behind the scripted API tests: core's fake adapter with the numbers these tests assert —
 * every instrument at 800 in a market with a day's range and a tight spread, a lopsided SBIN depth
 * (so padding to five levels shows), one candle, funds with fractions, orders numbered FAKE1, FAKE2…
 */
export function scriptedBroker(): FakeAdapter {
  const adapter = new FakeAdapter({
    manifest: { id: 'fakebroker', exchanges: ['NSE', 'NFO'] },
    defaultPrice: 800,
    market: { halfSpread: 0.05, open: -5, high: 10, low: -10, prevClose: -2, volume: 12345 },
    orderId: (n) => `FAKE${n}`,
    funds: {
      availableCash: 100000,
      collateral: 0,
      m2mRealised: 12.345,
      m2mUnrealised: -3.1,
      utilisedDebits: 2500.5,
      raw: {},
    },
    candles: [{ timestamp: 1767585600, open: 800, high: 805, low: 799, close: 803, volume: 1200, oi: 0 }],
  });
  pinMarket(adapter);
  return adapter;
}

/** The SBIN depth the tests assert; `reset()` forgets it, so the harness pins it again. */
export function pinMarket(adapter: FakeAdapter): void {
  adapter.setDepth(SBIN, {
    bids: [
      { price: 799.9, quantity: 10 },
      { price: 799.8, quantity: 20 },
    ],
    asks: [{ price: 800.1, quantity: 15 }],
    ltq: 5,
    totalBuyQuantity: 30,
    totalSellQuantity: 15,
  });
}
