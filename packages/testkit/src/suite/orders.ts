import {
  type InstrumentRef,
  type Order,
  type PriceType,
  type Product,
  WORKING_ORDER_STATUSES,
} from '@openalgo/core';
import { ensure, samePrice } from './assertions.js';
import { type CheckContext, describeRef } from './context.js';

/** What a resting order of each type should look like once the broker has accepted it. */
const RESTING_STATUS: Record<Exclude<PriceType, 'MARKET'>, Order['status']> = {
  LIMIT: 'open',
  SL: 'trigger_pending',
  'SL-M': 'trigger_pending',
};

export interface RestingOrder {
  order: Order;
  price: number;
  triggerPrice: number;
  quantity: number;
}

/**
 * Places a BUY that cannot execute: a LIMIT below the market, or a stop whose trigger is above it.
 * Waits until the broker has finished accepting it and demands the resting status.
 */
export async function placeResting(
  t: CheckContext,
  ref: InstrumentRef,
  priceType: Exclude<PriceType, 'MARKET'>,
  product: Product,
): Promise<RestingOrder> {
  const market = await t.referencePrice(ref);
  const distance = t.options.restingDistance;
  const quantity = t.quantity(ref);
  let price = 0;
  let triggerPrice = 0;
  if (priceType === 'LIMIT') price = t.roundToTick(ref, market * (1 - distance), 'down');
  else {
    triggerPrice = t.roundToTick(ref, market * (1 + distance), 'up');
    if (priceType === 'SL') price = t.roundToTick(ref, triggerPrice * (1 + distance / 2), 'up');
  }
  const { ack } = await t.place({
    symbol: ref.symbol,
    exchange: ref.exchange,
    action: 'BUY',
    quantity,
    priceType,
    product,
    price,
    triggerPrice,
  });
  const what = `BUY ${quantity} ${describeRef(ref)} ${priceType} ${product} (market ${market})`;
  const order = await t.waitForOrder(
    ack.orderId,
    (o) => o.status !== 'pending' && o.status !== 'unknown',
    what,
  );
  const expected = RESTING_STATUS[priceType];
  ensure(
    order.status === expected,
    () =>
      `${what}: expected it to rest ${expected}, got ${order.status} (${order.statusMessage ?? order.rawStatus})`,
  );
  expectOrderFields(order, { ref, action: 'BUY', quantity, priceType, product }, what);
  if (priceType !== 'SL-M') {
    ensure(samePrice(order.price, price), () => `${what}: order price is ${order.price}, sent ${price}`);
  }
  if (priceType !== 'LIMIT') {
    ensure(
      samePrice(order.triggerPrice, triggerPrice),
      () => `${what}: order triggerPrice is ${order.triggerPrice}, sent ${triggerPrice}`,
    );
  }
  ensure(order.filledQuantity === 0, () => `${what}: a resting order already filled ${order.filledQuantity}`);
  return { order, price, triggerPrice, quantity };
}

export function expectOrderFields(
  order: Order,
  expected: {
    ref: InstrumentRef;
    action: 'BUY' | 'SELL';
    quantity: number;
    priceType: PriceType;
    product: Product;
  },
  what: string,
): void {
  const mismatches: string[] = [];
  if (order.symbol !== expected.ref.symbol) mismatches.push(`symbol ${order.symbol}`);
  if (order.exchange !== expected.ref.exchange) mismatches.push(`exchange ${order.exchange}`);
  if (order.action !== expected.action) mismatches.push(`action ${order.action}`);
  if (order.quantity !== expected.quantity) mismatches.push(`quantity ${order.quantity}`);
  if (order.priceType !== expected.priceType) mismatches.push(`priceType ${order.priceType}`);
  if (order.product !== expected.product) mismatches.push(`product ${order.product}`);
  ensure(mismatches.length === 0, () => `${what}: the order book reports ${mismatches.join(', ')}`);
}

/** Cancels a working order and demands that it ends cancelled. */
export async function cancelAndConfirm(t: CheckContext, order: Order, what: string): Promise<Order> {
  ensure(
    WORKING_ORDER_STATUSES.has(order.status),
    () => `${what}: order ${order.orderId} is ${order.status}, not working`,
  );
  const ack = await t.settle(t.adapter.cancelOrder(order.orderId));
  ensure(
    ack.orderId === order.orderId,
    () => `${what}: cancel acknowledged order ${ack.orderId}, not ${order.orderId}`,
  );
  const after = await t.waitForOrder(
    order.orderId,
    (o) => !WORKING_ORDER_STATUSES.has(o.status),
    `${what}: cancel`,
  );
  ensure(
    after.status === 'cancelled',
    () => `${what}: after cancelOrder the order is ${after.status} (${after.rawStatus}), not cancelled`,
  );
  ensure(after.filledQuantity === 0, () => `${what}: the cancelled order filled ${after.filledQuantity}`);
  return after;
}

/** Trades of one order must add up to its fills at its average price. */
export async function expectTradesMatch(t: CheckContext, order: Order, what: string): Promise<void> {
  const trades = (await t.settle(t.adapter.getTrades())).filter((tr) => tr.orderId === order.orderId);
  const quantity = trades.reduce((sum, tr) => sum + tr.quantity, 0);
  ensure(
    quantity === order.filledQuantity,
    () =>
      `${what}: trades of order ${order.orderId} add up to ${quantity}, the order filled ${order.filledQuantity}`,
  );
  if (quantity === 0) return;
  const average = trades.reduce((sum, tr) => sum + tr.quantity * tr.price, 0) / quantity;
  ensure(
    samePrice(average, order.averagePrice),
    () =>
      `${what}: trades of order ${order.orderId} average ${average}, the order says ${order.averagePrice}`,
  );
}
