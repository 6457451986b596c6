import type { Instrument, MarginLeg } from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LEVERAGE } from '../../src/engine/settings.js';
import { basketMargin } from '../../src/margin-calculator.js';
import type { MarketSnapshot } from '../../src/market/price-source.js';
import { NIFTY_CE, NIFTY_FUT, SBIN } from '../support/instruments.js';

/** A book with the touch at bid/ask; everything else is irrelevant to margin. */
function book(instrument: Instrument, ltp: number, bid: number, ask: number): MarketSnapshot {
  return {
    symbol: instrument.symbol,
    exchange: instrument.exchange,
    ltp,
    bid,
    ask,
    bids: [],
    asks: [],
    open: ltp,
    high: ltp,
    low: ltp,
    prevClose: ltp,
    volume: 0,
    oi: 0,
    lastQuantity: 0,
    timestamp: 0,
  };
}

function leg(instrument: Instrument, fields: Partial<MarginLeg>): MarginLeg {
  return {
    symbol: instrument.symbol,
    exchange: instrument.exchange,
    action: 'BUY',
    quantity: 1,
    product: 'MIS',
    priceType: 'MARKET',
    price: 0,
    triggerPrice: 0,
    ...fields,
  };
}

const SBIN_BOOK = book(SBIN, 800, 799.9, 800.1);
const FUT_BOOK = book(NIFTY_FUT, 24000, 23999, 24001);
const CE_BOOK = book(NIFTY_CE, 120, 119.5, 120.5);

describe('basketMargin (the sandbox calculator behind /margin)', () => {
  // Expected values are worked by hand: quantity × price ÷ leverage, rounded to paise.
  it.each([
    ['equity MIS at the ask: 10 × 800.1 ÷ 5', SBIN, SBIN_BOOK, leg(SBIN, { quantity: 10 }), 1600.2],
    [
      'equity CNC LIMIT at its price: 10 × 790 ÷ 1',
      SBIN,
      SBIN_BOOK,
      leg(SBIN, { quantity: 10, product: 'CNC', priceType: 'LIMIT', price: 790 }),
      7900,
    ],
    [
      'equity MIS SELL at the bid: 3 × 799.9 ÷ 5',
      SBIN,
      SBIN_BOOK,
      leg(SBIN, { action: 'SELL', quantity: 3 }),
      479.94,
    ],
    [
      'future SELL at the bid: 75 × 23999 ÷ 10',
      NIFTY_FUT,
      FUT_BOOK,
      leg(NIFTY_FUT, { action: 'SELL', quantity: 75, product: 'NRML' }),
      179992.5,
    ],
    [
      'SL-M at its trigger: 75 × 24100 ÷ 10',
      NIFTY_FUT,
      FUT_BOOK,
      leg(NIFTY_FUT, { quantity: 75, product: 'NRML', priceType: 'SL-M', triggerPrice: 24100 }),
      180750,
    ],
    [
      'option buy pays the premium: 75 × 120.5',
      NIFTY_CE,
      CE_BOOK,
      leg(NIFTY_CE, { quantity: 75, product: 'NRML' }),
      9037.5,
    ],
    [
      'LIMIT with price 0 is priced at the touch: 75 × 120.5',
      NIFTY_CE,
      CE_BOOK,
      leg(NIFTY_CE, { quantity: 75, product: 'NRML', priceType: 'LIMIT' }),
      9037.5,
    ],
    [
      'SL with price 0 is priced at the touch: 75 × 119.5 (SELL)',
      NIFTY_CE,
      CE_BOOK,
      leg(NIFTY_CE, { action: 'SELL', quantity: 75, product: 'NRML', priceType: 'SL', triggerPrice: 118 }),
      8962.5,
    ],
  ] as const)('%s', (_name, instrument, snapshot, marginLeg, expected) => {
    const result = basketMargin([{ leg: marginLeg, instrument, snapshot }], DEFAULT_LEVERAGE);
    expect(result).toMatchObject({ totalMarginRequired: expected, spanMargin: expected, exposureMargin: 0 });
  });

  it('sums the legs of a basket and prices option writing by the configured leverage', () => {
    const legs = [
      { leg: leg(SBIN, { quantity: 10 }), instrument: SBIN, snapshot: SBIN_BOOK },
      {
        leg: leg(NIFTY_CE, { action: 'SELL', quantity: 150, product: 'NRML' }),
        instrument: NIFTY_CE,
        snapshot: CE_BOOK,
      },
    ];
    // 1600.2 + 150 × 119.5 ÷ 0.25 (writing margined at four times the premium).
    const result = basketMargin(legs, { ...DEFAULT_LEVERAGE, optionSell: 0.25 });
    expect(result.totalMarginRequired).toBe(1600.2 + 71700);
    expect(result.raw).toEqual({ perLeg: [1600.2, 71700] });
  });
});
