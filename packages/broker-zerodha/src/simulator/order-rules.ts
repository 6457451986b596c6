import { instrumentRuleIssues, type PriceType, priceTypeRule } from '@openalgo/core';
import { type CircuitBand, circuitBand } from './circuit-limits.js';
import { inputError } from './envelope.js';
import type { KiteInstrument } from './master.js';
import type { QuoteSource } from './quote-json.js';

/**
 * Kite's order rules on an order's numbers, checked before the order reaches the book (Kite answers
 * each with HTTP 400 InputException and books nothing). The tick and lot arithmetic is core's
 * (`instrumentRuleIssues`); the wording is Kite's. Messages marked "wording chosen" are faithful
 * stand-ins where Kite's exact text is not on record; the others are Kite's own, as reported by its
 * users and SDK issue threads.
 */

/** Kite's `market_protection`: -1 asks for Kite's automatic protection; otherwise a percentage. */
export const AUTO_MARKET_PROTECTION = -1;
const MAX_MARKET_PROTECTION = 100;

// Kite's own text (pykiteconnect#242, kite.trade forum) since market protection became mandatory.
export const MARKET_PROTECTION_REQUIRED =
  'Market orders without market protection are not allowed via API. Please set market protection or use a Limit order.';

/**
 * Parses the form's `market_protection`: undefined when absent. Kite decodes it as a decimal and
 * answers a non-number with its decoder's text (seen for `True`); a number outside -1 or (0, 100] is
 * refused (wording chosen).
 */
export function parseMarketProtection(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^-?\d+(\.\d+)?$/.test(text) || !Number.isFinite(value)) {
    throw inputError(`Invalid request (failed to decode market_protection, got: ${text} (expected decimal))`);
  }
  if (value !== AUTO_MARKET_PROTECTION && !(value >= 0 && value <= MAX_MARKET_PROTECTION)) {
    // Wording chosen: Kite documents the range ("greater than 0 and up to 100, -1 for auto").
    throw inputError(
      'Invalid `market_protection`. It must be -1 (automatic) or a percentage greater than 0 and up to 100.',
    );
  }
  return value;
}

/** MARKET and SL-M orders must carry market protection: absent or 0 is refused (since 1 April 2026). */
export function checkMarketProtection(priceType: PriceType, protection: number | undefined): void {
  if (priceTypeRule(priceType).marketProtected && (protection === undefined || protection === 0)) {
    throw inputError(MARKET_PROTECTION_REQUIRED);
  }
}

/**
 * The most a single order may carry (the exchanges' freeze quantities; Kite refuses more and
 * suggests iceberg orders). Keyed by `exchange:underlying` for the simulator's derivative families, in
 * units (contracts × lot): NIFTY 1,800 (24 lots of 75) and BANKNIFTY 900 (30 lots of 30), NSE's index
 * freeze limits since 2025; SENSEX 1,000 (50 lots of 20) on BSE; SBIN 18,750 (25 lots of 750) and
 * RELIANCE 10,000 (20 lots of 500), of the size NSE's monthly stock freeze file gives them; CRUDEOIL
 * 10,000 and CRUDEOILM 1,000 (MCX's maximum order size, 100 lots); USDINR 10,000,000 (NSE currency
 * derivatives' 10,000-lot cap). Cash equities: Kite's cap of 1,00,000 shares per order. Any other
 * derivative (filler rows) gets the 25-lot ceiling most stock F&O freeze limits sit near.
 */
export const FREEZE_QUANTITIES: Readonly<Record<string, number>> = Object.freeze({
  'NFO:NIFTY': 1_800,
  'NFO:BANKNIFTY': 900,
  'BFO:SENSEX': 1_000,
  'NFO:SBIN': 18_750,
  'NFO:RELIANCE': 10_000,
  'MCX:CRUDEOIL': 10_000,
  'MCX:CRUDEOILM': 1_000,
  'CDS:USDINR': 10_000_000,
});
export const EQUITY_MAX_QUANTITY = 100_000;
const DEFAULT_FREEZE_LOTS = 25;

export function freezeQuantity(instrument: KiteInstrument): number {
  if (instrument.instrumentType === 'EQ') return EQUITY_MAX_QUANTITY;
  const lot = Math.max(1, instrument.lotSize);
  return FREEZE_QUANTITIES[`${instrument.exchange}:${instrument.name}`] ?? DEFAULT_FREEZE_LOTS * lot;
}

