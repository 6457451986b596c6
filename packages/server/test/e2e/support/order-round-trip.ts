import { expect } from 'vitest';
import type { ServerHandle } from '../../../src/app.js';
import type { Post } from './simulated-server.js';

type Row = Record<string, unknown>;

/** To the 0.05 tick of an NSE equity. */
const tick = (n: number) => Math.round(n * 20) / 20;

/**
 * The OpenAlgo order cycle over `/api/v1` through a logged-in simulated broker: a LIMIT order below the
 * market rests, is modified (the book shows the new price) and cancelled (its status says so); then a
 * MARKET order fills and shows in the trade book and positions, and the journal acknowledged both.
 */
export async function placeModifyListCancel(
  post: Post,
  server: ServerHandle,
  ref: { symbol: string; exchange: string },
): Promise<void> {
  const quote = await post('quotes', ref);
  expect(quote.status, JSON.stringify(quote.body)).toBe(200);
  const ltp = Number(quote.body.data?.ltp);
  expect(ltp).toBeGreaterThan(0);
  const order = { strategy: 'sim', ...ref, action: 'BUY', product: 'CNC' };
  // Below the market so it rests, inside the ±20% circuit band so it is accepted.
  const placed = await post('placeorder', {
    ...order,
    quantity: 1,
    pricetype: 'LIMIT',
    price: tick(ltp * 0.9),
  });
  expect(placed, JSON.stringify(placed.body)).toMatchObject({ status: 200, body: { status: 'success' } });
  const orderid = placed.body.orderid as string;
  expect(orderid).toBeTruthy();

  const newPrice = tick(ltp * 0.85);
  const modified = await post('modifyorder', {
    ...order,
    orderid,
    quantity: 1,
    pricetype: 'LIMIT',
    price: newPrice,
    disclosed_quantity: 0,
    trigger_price: 0,
  });
  expect(modified, JSON.stringify(modified.body)).toMatchObject({
    status: 200,
    body: { status: 'success', orderid },
  });
  const book = await post('orderbook', {});
  expect(book.body.data?.orders?.find((o) => o.orderid === orderid)).toMatchObject({
    ...ref,
    action: 'BUY',
    product: 'CNC',
    pricetype: 'LIMIT',
    price: newPrice,
    order_status: 'open',
  });

  const cancelled = await post('cancelorder', { strategy: 'sim', orderid });
  expect(cancelled, JSON.stringify(cancelled.body)).toMatchObject({
    status: 200,
    body: { status: 'success', orderid },
  });
  const status = await post('orderstatus', { strategy: 'sim', orderid });
  expect(status).toMatchObject({ status: 200, body: { data: { orderid, order_status: 'cancelled' } } });

  const market = await post('placeorder', { ...order, quantity: 2, pricetype: 'MARKET' });
  expect(market, JSON.stringify(market.body)).toMatchObject({ status: 200, body: { status: 'success' } });
  const filled = market.body.orderid as string;
  const filledStatus = await post('orderstatus', { strategy: 'sim', orderid: filled });
  expect(filledStatus.body.data).toMatchObject({ orderid: filled, order_status: 'complete' });
  const trades = await post('tradebook', {});
  expect((trades.body.data as unknown as Row[]).map((t) => t.orderid)).toContain(filled);
  const positions = await post('positionbook', {});
  expect(positions.body.data as unknown as Row[]).toContainEqual(
    expect.objectContaining({ ...ref, product: 'CNC', quantity: 2 }),
  );

  // Every order went through the journal, bound to the broker's account.
  const journal = server.store.journal.list(server.defaultAccount.id);
  expect(journal.filter((e) => e.state === 'acknowledged').map((e) => e.brokerOrderId)).toEqual(
    expect.arrayContaining([orderid, filled]),
  );
}
