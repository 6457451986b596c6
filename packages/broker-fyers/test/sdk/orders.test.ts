import { onlyLoopback } from '@openalgo/testkit/oracle';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FyersReply } from './fyers-sdk.js';
import {
  ORDER_DEFAULTS,
  orderById,
  place,
  SBIN,
  STATUS,
  startTradingSession,
  type TradingSession,
} from './orders-support.js';
import type { SdkSession } from './sdk-session.js';

onlyLoopback({ beforeAll, afterAll });

let s: SdkSession;
let future: TradingSession['future'];
beforeEach(async () => {
  ({ s, future } = await startTradingSession());
});
afterEach(() => s.close());

describe('place_order: every order type and product', () => {
  const cases: Array<[string, () => Record<string, unknown>, number]> = [
    [
      'MARKET BUY INTRADAY',
      () => ({
        symbol: SBIN,
        qty: 2,
        type: 2,
        side: 1,
        productType: 'INTRADAY',
        limitPrice: 0,
        stopPrice: 0,
      }),
      STATUS.filled,
    ],
    [
      'LIMIT BUY CNC below the market',
      () => ({ symbol: SBIN, qty: 3, type: 1, side: 1, productType: 'CNC', limitPrice: 590, stopPrice: 0 }),
      STATUS.open,
    ],
    [
      'SL-L BUY INTRADAY, trigger above the market',
      () => ({
        symbol: SBIN,
        qty: 4,
        type: 4,
        side: 1,
        productType: 'INTRADAY',
        limitPrice: 611,
        stopPrice: 610,
      }),
      STATUS.triggerPending,
    ],
    [
      'SL-M SELL INTRADAY, trigger below the market',
      () => ({
        symbol: SBIN,
        qty: 5,
        type: 3,
        side: -1,
        productType: 'INTRADAY',
        limitPrice: 0,
        stopPrice: 590,
      }),
      STATUS.triggerPending,
    ],
    [
      'MARKET SELL MARGIN, a future, one lot',
      () => ({
        symbol: future.ticker,
        qty: future.lot,
        type: 2,
        side: -1,
        productType: 'MARGIN',
        limitPrice: 0,
        stopPrice: 0,
      }),
      STATUS.filled,
    ],
    [
      'LIMIT BUY MARGIN, a future, two lots below the market',
      () => ({
        symbol: future.ticker,
        qty: 2 * future.lot,
        type: 1,
        side: 1,
        productType: 'MARGIN',
        limitPrice: 22_500,
        stopPrice: 0,
      }),
      STATUS.open,
    ],
    [
      'offlineOrder sent as the string "False" (Postman samples)',
      () => ({
        symbol: SBIN,
        qty: 1,
        type: 1,
        side: 1,
        productType: 'CNC',
        limitPrice: 590,
        stopPrice: 0,
        offlineOrder: 'False',
      }),
      STATUS.open,
    ],
  ];

  it.each(cases)('%s', async (_name, order, status) => {
    const params = order();
    const id = await place(s.client, { ...params, orderTag: 'sdk1' });
    const row = await orderById(s.client, id);
    expect(row).toMatchObject({
      id,
      symbol: params.symbol,
      qty: params.qty,
      type: params.type,
      side: params.side,
      productType: params.productType,
      status,
      orderTag: 'sdk1',
      orderNumStatus: `${id}:${status}`,
    });
  });

  it('refuses an unknown symbol, a zero quantity and a price outside the circuit, as Fyers’ error body', async () => {
    for (const order of [
      {
        symbol: future.ticker,
        qty: future.lot,
        type: 1,
        side: 1,
        productType: 'MARGIN',
        limitPrice: 1000,
        stopPrice: 0,
      },
      {
        symbol: 'NSE:NOSUCH-EQ',
        qty: 1,
        type: 2,
        side: 1,
        productType: 'INTRADAY',
        limitPrice: 0,
        stopPrice: 0,
      },
      { symbol: SBIN, qty: 0, type: 2, side: 1, productType: 'INTRADAY', limitPrice: 0, stopPrice: 0 },
    ]) {
      const error = (await s.client
        .place_order({ ...ORDER_DEFAULTS, ...order })
        .catch((e: FyersReply) => e)) as FyersReply;
      // An order reply may carry an `id` even when refused (brokers.md §3.10); nothing else.
      expect(
        Object.keys(error)
          .filter((key) => key !== 'id')
          .sort(),
      ).toEqual(['code', 'message', 's']);
      expect(error).toMatchObject({ s: 'error', code: expect.any(Number), message: expect.any(String) });
      expect(error.code).toBeLessThan(0);
    }
  });
});

describe('modify_order and cancel_order', () => {
  it('modifies a resting LIMIT’s price and quantity, then cancels it', async () => {
    const id = await place(s.client, {
      symbol: SBIN,
      qty: 3,
      type: 1,
      side: 1,
      productType: 'CNC',
      limitPrice: 590,
      stopPrice: 0,
    });
    expect(await s.client.modify_order({ id, type: 1, limitPrice: 591.5, qty: 4 })).toMatchObject({
      s: 'ok',
      id,
    });
    expect(await orderById(s.client, id)).toMatchObject({ limitPrice: 591.5, qty: 4, status: STATUS.open });
    expect(await s.client.cancel_order({ id })).toMatchObject({ s: 'ok', id });
    expect(await orderById(s.client, id)).toMatchObject({ status: STATUS.cancelled });
  });

  it('modifies an SL-M into a LIMIT that fills', async () => {
    const id = await place(s.client, {
      symbol: SBIN,
      qty: 5,
      type: 3,
      side: -1,
      productType: 'INTRADAY',
      limitPrice: 0,
      stopPrice: 590,
    });
    expect(await s.client.modify_order({ id, type: 1, limitPrice: 590, stopPrice: 0, qty: 5 })).toMatchObject(
      { s: 'ok' },
    );
    expect(await orderById(s.client, id)).toMatchObject({ type: 1, status: STATUS.filled });
  });

  it('refuses to cancel a filled order and an unknown id, as the body with a negative code', async () => {
    const filled = await place(s.client, {
      symbol: SBIN,
      qty: 1,
      type: 2,
      side: 1,
      productType: 'INTRADAY',
      limitPrice: 0,
      stopPrice: 0,
    });
    for (const id of [filled, '26010500000000']) {
      const error = (await s.client.cancel_order({ id }).catch((e: FyersReply) => e)) as FyersReply;
      expect(error).toMatchObject({ s: 'error' });
      expect(error.code).toBeLessThan(0);
    }
  });
});
