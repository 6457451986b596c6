import { onlyLoopback } from '@openalgo/testkit/oracle';
import type { Connect } from 'kiteconnect';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lastForm, rejectionOf, type SdkSession, startSdkSession } from './sdk-session.js';

onlyLoopback({ beforeAll, afterAll });

type PlaceParams = Parameters<Connect['placeOrder']>[1];
/** `market_protection` (SDK ≥ 5.2.0 sends it; its 5.3.0 typings do not list it yet). */
type WithProtection<T> = T & { market_protection?: number };

const SBIN = { exchange: 'NSE', tradingsymbol: 'SBIN' } as const;
const FUT = { exchange: 'NFO', tradingsymbol: 'NIFTY26JANFUT' } as const;
/** Pinned prices: a tick is 0.05, so the book's ask is 800.05 and its bid 799.95. */
const SBIN_PRICE = 800;
const FUT_PRICE = 23_000;

let s: SdkSession;
let lot: number;
beforeEach(async () => {
  s = await startSdkSession();
  s.sim.backdoor.setPrice('NSE:SBIN', SBIN_PRICE);
  s.sim.backdoor.setPrice('NFO:NIFTY26JANFUT', FUT_PRICE);
  lot = s.sim.master.get(FUT.exchange, FUT.tradingsymbol)?.lotSize ?? 0;
  expect(lot).toBeGreaterThan(1);
});
afterEach(() => s.close());

async function place(params: WithProtection<PlaceParams>): Promise<string> {
  const { order_id } = await s.kc.placeOrder('regular', params as PlaceParams);
  expect(order_id).toMatch(/^\d{15,19}$/);
  return order_id;
}

const backdoorOrder = (id: string) => s.sim.backdoor.orders().find((o) => o.orderId === id);

describe('placeOrder (regular): every price type and product the simulator runs', () => {
  const cases: Array<[string, () => WithProtection<PlaceParams>, string]> = [
    [
      'MARKET BUY MIS',
      () => ({
        ...SBIN,
        transaction_type: 'BUY',
        order_type: 'MARKET',
        product: 'MIS',
        quantity: 2,
        market_protection: -1,
      }),
      'COMPLETE',
    ],
    [
      'LIMIT BUY CNC below the market',
      () => ({
        ...SBIN,
        transaction_type: 'BUY',
        order_type: 'LIMIT',
        product: 'CNC',
        quantity: 3,
        price: 790,
      }),
      'OPEN',
    ],
    [
      'SL BUY MIS with its trigger above the market',
      () => ({
        ...SBIN,
        transaction_type: 'BUY',
        order_type: 'SL',
        product: 'MIS',
        quantity: 4,
        price: 811,
        trigger_price: 810,
      }),
      'TRIGGER PENDING',
    ],
    [
      'SL-M SELL MIS with its trigger below the market',
      () => ({
        ...SBIN,
        transaction_type: 'SELL',
        order_type: 'SL-M',
        product: 'MIS',
        quantity: 5,
        trigger_price: 790,
        market_protection: -1,
      }),
      'TRIGGER PENDING',
    ],
    [
      'MARKET SELL NRML (a future, one lot)',
      () => ({
        ...FUT,
        transaction_type: 'SELL',
        order_type: 'MARKET',
        product: 'NRML',
        quantity: lot,
        market_protection: -1,
      }),
      'COMPLETE',
    ],
    [
      'LIMIT BUY NRML (a future, two lots)',
      () => ({
        ...FUT,
        transaction_type: 'BUY',
        order_type: 'LIMIT',
        product: 'NRML',
        quantity: 2 * lot,
        price: 22_900,
      }),
      'OPEN',
    ],
  ];

  it.each(cases)('%s: the simulator books exactly what was sent', async (_name, make, status) => {
    const params = make();
    const id = await place({ ...params, tag: 'sdk1' });
    expect(backdoorOrder(id)).toMatchObject({
      exchange: params.exchange,
      tradingsymbol: params.tradingsymbol,
      quantity: params.quantity,
      tag: 'sdk1',
      status,
    });
    const history = await s.kc.getOrderHistory(id);
    expect(history.at(-1)).toMatchObject({
      order_id: id,
      status,
      transaction_type: params.transaction_type,
      order_type: params.order_type,
      product: params.product,
      variety: 'regular',
      validity: 'DAY',
      quantity: params.quantity,
      price: params.price ?? 0,
      trigger_price: params.trigger_price ?? 0,
      tag: 'sdk1',
    });
    const form = lastForm(s.sim, 'POST', '/orders/regular');
    expect(form.market_protection).toBe(params.market_protection === undefined ? undefined : '-1');
    expect(form.variety).toBe('regular');
  });

  it('fills a MARKET buy at the ask and reports it in orders, trades, order trades and positions', async () => {
    const id = await place({
      ...SBIN,
      transaction_type: 'BUY',
      order_type: 'MARKET',
      product: 'MIS',
      quantity: 2,
      market_protection: -1,
    });
    const resting = await place({
      ...SBIN,
      transaction_type: 'BUY',
      order_type: 'LIMIT',
      product: 'MIS',
      quantity: 1,
      price: 700,
    });
    const orders = await s.kc.getOrders();
    expect(orders.map((o) => [o.order_id, o.status])).toEqual([
      [id, 'COMPLETE'],
      [resting, 'OPEN'],
    ]);
    const filled = orders[0];
    expect(filled).toMatchObject({ filled_quantity: 2, pending_quantity: 0, average_price: 800.05 });
    // The SDK turns 19-character timestamps into Dates: the simulator's format parses.
    expect(filled?.order_timestamp).toBeInstanceOf(Date);
    expect(filled?.exchange_timestamp).toBeInstanceOf(Date);

    const trades = await s.kc.getTrades();
    expect(trades).toHaveLength(1);
    expect(trades[0]).toMatchObject({
      order_id: id,
      quantity: 2,
      average_price: 800.05,
      transaction_type: 'BUY',
    });
    expect(await s.kc.getOrderTrades(id)).toEqual(trades);
    expect(await s.kc.getOrderTrades(resting)).toEqual([]);

    const { net, day } = await s.kc.getPositions();
    expect(net).toHaveLength(1);
    expect(net[0]).toMatchObject({
      ...SBIN,
      product: 'MIS',
      quantity: 2,
      buy_quantity: 2,
      average_price: 800.05,
    });
    expect(day[0]).toMatchObject({ ...SBIN, quantity: 2, day_buy_quantity: 2 });
  });

  it('shows a CNC buy in getHoldings as T+1 quantity', async () => {
    await place({
      ...SBIN,
      transaction_type: 'BUY',
      order_type: 'MARKET',
      product: 'CNC',
      quantity: 5,
      market_protection: -1,
    });
    const holdings = await s.kc.getHoldings();
    expect(holdings).toHaveLength(1);
    expect(holdings[0]).toMatchObject({
      ...SBIN,
      product: 'CNC',
      quantity: 0,
      t1_quantity: 5,
      average_price: 800.05,
    });
  });
});

