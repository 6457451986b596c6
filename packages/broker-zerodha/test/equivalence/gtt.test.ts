import { type GttRequestInput, GttRequestSchema, parseOrThrow } from '@openalgo/core';
import { useNock } from '@openalgo/testkit/oracle';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixture, ok } from '../helpers.js';
import { BODYLESS, expectEquivalent } from './intended-differences.js';
import { adapterRequests, type Kite, sdkRequests } from './sides.js';

useNock({ beforeAll, afterEach, afterAll });

type SdkGtt = Parameters<Kite['placeGTT']>[0];

const TRIGGER_ID = 123;
const gtt = (input: GttRequestInput) => parseOrThrow(GttRequestSchema, input, 'GTT');

/** The same GTTs, as OpenAlgo asks and as a Kite user writes them for the SDK (kiteconnect's docs). */
const CASES: Array<{ name: string; ours: GttRequestInput; kite: SdkGtt }> = [
  {
    name: 'single: a BUY below the market',
    ours: {
      symbol: 'SBIN',
      exchange: 'NSE',
      type: 'single',
      triggerPrices: [702],
      lastPrice: 798,
      legs: [{ action: 'BUY', quantity: 1, price: 702.5, priceType: 'LIMIT', product: 'CNC' }],
    },
    kite: {
      trigger_type: 'single',
      tradingsymbol: 'SBIN',
      exchange: 'NSE',
      trigger_values: [702],
      last_price: 798,
      orders: [{ transaction_type: 'BUY', quantity: 1, product: 'CNC', order_type: 'LIMIT', price: 702.5 }],
    },
  },
  {
    name: 'OCO: stop-loss and target SELLs',
    ours: {
      symbol: 'SBIN',
      exchange: 'NSE',
      type: 'oco',
      triggerPrices: [780.5, 830],
      lastPrice: 800.25,
      legs: [
        { action: 'SELL', quantity: 10, price: 779, priceType: 'LIMIT', product: 'CNC' },
        { action: 'SELL', quantity: 10, price: 831.05, priceType: 'LIMIT', product: 'CNC' },
      ],
    },
    kite: {
      trigger_type: 'two-leg',
      tradingsymbol: 'SBIN',
      exchange: 'NSE',
      trigger_values: [780.5, 830],
      last_price: 800.25,
      orders: [
        { transaction_type: 'SELL', quantity: 10, product: 'CNC', order_type: 'LIMIT', price: 779 },
        { transaction_type: 'SELL', quantity: 10, product: 'CNC', order_type: 'LIMIT', price: 831.05 },
      ],
    },
  },
];

describe('GTT requests equal kiteconnect’s', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('placeGTT, %s', async (_name, c) => {
    const reply = ok({ trigger_id: TRIGGER_ID });
    const sdk = await sdkRequests(reply, (kite) => kite.placeGTT(c.kite));
    const ours = await adapterRequests({ 'POST /gtt/triggers': reply }, async (a) => {
      expect(await a.placeGtt(gtt(c.ours))).toMatchObject({ triggerId: String(TRIGGER_ID) });
    });
    expectEquivalent(sdk[0], ours[0], ['userAgent']);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('modifyGTT, %s', async (_name, c) => {
    const reply = ok({ trigger_id: TRIGGER_ID });
    const sdk = await sdkRequests(reply, (kite) => kite.modifyGTT(TRIGGER_ID, c.kite));
    const ours = await adapterRequests({ [`PUT /gtt/triggers/${TRIGGER_ID}`]: reply }, async (a) => {
      const request = { ...gtt(c.ours), triggerId: String(TRIGGER_ID) };
      expect(await a.modifyGtt(request)).toMatchObject({ triggerId: String(TRIGGER_ID) });
    });
    expectEquivalent(sdk[0], ours[0], ['userAgent', 'gttTriggerIdForm']);
  });

  it('deleteGTT', async () => {
    const reply = { status: 200, body: fixture('gtt_delete_order.json') };
    const sdk = await sdkRequests(reply, (kite) => kite.deleteGTT(TRIGGER_ID));
    const ours = await adapterRequests({ [`DELETE /gtt/triggers/${TRIGGER_ID}`]: reply }, async (a) => {
      expect(await a.cancelGtt(String(TRIGGER_ID))).toMatchObject({ triggerId: String(TRIGGER_ID) });
    });
    expectEquivalent(sdk[0], ours[0], [...BODYLESS, 'gttTriggerIdQuery']);
  });

  it('getGTTs', async () => {
    const reply = { status: 200, body: fixture('gtt_get_orders.json') };
    const sdk = await sdkRequests(reply, (kite) => kite.getGTTs());
    const ours = await adapterRequests({ 'GET /gtt/triggers': reply }, async (a) => {
      expect(await a.getGtts()).toHaveLength(2);
    });
    expectEquivalent(sdk[0], ours[0], BODYLESS);
  });

  it('a MARKET leg adds Kite’s automatic market protection, which the SDK cannot send', async () => {
    const reply = ok({ trigger_id: TRIGGER_ID });
    const ours = await adapterRequests({ 'POST /gtt/triggers': reply }, (a) =>
      a.placeGtt(
        gtt({
          ...(CASES[0]?.ours as GttRequestInput),
          legs: [{ action: 'BUY', quantity: 1, priceType: 'MARKET', product: 'CNC' }],
        }),
      ),
    );
    const form = new URLSearchParams(String(ours[0]?.body));
    expect(JSON.parse(form.get('orders') ?? '[]')).toEqual([
      {
        transaction_type: 'BUY',
        order_type: 'MARKET',
        product: 'CNC',
        quantity: 1,
        price: 0,
        exchange: 'NSE',
        tradingsymbol: 'SBIN',
        market_protection: -1,
      },
    ]);
  });
});
