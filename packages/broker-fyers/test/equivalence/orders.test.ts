import { ManualClock, type PriceType, type Product, TradingService } from '@openalgo/core';
import { modifyRequest, orderRequest, RecordingLogger } from '@openalgo/core/testing';
import { useNock } from '@openalgo/testkit/oracle';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ALWAYS, expectAllEquivalent, expectEquivalent } from './intended-differences.js';
import { ORDER_BOOK, ORDER_ID, PLACED, POSITIONS, ROWS } from './replies.js';
import { adapterRequests, ok, sdkRequests } from './sides.js';

useNock({ beforeAll, afterEach, afterAll });

/**
 * How each price type is asked for, on each side. The SDK side is written from Fyers' order
 * documentation (brokers.md §3.4, §3.10: type 1 LIMIT, 2 MARKET, 3 SL-M, 4 SL-L; a limit price only
 * for LIMIT and SL-L, a stop price only for the stop types, 0 otherwise), not from the adapter.
 */
const PRICE_TYPES: Record<
  PriceType,
  {
    ours: { price: number; triggerPrice: number };
    fyers: { type: number; limitPrice: number; stopPrice: number };
  }
> = {
  MARKET: { ours: { price: 0, triggerPrice: 0 }, fyers: { type: 2, limitPrice: 0, stopPrice: 0 } },
  LIMIT: { ours: { price: 600.5, triggerPrice: 0 }, fyers: { type: 1, limitPrice: 600.5, stopPrice: 0 } },
  SL: { ours: { price: 601, triggerPrice: 600.95 }, fyers: { type: 4, limitPrice: 601, stopPrice: 600.95 } },
  'SL-M': { ours: { price: 0, triggerPrice: 599.95 }, fyers: { type: 3, limitPrice: 0, stopPrice: 599.95 } },
};

/** One instrument per product, as OpenAlgo names it and as Fyers does (§3.8: CNC, INTRADAY, MARGIN). */
const PRODUCTS = {
  CNC: {
    fyersProduct: 'CNC',
    ours: { symbol: 'SBIN', exchange: 'NSE', action: 'BUY', quantity: 10 },
    fyers: { symbol: 'NSE:SBIN-EQ', side: 1, qty: 10 },
  },
  // `&` must survive the JSON body; a SELL is side -1.
  MIS: {
    fyersProduct: 'INTRADAY',
    ours: { symbol: 'M&M', exchange: 'NSE', action: 'SELL', quantity: 3 },
    fyers: { symbol: 'NSE:M&M-EQ', side: -1, qty: 3 },
  },
  // OpenAlgo's weekly option symbol becomes Fyers' ticker from the master.
  NRML: {
    fyersProduct: 'MARGIN',
    ours: { symbol: 'NIFTY19DEC2424000CE', exchange: 'NFO', action: 'BUY', quantity: 75 },
    fyers: { symbol: 'NSE:NIFTY24D1924000CE', side: 1, qty: 75 },
  },
} as const satisfies Record<Extract<Product, 'CNC' | 'MIS' | 'NRML'>, unknown>;

/** The fields every Fyers place carries besides the instrument and prices (§3.8 order body). */
const FYERS_ORDER_DEFAULTS = {
  validity: 'DAY',
  disclosedQty: 0,
  offlineOrder: false,
  stopLoss: 0,
  takeProfit: 0,
};

const placeCases = Object.entries(PRODUCTS).flatMap(([product, instrument]) =>
  (Object.keys(PRICE_TYPES) as PriceType[]).map((priceType) => ({
    name: `${priceType} ${product} ${instrument.fyers.symbol}`,
    product: product as keyof typeof PRODUCTS,
    priceType,
  })),
);

describe('place order: POST /orders/sync', () => {
  it.each(placeCases)('$name', async ({ product, priceType }) => {
    const instrument = PRODUCTS[product];
    const prices = PRICE_TYPES[priceType];
    const sdk = await sdkRequests(PLACED, (client) =>
      client.place_order({
        ...instrument.fyers,
        ...prices.fyers,
        productType: instrument.fyersProduct,
        ...FYERS_ORDER_DEFAULTS,
        orderTag: 'oa1234',
      }),
    );
    const ours = await adapterRequests(
      PLACED,
      (adapter) =>
        adapter.placeOrder(
          orderRequest({ ...instrument.ours, product, priceType, ...prices.ours, clientOrderId: 'oa1234' }),
        ),
      ROWS,
    );
    expect(ours).toHaveLength(1);
    expectEquivalent(sdk[0], ours[0], ALWAYS);
  });

  it('a disclosed quantity on BSE, and an MCX future', async () => {
    const sdk = await sdkRequests(PLACED, async (client) => {
      await client.place_order({
        symbol: 'BSE:RELIANCE-A',
        qty: 100,
        type: 1,
        side: -1,
        productType: 'CNC',
        limitPrice: 1402.35,
        stopPrice: 0,
        ...FYERS_ORDER_DEFAULTS,
        disclosedQty: 10,
        orderTag: 'oa5',
      });
      await client.place_order({
        symbol: 'MCX:CRUDEOIL24DECFUT',
        qty: 200,
        type: 2,
        side: 1,
        productType: 'MARGIN',
        limitPrice: 0,
        stopPrice: 0,
        ...FYERS_ORDER_DEFAULTS,
        orderTag: 'oa6',
      });
    });
    const ours = await adapterRequests(
      PLACED,
      async (adapter) => {
        await adapter.placeOrder(
          orderRequest({
            symbol: 'RELIANCE',
            exchange: 'BSE',
            action: 'SELL',
            quantity: 100,
            disclosedQuantity: 10,
            product: 'CNC',
            priceType: 'LIMIT',
            price: 1402.35,
            clientOrderId: 'oa5',
          }),
        );
        await adapter.placeOrder(
          orderRequest({
            symbol: 'CRUDEOIL19DEC24FUT',
            exchange: 'MCX',
            action: 'BUY',
            quantity: 200,
            product: 'NRML',
            priceType: 'MARKET',
            clientOrderId: 'oa6',
          }),
        );
      },
      ROWS,
    );
    expect(ours).toHaveLength(2);
    expectEquivalent(sdk[0], ours[0], ALWAYS);
    expectEquivalent(sdk[1], ours[1], ALWAYS);
  });
});

