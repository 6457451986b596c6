import { describe, expect, it } from 'vitest';
import { isOpenAlgoError } from '../../src/errors/openalgo-error.js';
import { GttModifyRequestSchema, GttRequestSchema } from '../../src/model/gtt.js';
import { parseOrThrow } from '../../src/model/validation.js';

const sell = { action: 'SELL', quantity: 5, price: 95, product: 'CNC' } as const;
const single = {
  symbol: 'INFY',
  exchange: 'NSE',
  type: 'single',
  triggerPrices: [96],
  lastPrice: 100,
  legs: [sell],
} as const;
const oco = {
  ...single,
  type: 'oco',
  triggerPrices: [96, 110],
  legs: [sell, { ...sell, price: 111 }],
} as const;

function failure(
  input: unknown,
  schema: typeof GttRequestSchema | typeof GttModifyRequestSchema = GttRequestSchema,
) {
  try {
    parseOrThrow(schema, input, 'GTT');
  } catch (err) {
    if (isOpenAlgoError(err, 'INVALID_REQUEST')) return err;
    throw err;
  }
  throw new Error('expected INVALID_REQUEST');
}

describe('GttRequestSchema', () => {
  it('accepts a single and an OCO GTT, filling leg defaults (LIMIT)', () => {
    expect(parseOrThrow(GttRequestSchema, single).legs).toEqual([{ ...sell, priceType: 'LIMIT' }]);
    const parsed = parseOrThrow(GttRequestSchema, oco);
    expect(parsed.triggerPrices).toEqual([96, 110]);
    expect(parsed.legs.map((l) => l.price)).toEqual([95, 111]);
  });

  it.each([
    [
      { ...single, triggerPrices: [96, 110] },
      'triggerPrices',
      'a single GTT needs exactly 1 trigger price, got 2',
    ],
    [{ ...single, legs: [sell, sell] }, 'legs', 'a single GTT needs exactly 1 leg, got 2'],
    [{ ...oco, triggerPrices: [96] }, 'triggerPrices', 'an OCO GTT needs exactly 2 trigger prices, got 1'],
    [{ ...oco, legs: [sell] }, 'legs', 'an OCO GTT needs exactly 2 legs'],
    [
      { ...oco, triggerPrices: [110, 96] },
      'triggerPrices',
      'stop-loss trigger (110) must be below the target trigger (96)',
    ],
    [{ ...oco, triggerPrices: [100, 100] }, 'triggerPrices', 'must be below'],
    [{ ...single, triggerPrices: [0] }, 'triggerPrices.0', 'greater than 0'],
    [{ ...single, lastPrice: 0 }, 'lastPrice', 'greater than 0'],
    [{ ...single, type: 'two-leg' }, 'type', 'must be one of single, oco'],
    [{ ...single, legs: [{ ...sell, product: 'MIS' }] }, 'legs.0.product', 'must be one of CNC, NRML'],
    [{ ...single, legs: [{ ...sell, priceType: 'SL' }] }, 'legs.0.priceType', 'must be one of LIMIT, MARKET'],
    [{ ...single, legs: [{ ...sell, price: 0 }] }, 'legs.0.price', 'greater than 0 for a LIMIT leg'],
    [{ ...single, legs: [{ ...sell, quantity: 0 }] }, 'legs.0.quantity', 'greater than 0'],
    [{ ...single, expiresAt: '2027-01-01' }, 'expiresAt', 'ISO-8601'],
  ])('refuses %j naming %s', (input, field, message) => {
    const err = failure(input);
    expect(err.field).toBe(field);
    expect(err.message).toContain(message);
  });

  it('lets a MARKET leg go without a price', () => {
    const parsed = parseOrThrow(GttRequestSchema, {
      ...single,
      legs: [{ action: 'SELL', quantity: 1, priceType: 'MARKET', product: 'NRML' }],
    });
    expect(parsed.legs[0]).toEqual({
      action: 'SELL',
      quantity: 1,
      price: 0,
      priceType: 'MARKET',
      product: 'NRML',
    });
  });
});

describe('GttModifyRequestSchema', () => {
  it('is a full request plus the trigger id, under the same shape rules', () => {
    expect(parseOrThrow(GttModifyRequestSchema, { ...oco, triggerId: '123' }).triggerId).toBe('123');
    expect(failure(oco, GttModifyRequestSchema).field).toBe('triggerId');
    expect(failure({ ...oco, triggerId: '1', triggerPrices: [120, 110] }, GttModifyRequestSchema).field).toBe(
      'triggerPrices',
    );
  });
});