describe('modifyOrder, cancelOrder, exitOrder', () => {
  const limit = (): PlaceParams => ({
    ...SBIN,
    transaction_type: 'BUY',
    order_type: 'LIMIT',
    product: 'MIS',
    quantity: 1,
    price: 790,
  });

  it('modifies price and quantity: the order rests OPEN on the new terms', async () => {
    const id = await place(limit());
    expect(await s.kc.modifyOrder('regular', id, { price: 795, quantity: 5 })).toEqual({ order_id: id });
    const latest = (await s.kc.getOrderHistory(id)).at(-1);
    expect(latest).toMatchObject({ status: 'OPEN', price: 795, quantity: 5, order_type: 'LIMIT' });
    expect(backdoorOrder(id)).toMatchObject({ quantity: 5, status: 'OPEN' });
    expect(lastForm(s.sim, 'PUT', `/orders/regular/${id}`)).toMatchObject({ price: '795', quantity: '5' });
  });

  it('modifies a LIMIT into a MARKET order (with market protection): it fills', async () => {
    const id = await place(limit());
    const change = { order_type: 'MARKET' as const, market_protection: -1 };
    await s.kc.modifyOrder('regular', id, change as Parameters<Connect['modifyOrder']>[2]);
    const latest = (await s.kc.getOrderHistory(id)).at(-1);
    expect(latest).toMatchObject({
      status: 'COMPLETE',
      order_type: 'MARKET',
      filled_quantity: 1,
      average_price: 800.05,
    });
  });

  it('triggers an SL-M sell when the market falls through it', async () => {
    const id = await place({
      ...SBIN,
      transaction_type: 'SELL',
      order_type: 'SL-M',
      product: 'MIS',
      quantity: 1,
      trigger_price: 790,
      market_protection: -1,
    });
    s.sim.backdoor.setPrice('NSE:SBIN', 789);
    const statuses = (await s.kc.getOrderHistory(id)).map((row) => row.status);
    expect(statuses.slice(-3)).toEqual(['TRIGGER PENDING', 'OPEN', 'COMPLETE']);
  });

  it('cancels an open order; cancelling it again is Kite’s InputException', async () => {
    const id = await place(limit());
    expect(await s.kc.cancelOrder('regular', id)).toEqual({ order_id: id });
    expect((await s.kc.getOrders()).find((o) => o.order_id === id)?.status).toBe('CANCELLED');
    expect(backdoorOrder(id)?.status).toBe('CANCELLED');
    expect(await rejectionOf(s.kc.cancelOrder('regular', id))).toEqual({
      status: 'error',
      error_type: 'InputException',
      message: 'Order cannot be cancelled as it is already cancelled.',
      data: null,
    });
  });

  it('exits a regular order with exitOrder (the SDK’s cancel on the same route)', async () => {
    const id = await place({
      ...SBIN,
      transaction_type: 'BUY',
      order_type: 'SL',
      product: 'MIS',
      quantity: 1,
      price: 811,
      trigger_price: 810,
    });
    expect(await s.kc.exitOrder('regular', id, {})).toEqual({ order_id: id });
    expect(backdoorOrder(id)?.status).toBe('CANCELLED');
  });

  it('answers an unknown order id with Kite’s “Couldn’t find that order.”', async () => {
    expect(await rejectionOf(s.kc.getOrderHistory('260105000000001'))).toEqual({
      status: 'error',
      error_type: 'InputException',
      message: "Couldn't find that order.",
      data: null,
    });
  });
});
