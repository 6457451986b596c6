import { type Order, type Position, type Product, supports, type Trade } from '@openalgo/core';
import type { ContractHarness } from '../harness.js';
import { ensure, samePrice } from './assertions.js';
import { type CheckContext, withInstance } from './context.js';
import { firstReason, needs } from './gates.js';
import type { ResolvedSuiteOptions } from './options.js';
import { cancelAndConfirm, placeResting } from './orders.js';
import type { CheckRegistrar } from './runner.js';

const keyOf = (row: { symbol: string; exchange: string; product: Product }) =>
  `${row.symbol} ${row.exchange} ${row.product}`;

/** Every order's trades add up to its fills, at its average price, on its instrument and side. */
function ordersAgreeWithTrades(orders: readonly Order[], trades: readonly Trade[]): void {
  const byOrder = new Map<string, Trade[]>();
  for (const trade of trades) byOrder.set(trade.orderId, [...(byOrder.get(trade.orderId) ?? []), trade]);
  const known = new Set(orders.map((o) => o.orderId));
  for (const trade of trades) {
    ensure(
      known.has(trade.orderId),
      () => `trade ${trade.tradeId} names order ${trade.orderId}, not in the order book`,
    );
  }
  for (const order of orders) {
    const fills = byOrder.get(order.orderId) ?? [];
    const quantity = fills.reduce((sum, t) => sum + t.quantity, 0);
    ensure(
      quantity === order.filledQuantity,
      () =>
        `order ${order.orderId} (${order.status}) filled ${order.filledQuantity}, its trades add up to ${quantity}`,
    );
    for (const fill of fills) {
      const same =
        fill.symbol === order.symbol &&
        fill.exchange === order.exchange &&
        fill.action === order.action &&
        fill.product === order.product;
      ensure(
        same,
        () =>
          `trade ${fill.tradeId} is ${keyOf(fill)} ${fill.action}, its order is ${keyOf(order)} ${order.action}`,
      );
    }
    if (quantity > 0) {
      const average = fills.reduce((sum, t) => sum + t.quantity * t.price, 0) / quantity;
      ensure(
        samePrice(average, order.averagePrice),
        () => `order ${order.orderId} averages ${order.averagePrice}, its trades average ${average}`,
      );
    }
  }
}

/** Positions equal the net of the day's trades per instrument and product (a fresh account). */
function positionsAgreeWithTrades(positions: readonly Position[], trades: readonly Trade[]): void {
  const net = new Map<string, number>();
  for (const trade of trades) {
    const signed = trade.action === 'BUY' ? trade.quantity : -trade.quantity;
    net.set(keyOf(trade), (net.get(keyOf(trade)) ?? 0) + signed);
  }
  const seen = new Set<string>();
  for (const position of positions) {
    const key = keyOf(position);
    ensure(!seen.has(key), () => `the position book lists ${key} twice`);
    seen.add(key);
    const expected = net.get(key) ?? 0;
    ensure(
      position.quantity === expected,
      () => `position ${key} is ${position.quantity}, the trades net to ${expected}`,
    );
  }
  for (const [key, quantity] of net) {
    ensure(
      quantity === 0 || seen.has(key),
      () => `the trades net to ${quantity} in ${key}, the position book has no row`,
    );
  }
}

export function registerBooksCheck(
  r: CheckRegistrar,
  harness: ContractHarness,
  options: ResolvedSuiteOptions,
): void {
  const { manifest } = harness;
  const reason = firstReason(
    needs(manifest, 'placeOrder', 'getOrder', 'getOrders', 'getTrades', 'getPositions'),
    manifest.products.includes('MIS') ? undefined : 'the manifest has no MIS product to trade both ways',
  );
  r.checkUnless(
    reason,
    'books agree: orders, trades and positions tell the same story',
    withInstance(harness, options, async (t: CheckContext) => {
      const ref = t.fixtures.equity;
      const q = t.quantity(ref);
      await t.referencePrice(ref);
      await t.fill({ ...ref, action: 'BUY', quantity: q, product: 'MIS' });
      await t.fill({ ...ref, action: 'SELL', quantity: 2 * q, product: 'MIS' });
      await t.fill({ ...ref, action: 'BUY', quantity: 3 * q, product: 'MIS' });
      if (manifest.products.includes('CNC'))
        await t.fill({ ...ref, action: 'BUY', quantity: q, product: 'CNC' });
      if (manifest.priceTypes.includes('LIMIT') && supports(manifest, 'cancelOrder')) {
        const resting = await placeResting(t, ref, 'LIMIT', 'MIS');
        await cancelAndConfirm(t, resting.order, 'resting LIMIT');
      }
      const orders = await t.settle(t.adapter.getOrders());
      const trades = await t.settle(t.adapter.getTrades());
      const positions = await t.settle(t.adapter.getPositions());
      ensure(
        orders.length >= 3,
        () => `the order book lists ${orders.length} orders after at least 3 were placed`,
      );
      ordersAgreeWithTrades(orders, trades);
      positionsAgreeWithTrades(positions, trades);
      const mis = positions.find((p) => keyOf(p) === `${ref.symbol} ${ref.exchange} MIS`);
      ensure(
        mis?.quantity === 2 * q,
        () => `the MIS position is ${String(mis?.quantity)}, expected ${2 * q}`,
      );
    }),
  );
}
