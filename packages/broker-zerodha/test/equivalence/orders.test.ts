import type { PriceType, Product } from '@openalgo/core';
import { modifyRequest, orderRequest } from '@openalgo/core/testing';
import { useNock } from '@openalgo/testkit/oracle';
import { afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import { fixture, ok } from '../helpers.js';
import { BODYLESS, expectEquivalent, type IntendedDifference } from './intended-differences.js';
import { adapterRequests, type Kite, sdkRequests } from './sides.js';

useNock({ beforeAll, afterEach, afterAll });

type SdkOrder = Parameters<Kite['placeOrder']>[1];
type SdkModify = Parameters<Kite['modifyOrder']>[2];

/** A 15-digit id of the old form and a 19-digit one (above 2^53): neither may pass through a number. */
const ORDER_IDS = ['151220000000000', '2501280000012345678'] as const;

/**
 * How each price type is asked for, on each side. The SDK side is written from Kite's order
 * documentation (a price only for LIMIT and SL, a trigger only for SL and SL-M), not from the adapter.
 */
const PRICE_TYPES: Record<
  PriceType,
  { ours: { price: number; triggerPrice: number }; kite: Pick<SdkOrder, 'price' | 'trigger_price'> }
> = {
  MARKET: { ours: { price: 0, triggerPrice: 0 }, kite: {} },
  LIMIT: { ours: { price: 420.5, triggerPrice: 0 }, kite: { price: 420.5 } },
  SL: { ours: { price: 421, triggerPrice: 420.95 }, kite: { price: 421, trigger_price: 420.95 } },
  'SL-M': { ours: { price: 0, triggerPrice: 419.95 }, kite: { trigger_price: 419.95 } },
};

/** One instrument per product, as OpenAlgo names it and as Kite does. */
const PRODUCTS = {
  CNC: {
    ours: { symbol: 'SBIN', exchange: 'NSE', action: 'BUY', quantity: 10 },
    kite: { tradingsymbol: 'SBIN', exchange: 'NSE', transaction_type: 'BUY', quantity: 10 },
  },
  // `&` must be form-encoded in the tradingsymbol.
  MIS: {
    ours: { symbol: 'M&M', exchange: 'NSE', action: 'SELL', quantity: 3 },
    kite: { tradingsymbol: 'M&M', exchange: 'NSE', transaction_type: 'SELL', quantity: 3 },
  },
  // OpenAlgo's option symbol becomes Kite's tradingsymbol from the master.
  NRML: {
    ours: { symbol: 'NIFTY07AUG2524400CE', exchange: 'NFO', action: 'BUY', quantity: 75 },
    kite: { tradingsymbol: 'NIFTY2580724400CE', exchange: 'NFO', transaction_type: 'BUY', quantity: 75 },
  },
} as const satisfies Record<Extract<Product, 'CNC' | 'MIS' | 'NRML'>, unknown>;

/** Kite requires market protection on these, on place and on modify. */
const MARKET_PROTECTED: readonly PriceType[] = ['MARKET', 'SL-M'];

function marketProtection(priceType: PriceType): IntendedDifference[] {
  return MARKET_PROTECTED.includes(priceType) ? ['marketProtection'] : [];
}

const placeCases = Object.entries(PRODUCTS).flatMap(([product, instrument]) =>
  (Object.keys(PRICE_TYPES) as PriceType[]).map((priceType) => ({
    name: `${priceType} ${product} ${instrument.ours.exchange}:${instrument.ours.symbol}`,
    product: product as keyof typeof PRODUCTS,
    priceType,
  })),
);

describe('place order (variety regular, the only one the adapter uses)', () => {
  it.each(placeCases)('$name', async ({ product, priceType }) => {
    const instrument = PRODUCTS[product];
    const prices = PRICE_TYPES[priceType];
    const reply = ok({ order_id: ORDER_IDS[1] });
    const sdk = await sdkRequests(reply, (kite) =>
      kite.placeOrder('regular', {
        ...instrument.kite,
        product,
        order_type: priceType,
        ...prices.kite,
        validity: 'DAY',
        tag: 'oa1234',
      }),
    );
    const ours = await adapterRequests({ 'POST /orders/regular': reply }, (adapter) =>
      adapter.placeOrder(
        orderRequest({ ...instrument.ours, product, priceType, ...prices.ours, clientOrderId: 'oa1234' }),
      ),
    );
    expectEquivalent(sdk[0], ours[0], ['userAgent', 'variety', ...marketProtection(priceType)]);
  });

  it('a disclosed quantity on the BSE listing', async () => {
    const reply = ok({ order_id: ORDER_IDS[0] });
    const sdk = await sdkRequests(reply, (kite) =>
      kite.placeOrder('regular', {
        tradingsymbol: 'SBIN',
        exchange: 'BSE',
        transaction_type: 'SELL',
        quantity: 100,
        disclosed_quantity: 10,
        product: 'CNC',
        order_type: 'LIMIT',
        price: 802.35,
        validity: 'DAY',
        tag: 'oa5',
      }),
    );
    const ours = await adapterRequests({ 'POST /orders/regular': reply }, (adapter) =>
      adapter.placeOrder(
        orderRequest({
          symbol: 'SBIN',
          exchange: 'BSE',
          action: 'SELL',
          quantity: 100,
          disclosedQuantity: 10,
          product: 'CNC',
          priceType: 'LIMIT',
          price: 802.35,
          clientOrderId: 'oa5',
        }),
      ),
    );
    expectEquivalent(sdk[0], ours[0], ['userAgent', 'variety']);
  });
});

const modifyCases = ORDER_IDS.flatMap((orderId) =>
  (Object.keys(PRICE_TYPES) as PriceType[]).map((priceType) => ({ orderId, priceType })),
);

describe('modify order', () => {
  it.each(modifyCases)('to $priceType, order $orderId', async ({ orderId, priceType }) => {
    const prices = PRICE_TYPES[priceType];
    const reply = ok({ order_id: orderId });
    const params: SdkModify = { order_type: priceType, quantity: 20, ...prices.kite, validity: 'DAY' };
    const sdk = await sdkRequests(reply, (kite) => kite.modifyOrder('regular', orderId, params));
    const ours = await adapterRequests({ [`PUT /orders/regular/${orderId}`]: reply }, (adapter) =>
      adapter.modifyOrder(
        modifyRequest({ orderId, priceType, product: 'CNC', quantity: 20, ...prices.ours }),
      ),
    );
    expectEquivalent(sdk[0], ours[0], [
      'userAgent',
      'variety',
      'modifyOrderId',
      ...marketProtection(priceType),
    ]);
  });

  it('with a disclosed quantity', async () => {
    const [orderId] = ORDER_IDS;
    const reply = ok({ order_id: orderId });
    const sdk = await sdkRequests(reply, (kite) =>
      kite.modifyOrder('regular', orderId, {
        order_type: 'LIMIT',
        quantity: 50,
        price: 419.05,
        disclosed_quantity: 5,
        validity: 'DAY',
      }),
    );
    const ours = await adapterRequests({ [`PUT /orders/regular/${orderId}`]: reply }, (adapter) =>
      adapter.modifyOrder(
        modifyRequest({ orderId, priceType: 'LIMIT', quantity: 50, price: 419.05, disclosedQuantity: 5 }),
      ),
    );
    expectEquivalent(sdk[0], ours[0], ['userAgent', 'variety', 'modifyOrderId']);
  });
});

describe('cancel, order book, order history and trades', () => {
  it.each(ORDER_IDS)('cancel order %s', async (orderId) => {
    const reply = ok({ order_id: orderId });
    const sdk = await sdkRequests(reply, (kite) => kite.cancelOrder('regular', orderId));
    const ours = await adapterRequests({ [`DELETE /orders/regular/${orderId}`]: reply }, (adapter) =>
      adapter.cancelOrder(orderId),
    );
    expectEquivalent(sdk[0], ours[0], [...BODYLESS, 'cancelVariety', 'queryOrderId']);
  });

  it('order book', async () => {
    const reply = { status: 200, body: fixture('orders.json') };
    const sdk = await sdkRequests(reply, (kite) => kite.getOrders());
    const ours = await adapterRequests({ 'GET /orders': reply }, (adapter) => adapter.getOrders());
    expectEquivalent(sdk[0], ours[0], BODYLESS);
  });

  it('order history', async () => {
    const orderId = '171229000724687';
    const reply = { status: 200, body: fixture('order_info.json') };
    const sdk = await sdkRequests(reply, (kite) => kite.getOrderHistory(orderId));
    const ours = await adapterRequests({ [`GET /orders/${orderId}`]: reply }, (adapter) =>
      adapter.getOrder(orderId),
    );
    expectEquivalent(sdk[0], ours[0], [...BODYLESS, 'queryOrderId']);
  });

  it('trade book', async () => {
    const reply = { status: 200, body: fixture('trades.json') };
    const sdk = await sdkRequests(reply, (kite) => kite.getTrades());
    const ours = await adapterRequests({ 'GET /trades': reply }, (adapter) => adapter.getTrades());
    expectEquivalent(sdk[0], ours[0], BODYLESS);
  });
});