describe('modify order: PATCH /orders/sync', () => {
  it.each(Object.keys(PRICE_TYPES) as PriceType[])('to %s', async (priceType) => {
    const prices = PRICE_TYPES[priceType];
    const reply = ok({ message: 'Successfully modified order', id: ORDER_ID });
    const sdk = await sdkRequests(reply, (client) =>
      client.modify_order({ id: ORDER_ID, qty: 20, ...prices.fyers }),
    );
    const ours = await adapterRequests(
      reply,
      (adapter) =>
        adapter.modifyOrder(
          modifyRequest({ orderId: ORDER_ID, priceType, product: 'MIS', quantity: 20, ...prices.ours }),
        ),
      ROWS,
    );
    expect(ours).toHaveLength(1);
    expectEquivalent(sdk[0], ours[0], ALWAYS);
  });
});

describe('cancel, order book, one order', () => {
  it('cancel: DELETE /orders/sync with {id} as a JSON body', async () => {
    const reply = ok({ message: 'Successfully cancelled order', id: ORDER_ID });
    const sdk = await sdkRequests(reply, (client) => client.cancel_order({ id: ORDER_ID }));
    const ours = await adapterRequests(reply, (adapter) => adapter.cancelOrder(ORDER_ID), ROWS);
    expect(ours).toHaveLength(1);
    expectEquivalent(sdk[0], ours[0], ALWAYS);
  });

  it('order book: GET /orders', async () => {
    const sdk = await sdkRequests(ORDER_BOOK, (client) => client.get_orders());
    const ours = await adapterRequests(ORDER_BOOK, (adapter) => adapter.getOrders(), ROWS);
    expectEquivalent(sdk[0], ours[0], ALWAYS);
  });

  it('one order: GET /orders?id=<id>', async () => {
    const sdk = await sdkRequests(ORDER_BOOK, (client) => client.get_filtered_orders({ order_id: ORDER_ID }));
    const ours = await adapterRequests(ORDER_BOOK, (adapter) => adapter.getOrder(ORDER_ID), ROWS);
    expectEquivalent(sdk[0], ours[0], ALWAYS);
  });
});

describe('exit a position', () => {
  /**
   * Fyers exits in one call (`exit_position`, `DELETE /positions {id}`), which the adapter does not
   * use: the contract has no exit primitive, and core's `closeAllPositions` reads the positions and
   * places a tagged MARKET order the other way, reconciled like any order (src/adapter.ts). The
   * equivalent SDK calls are `get_positions` then `place_order`; those are compared here.
   */
  it('closeAllPositions: GET /positions, then a MARKET order the other way for the whole quantity', async () => {
    const reply = (route: string) => (route.endsWith('/positions') ? POSITIONS : PLACED);
    const sdk = [
      ...(await sdkRequests(POSITIONS, (client) => client.get_positions())),
      ...(await sdkRequests(PLACED, (client) =>
        client.place_order({
          symbol: 'NSE:SBIN-EQ',
          qty: 10,
          type: 2,
          side: -1,
          productType: 'INTRADAY',
          limitPrice: 0,
          stopPrice: 0,
          ...FYERS_ORDER_DEFAULTS,
          orderTag: 'oasquare1',
        }),
      )),
    ];
    const ours = await adapterRequests(
      reply,
      async (adapter) => {
        const trading = new TradingService({
          adapter,
          clock: new ManualClock(Date.UTC(2026, 0, 5, 4, 0)),
          logger: new RecordingLogger(),
          newClientOrderId: () => 'oasquare1',
        });
        expect(await trading.closeAllPositions()).toMatchObject({ status: 'success' });
      },
      ROWS,
    );
    expectAllEquivalent(sdk, ours, ALWAYS);
  });
});
