import { describe, expect, it } from 'vitest';
import { PRICE_TYPES } from '../../src/model/enums.js';
import { OrderRequestSchema } from '../../src/model/order.js';
import {
  assertFitsInstrument,
  assertTradable,
  instrumentRuleIssues,
  isOnTick,
  PRICE_TYPE_RULES,
  priceRuleIssues,
} from '../../src/model/price-rules.js';

const base = { price: 0, triggerPrice: 0, quantity: 10, disclosedQuantity: 0 };

describe('the price-rule table', () => {
  it('covers every price type', () => {
    expect(Object.keys(PRICE_TYPE_RULES).sort()).toEqual([...PRICE_TYPES].sort());
  });

  it.each([
    ['MARKET', []],
    ['LIMIT', ['price']],
    ['SL', ['price', 'triggerPrice']],
    ['SL-M', ['triggerPrice']],
  ])('%s with no prices is missing %j', (priceType, fields) => {
    expect(priceRuleIssues({ ...base, priceType }).map((i) => i.field)).toEqual(fields);
  });

  it('names fields in the caller wire format', () => {
    const names = { price: 'price', triggerPrice: 'trigger_price', disclosedQuantity: 'disclosed_quantity' };
    const issues = priceRuleIssues({ ...base, priceType: 'SL-M', disclosedQuantity: 11 }, names);
    expect(issues.map((i) => i.field)).toEqual(['trigger_price', 'disclosed_quantity']);
  });

  it('is what the order schema enforces', () => {
    const result = OrderRequestSchema.safeParse({
      symbol: 'SBIN',
      exchange: 'NSE',
      action: 'BUY',
      quantity: 1,
      priceType: 'SL',
      price: 10,
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['triggerPrice']);
  });

  it('refuses orders on index feeds as INVALID_ORDER naming the field', () => {
    expect(() => assertTradable('NSE')).not.toThrow();
    expect(() => assertTradable('NSE_INDEX', 'orders.1.exchange', 'NIFTY')).toThrow(
      expect.objectContaining({ code: 'INVALID_ORDER', field: 'orders.1.exchange' }),
    );
  });
});

describe('instrument terms: tick size and lot size', () => {
  const limit = { priceType: 'LIMIT', price: 100.05, triggerPrice: 0, quantity: 75 };

  it('accepts prices on the tick (binary fractions included) and whole lots', () => {
    expect(instrumentRuleIssues(limit, { tickSize: 0.05, lotSize: 75 })).toEqual([]);
    expect(instrumentRuleIssues({ ...limit, price: 0.1 + 0.2 }, { tickSize: 0.1, lotSize: 1 })).toEqual([]);
    expect(isOnTick(123.45, 0)).toBe(true);
  });

  it('names each field off the tick or the lot, only where the price type uses it', () => {
    const issues = instrumentRuleIssues(
      { priceType: 'SL', price: 100.03, triggerPrice: 99.99, quantity: 70 },
      { tickSize: 0.05, lotSize: 75 },
    );
    expect(issues.map((i) => i.field)).toEqual(['price', 'triggerPrice', 'quantity']);
    expect(issues[0]?.message).toBe('100.03 is not a multiple of the tick size 0.05');
    const market = { priceType: 'MARKET', price: 100.03, triggerPrice: 0, quantity: 1 };
    expect(instrumentRuleIssues(market, { tickSize: 0.05, lotSize: 1 })).toEqual([]);
  });

  it('assertFitsInstrument throws INVALID_ORDER naming the first field', () => {
    expect(() =>
      assertFitsInstrument({ ...limit, price: 100.03 }, { tickSize: 0.05, lotSize: 75, symbol: 'NIFTYFUT' }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_ORDER', field: 'price' }));
  });
});
