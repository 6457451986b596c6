import { ModifyRequestSchema, OrderRequestSchema } from '@openalgo/core';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { ModifyOrderRequest, PlaceOrderRequest } from '../../src/api/schemas/orders.js';
import { parseRequest } from '../../src/api/validation.js';
import { WIRE_FIELDS, wireMessage, wirePath } from '../../src/api/wire/names.js';

/** The wire codec: request schemas derived from core's through the one name map. */

function wireFields(schema: z.ZodType): string[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties: Record<string, unknown>;
  };
  return Object.keys(json.properties).sort();
}

/**
 * Core's fields under their wire names. `client_order_id` is on the wire as the client's own key
 * (any printable id, mapped by the server to the broker tag it generates).
 */
function wireNamesOf(shape: Record<string, unknown>): string[] {
  return Object.keys(shape).map((name) => WIRE_FIELDS[name as keyof typeof WIRE_FIELDS][0]);
}

describe('order requests are core requests on the wire', () => {
  test('every core order field is a wire field, under its map name, and nothing else', () => {
    expect(wireFields(PlaceOrderRequest)).toEqual(
      ['apikey', ...wireNamesOf(OrderRequestSchema.shape)].sort(),
    );
    expect(wireFields(ModifyOrderRequest)).toEqual(
      ['apikey', 'strategy', ...wireNamesOf(ModifyRequestSchema.shape)].sort(),
    );
  });

  test('a wire body decodes into the core request, with core defaults and the client conventions', () => {
    const request = parseRequest(PlaceOrderRequest, {
      apikey: 'k',
      strategy: ' Test ',
      exchange: 'nse',
      symbol: 'SBIN',
      action: 'buy',
      quantity: '5',
      pricetype: 'sl',
      price: '801.5',
      trigger_price: 800,
      product: null,
    });
    expect(request).toEqual({
      apikey: 'k',
      strategy: 'Test',
      symbol: 'SBIN',
      exchange: 'NSE',
      action: 'BUY',
      quantity: 5,
      priceType: 'SL',
      product: 'MIS',
      price: 801.5,
      triggerPrice: 800,
      disclosedQuantity: 0,
    });
    expect(OrderRequestSchema.parse(request)).toMatchObject({ priceType: 'SL', triggerPrice: 800 });
  });

  test("core's price rules answer in the client's field names", () => {
    const body = { apikey: 'k', strategy: 'T', exchange: 'NSE', symbol: 'SBIN', action: 'BUY', quantity: 1 };
    expect(() => parseRequest(PlaceOrderRequest, { ...body, pricetype: 'SL-M' })).toThrow(
      'trigger_price: must be greater than 0 for a SL-M order',
    );
  });
});

describe('names', () => {
  test('core paths and messages are renamed; plain words only inside a schema issue', () => {
    expect(wirePath('orders.2.triggerPrice')).toBe('orders.2.trigger_price');
    expect(wireMessage('priceType and start')).toBe('pricetype and start');
    expect(wireMessage('must not be before start', true)).toBe('must not be before start_date');
  });
});
