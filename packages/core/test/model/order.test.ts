import { describe, expect, it } from 'vitest';
import { isOpenAlgoError } from '../../src/errors/openalgo-error.js';
import { ClientOrderIdSchema, ModifyRequestSchema, OrderRequestSchema } from '../../src/model/order.js';
import { parseOrThrow } from '../../src/model/validation.js';

const base = { symbol: 'SBIN', exchange: 'NSE', action: 'BUY', quantity: 10 };

function failure(input: unknown) {
  try {
    parseOrThrow(OrderRequestSchema, input, 'order');
  } catch (err) {
    if (isOpenAlgoError(err, 'INVALID_REQUEST')) return err;
    throw err;
  }
  throw new Error('expected INVALID_REQUEST');
}

describe('OrderRequestSchema', () => {
  it('fills OpenAlgo defaults', () => {
    expect(parseOrThrow(OrderRequestSchema, base)).toEqual({
      ...base,
      priceType: 'MARKET',
      product: 'MIS',
      price: 0,
      triggerPrice: 0,
      disclosedQuantity: 0,
    });
  });

  it('names the field and the allowed values for a bad enum', () => {
    const err = failure({ ...base, exchange: 'NASDAQ' });
    expect(err.field).toBe('exchange');
    expect(err.message).toContain('exchange: must be one of NSE, BSE, NFO');
    const action = failure({ ...base, action: 'HOLD' });
    expect(action.message).toContain('action: must be one of BUY, SELL');
  });

  it.each([
    [{ ...base, quantity: 0 }, 'quantity', 'greater than 0'],
    [{ ...base, quantity: 1.5 }, 'quantity', 'whole number'],
    [{ ...base, quantity: '10' }, 'quantity', 'must be a number'],
    [{ ...base, price: -1 }, 'price', '0 or more'],
    [{ ...base, priceType: 'LIMIT' }, 'price', 'LIMIT order'],
    [{ ...base, priceType: 'SL', price: 100 }, 'triggerPrice', 'SL order'],
    [{ ...base, priceType: 'SL-M' }, 'triggerPrice', 'SL-M order'],
    [{ ...base, disclosedQuantity: 11 }, 'disclosedQuantity', 'exceed quantity'],
    [{ ...base, symbol: '   ' }, 'symbol', 'empty'],
    [{ ...base, clientOrderId: 'has space' }, 'clientOrderId', 'letters or digits'],
    [{ exchange: 'NSE', action: 'BUY', quantity: 1 }, 'symbol', ''],
  ])('%j fails on %s', (input, field, fragment) => {
    const err = failure(input);
    expect(err.field).toBe(field);
    expect(err.message).toContain(`${field}:`);
    expect(err.message).toContain(fragment);
  });

  it('accepts a valid SL order', () => {
    const order = parseOrThrow(OrderRequestSchema, {
      ...base,
      priceType: 'SL',
      price: 101,
      triggerPrice: 100,
    });
    expect(order.triggerPrice).toBe(100);
  });

  it('reports every issue in details', () => {
    const err = failure({ symbol: 'SBIN', exchange: 'X', action: 'Y', quantity: -1 });
    const issues = (err.details?.issues ?? []) as Array<{ field: string }>;
    expect(issues.map((i) => i.field).sort()).toEqual(['action', 'exchange', 'quantity']);
  });
});

describe('ModifyRequestSchema', () => {
  it('requires the order id', () => {
    const result = ModifyRequestSchema.safeParse({ ...base, priceType: 'LIMIT', price: 10 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['orderId']);
  });
});

describe('ClientOrderIdSchema', () => {
  it('fits every broker tag field (alphanumeric, under 20 characters)', () => {
    expect(ClientOrderIdSchema.safeParse('a1B2c3D4e5F6g7H8i9J').success).toBe(true);
    expect(ClientOrderIdSchema.safeParse('a1B2c3D4e5F6g7H8i9J0').success).toBe(false);
    expect(ClientOrderIdSchema.safeParse('').success).toBe(false);
    expect(ClientOrderIdSchema.safeParse('abc-123').success).toBe(false);
  });
});
