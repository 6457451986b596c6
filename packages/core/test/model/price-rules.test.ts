import { describe, expect, it } from 'vitest';
import { PRICE_TYPES } from '../../src/model/enums.js';
import { OrderRequestSchema } from '../../src/model/order.js';
import { assertTradable, PRICE_TYPE_RULES, priceRuleIssues } from '../../src/model/price-rules.js';

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
