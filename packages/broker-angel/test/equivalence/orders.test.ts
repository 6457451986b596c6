import type { PriceType, Product } from '@openalgo/core';
import { modifyRequest, orderRequest } from '@openalgo/core/testing';
import { useNock } from '@openalgo/testkit/oracle';
import { afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import { adapterRequests } from './adapter-side.js';
import { ALWAYS, expectEquivalent, expectRequests } from './intended-differences.js';
import { ORDER_ACK, ORDER_ID, orderRow } from './replies.js';
import { ok, sdkRequests } from './sdk-side.js';

useNock({ beforeAll, afterEach, afterAll });

const ORDERS = '/rest/secure/angelbroking/order/v1';
const PLACE = `POST ${ORDERS}/placeOrder`;
const MODIFY = `POST ${ORDERS}/modifyOrder`;
const CANCEL = `POST ${ORDERS}/cancelOrder`;
const BOOK = `GET ${ORDERS}/getOrderBook`;

/**
 * How each price type is asked for, on each side. The SDK side is written from Angel's order docs and
 * the SDK's own example (brokers.md §2.4, §2.8; `test/api_config.js`): every number a string,
 * `variety` NORMAL or STOPLOSS, `squareoff`/`stoploss` "0" outside ROBO orders, a trigger only on the
 * two stop-loss types — not from the adapter.
 */
const PRICE_TYPES: Record<
  PriceType,
  { ours: { price: number; triggerPrice: number }; angel: Record<string, string> }
> = {
  MARKET: {
    ours: { price: 0, triggerPrice: 0 },
    angel: { variety: 'NORMAL', ordertype: 'MARKET', price: '0' },
  },
  LIMIT: {
    ours: { price: 420.5, triggerPrice: 0 },
    angel: { variety: 'NORMAL', ordertype: 'LIMIT', price: '420.5' },
  },
  SL: {
    ours: { price: 421, triggerPrice: 420.95 },
    angel: { variety: 'STOPLOSS', ordertype: 'STOPLOSS_LIMIT', price: '421', triggerprice: '420.95' },
  },
  'SL-M': {
    ours: { price: 0, triggerPrice: 419.95 },
    angel: { variety: 'STOPLOSS', ordertype: 'STOPLOSS_MARKET', price: '0', triggerprice: '419.95' },
  },
};

/** One instrument per product, as OpenAlgo names it and as Angel does (§2.8 product mapping). */
const PRODUCTS = {
  CNC: {
    ours: { symbol: 'SBIN', exchange: 'NSE', action: 'BUY', quantity: 10 },
    angel: {
      tradingsymbol: 'SBIN-EQ',
      symboltoken: '3045',
      exchange: 'NSE',
      transactiontype: 'BUY',
      quantity: '10',
    },
    producttype: 'DELIVERY',
  },
  // `&` travels inside a JSON string: nothing to encode, but nothing may be lost either.
  MIS: {
    ours: { symbol: 'M&M', exchange: 'NSE', action: 'SELL', quantity: 3 },
    angel: {
      tradingsymbol: 'M&M-EQ',
      symboltoken: '2031',
      exchange: 'NSE',
      transactiontype: 'SELL',
      quantity: '3',
    },
    producttype: 'INTRADAY',
  },
  NRML: {
    ours: { symbol: 'NIFTY29JAN2624000CE', exchange: 'NFO', action: 'BUY', quantity: 75 },
    angel: {
      tradingsymbol: 'NIFTY29JAN2624000CE',
      symboltoken: '43512',
      exchange: 'NFO',
      transactiontype: 'BUY',
      quantity: '75',
    },
    producttype: 'CARRYFORWARD',
  },
} as const satisfies Record<Extract<Product, 'CNC' | 'MIS' | 'NRML'>, unknown>;

const placeCases = Object.entries(PRODUCTS).flatMap(([product, instrument]) =>
  (Object.keys(PRICE_TYPES) as PriceType[]).map((priceType) => ({
    name: `${priceType} ${product} ${instrument.ours.exchange}:${instrument.ours.symbol}`,
    product: product as keyof typeof PRODUCTS,
    priceType,
  })),
);

describe('place order: every price type (variety NORMAL/STOPLOSS) and product', () => {
  it.each(placeCases)('$name', async ({ product, priceType }) => {
    const instrument = PRODUCTS[product];
    const prices = PRICE_TYPES[priceType];
    const sdk = await sdkRequests(ORDER_ACK, (client) =>
      client.placeOrder({
        ...instrument.angel,
        ...prices.angel,
        producttype: instrument.producttype,
        duration: 'DAY',
        squareoff: '0',
        stoploss: '0',
        ordertag: 'oa1234',
      }),
    );
    const ours = await adapterRequests({ [PLACE]: ORDER_ACK }, (adapter) =>
      adapter.placeOrder(
        orderRequest({ ...instrument.ours, product, priceType, ...prices.ours, clientOrderId: 'oa1234' }),
      ),
    );
    expectEquivalent(sdk[0], ours[0], ALWAYS);
  });

  const other = [
    {
      name: 'a disclosed quantity on the BSE listing (CNC LIMIT)',
      ours: { symbol: 'SBIN', exchange: 'BSE', action: 'SELL', quantity: 100, disclosedQuantity: 10 },
      angel: { tradingsymbol: 'SBIN', symboltoken: '500112', exchange: 'BSE', transactiontype: 'SELL' },
      extra: { quantity: '100', disclosedquantity: '10', producttype: 'DELIVERY' },
      product: 'CNC',
    },
    {
      name: 'a commodity future on MCX (NRML LIMIT)',
      ours: { symbol: 'CRUDEOIL19JAN26FUT', exchange: 'MCX', action: 'BUY', quantity: 100 },
      angel: {
        tradingsymbol: 'CRUDEOIL19JAN26FUT',
        symboltoken: '440211',
        exchange: 'MCX',
        transactiontype: 'BUY',
      },
      extra: { quantity: '100', producttype: 'CARRYFORWARD' },
      product: 'NRML',
    },
    {
      name: 'a SENSEX weekly option on BFO (MIS LIMIT)',
      ours: { symbol: 'SENSEX08JAN2682000PE', exchange: 'BFO', action: 'SELL', quantity: 20 },
      angel: {
        tradingsymbol: 'SENSEX08JAN2682000PE',
        symboltoken: '1130567',
        exchange: 'BFO',
        transactiontype: 'SELL',
      },
      extra: { quantity: '20', producttype: 'INTRADAY' },
      product: 'MIS',
    },
  ] as const;

  it.each(other)('$name', async (c) => {
    const sdk = await sdkRequests(ORDER_ACK, (client) =>
      client.placeOrder({
        ...c.angel,
        ...c.extra,
        ...PRICE_TYPES.LIMIT.angel,
        duration: 'DAY',
        squareoff: '0',
        stoploss: '0',
        ordertag: 'oa77',
      }),
    );
    const ours = await adapterRequests({ [PLACE]: ORDER_ACK }, (adapter) =>
      adapter.placeOrder(
        orderRequest({
          ...c.ours,
          product: c.product,
          priceType: 'LIMIT',
          price: 420.5,
          clientOrderId: 'oa77',
        }),
      ),
    );
    expectEquivalent(sdk[0], ours[0], ALWAYS);
  });
});

describe('modify order', () => {
  it.each(Object.keys(PRICE_TYPES) as PriceType[])('to %s', async (priceType) => {
    const prices = PRICE_TYPES[priceType];
    const reply = ok({ orderid: ORDER_ID, uniqueorderid: 'a0f3c8f4-0d2b-4c57-9b47-3d6f1f0e2a11' });
    const sdk = await sdkRequests(reply, (client) =>
      client.modifyOrder({
        ...prices.angel,
        orderid: ORDER_ID,
        producttype: 'INTRADAY',
        duration: 'DAY',
        quantity: '5',
        tradingsymbol: 'SBIN-EQ',
        symboltoken: '3045',
        exchange: 'NSE',
      }),
    );
    const ours = await adapterRequests({ [MODIFY]: reply }, (adapter) =>
      adapter.modifyOrder(
        modifyRequest({
          orderId: ORDER_ID,
          symbol: 'SBIN',
          exchange: 'NSE',
          action: 'BUY',
          quantity: 5,
          product: 'MIS',
          priceType,
          ...prices.ours,
        }),
      ),
    );
    // The variety follows the new price type, as for a place; nothing is looked up first.
    expectEquivalent(sdk[0], expectRequests(ours, MODIFY), ALWAYS);
  });
});

describe('cancel order', () => {
  it.each([
    ['NORMAL', orderRow()],
    ['STOPLOSS', orderRow({ variety: 'STOPLOSS', ordertype: 'STOPLOSS_LIMIT', status: 'trigger pending' })],
  ] as const)('an open %s order: cancelOrder with its variety and order id', async (variety, row) => {
    const reply = ok({ orderid: ORDER_ID, uniqueorderid: 'a0f3c8f4-0d2b-4c57-9b47-3d6f1f0e2a11' });
    const sdk = await sdkRequests(reply, (client) => client.cancelOrder({ variety, orderid: ORDER_ID }));
    const ours = await adapterRequests({ [CANCEL]: reply, [BOOK]: ok([row]) }, (adapter) =>
      adapter.cancelOrder(ORDER_ID),
    );
    expectEquivalent(sdk[0], expectRequests(ours, CANCEL, ['cancelReadsVariety']), ALWAYS);
  });
});