/** The terms of an order as they will stand (a place, or a modify merged onto the order). */
export interface OrderTerms {
  instrument: KiteInstrument;
  action: string;
  priceType: PriceType;
  quantity: number;
  price: number;
  triggerPrice: number;
}

/** The market an order is checked against: the same figures the quote routes publish. */
export type MarketView = QuoteSource;

function tickMessage(tick: number, what: 'price' | 'trigger price'): string {
  // Kite's wording as its users report it ("Tick size for this script is 0.05. Kindly enter price …").
  return `Tick size for this script is ${tick}. Kindly enter ${what} in the multiple of tick size for this script`;
}

function checkInstrumentTerms(terms: OrderTerms): void {
  const { instrument } = terms;
  // The field names are Kite's, so the issue names what the form sent.
  const issues = instrumentRuleIssues(terms, instrument, {
    price: 'price',
    triggerPrice: 'trigger_price',
    quantity: 'quantity',
  });
  for (const issue of issues) {
    if (issue.field === 'price') throw inputError(tickMessage(instrument.tickSize, 'price'));
    if (issue.field === 'trigger_price') throw inputError(tickMessage(instrument.tickSize, 'trigger price'));
    // Wording chosen: Kite's exact text for an odd-lot derivative quantity is not on record.
    throw inputError(`Quantity should be a multiple of lot size ${instrument.lotSize}.`);
  }
}

function checkFreeze(terms: OrderTerms): void {
  const max = freezeQuantity(terms.instrument);
  if (terms.quantity <= max) return;
  if (terms.instrument.instrumentType === 'EQ') {
    // Kite's wording as reported (the 1,00,000-share cap on one equity order).
    throw inputError('Maximum quantity per order for Equity is 1,00,000');
  }
  const lot = Math.max(1, terms.instrument.lotSize);
  // Kite's wording (tradingqna: "The order quantity 6300 (21 lots) is higher than the maximum quantity …").
  throw inputError(
    `The order quantity ${terms.quantity} (${Math.floor(terms.quantity / lot)} lots) is higher than the maximum quantity of ${max} (${Math.floor(max / lot)} lots) allowed by the exchanges. Please reduce the order quantity or use iceberg orders.`,
  );
}

function checkCircuit(terms: OrderTerms, band: CircuitBand | undefined): void {
  if (!band) return;
  const rule = priceTypeRule(terms.priceType);
  if (rule.needsPrice && (terms.price < band.lower || terms.price > band.upper)) {
    // Kite's wording (tradingqna, a LIMIT outside the band).
    throw inputError(
      'Price exceeds circuit limits for the instrument. Place an order within the daily range.',
    );
  }
  if (!rule.needsTrigger) return;
  // Kite's wording (as collected by stocksdeveloper.in's broker error list).
  if (terms.action === 'BUY' && terms.triggerPrice > band.upper) {
    throw inputError('Trigger price for stoploss buy orders cannot be above the upper circuit price.');
  }
  if (terms.action === 'SELL' && terms.triggerPrice < band.lower) {
    throw inputError('Trigger price for stoploss sell orders cannot be below the lower circuit price.');
  }
}

/** A stop waits for the market to reach it: a BUY stop's trigger above the last price, a SELL's below. */
function checkTriggerSide(terms: OrderTerms, ltp: number): void {
  if (!priceTypeRule(terms.priceType).needsTrigger || !(ltp > 0)) return;
  // Kite's wording (as collected by stocksdeveloper.in's broker error list).
  if (terms.action === 'BUY' && terms.triggerPrice <= ltp) {
    throw inputError('Trigger price for stoploss buy orders should be higher than the last traded price.');
  }
  if (terms.action === 'SELL' && terms.triggerPrice >= ltp) {
    throw inputError('Trigger price for stoploss sell orders should be lower than the last traded price.');
  }
}

/**
 * Every rule on the numbers of an order that will stand as `terms`, in the order Kite's checks read:
 * the instrument's tick and lot, the freeze quantity, the day's circuit band, the trigger's side.
 */
export function checkOrderTerms(terms: OrderTerms, market: MarketView): void {
  checkInstrumentTerms(terms);
  checkFreeze(terms);
  checkCircuit(terms, circuitBand(terms.instrument, market));
  checkTriggerSide(terms, market.ltp);
}
