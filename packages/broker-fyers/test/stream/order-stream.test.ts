import { InstrumentIndex, ManualClock, noopLogger, type Order, type OrderStream } from '@openalgo/core';
import { RecordingLogger } from '@openalgo/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mapFyersStatus } from '../../src/mapping/status.js';
import {
  attachOrderSocket,
  type OrderSocketServer,
  type OrderSocketUpdate,
} from '../../src/simulator/order-socket/order-socket.js';
import { socketOrder } from '../../src/simulator/order-socket/socket-rows.js';
import { createFyersOrderStream, ORDER_SUBSCRIPTION } from '../../src/stream/order-stream.js';
import { mapSocketOrder } from '../../src/stream/order-update.js';
import { FyersSymbols } from '../../src/symbols.js';
import { APP_ID, accessToken, ROWS, START, statusReached, until } from './hsm-harness.js';

/** An order-book row in REST names, as `/orders` returns it (brokers.md §3.4). */
const restOrder = (over: Record<string, unknown> = {}) => ({
  clientId: 'XY12345',
  id: '25111300002007',
  exchOrdId: '1100000012345',
  qty: 10,
  remainingQuantity: 4,
  filledQty: 6,
  limitPrice: 600.5,
  stopPrice: 0,
  tradedPrice: 600.45,
  type: 1,
  fyToken: '10100000003045',
  exchange: 10,
  segment: 10,
  symbol: 'NSE:SBIN-EQ',
  instrument: 0,
  message: 'partly traded',
  offlineOrder: false,
  orderDateTime: '13-Nov-2025 09:15:01',
  orderValidity: 'DAY',
  productType: 'INTRADAY',
  side: 1,
  status: 6,
  source: 'API',
  ex_sym: 'SBIN',
  description: 'STATE BANK OF INDIA',
  orderTag: 'openalgo',
  ...over,
});

describe('order socket → unified orders', () => {
  const token = accessToken();
  let server: OrderSocketServer;
  let publish: (u: OrderSocketUpdate) => void = () => {};
  let valid = true;
  let clock: ManualClock;
  let logger: RecordingLogger;
  const streams: OrderStream[] = [];
  const open = () => {
    const stream = createFyersOrderStream({
      url: server.url,
      clientId: APP_ID,
      apiKey: APP_ID,
      accessToken: token,
      instruments: InstrumentIndex.fromRows(ROWS),
      clock,
      logger,
      reconnect: { initialMs: 1000, maxMs: 8000, maxAttempts: 3 },
      stallMs: 30_000,
    });
    streams.push(stream);
    return stream;
  };
  const collect = (stream: OrderStream) => {
    const orders: Order[] = [];
    stream.onOrder((o) => orders.push(o));
    return orders;
  };
  const connection = () => [...server.connections][0];

  beforeEach(async () => {
    valid = true;
    clock = new ManualClock(START);
    logger = new RecordingLogger();
    server = await attachOrderSocket({
      path: '/trade/v3',
      isAuthorized: (header) => valid && header === `${APP_ID}:${token}`,
      onUpdate: (listener) => {
        publish = listener;
        return () => {};
      },
      logger: noopLogger,
    });
  });
  afterEach(async () => {
    for (const stream of streams.splice(0)) await stream.close();
    await server.close();
  });

  it('authenticates with app_id:token, subscribes to orders and maps an order update', async () => {
    const stream = open();
    const orders = collect(stream);
    await until(() => connection()?.groups.has('orders') === true, 'SUB_ORD');
    expect(connection()?.authorization).toBe(`${APP_ID}:${token}`);
    expect(JSON.parse(ORDER_SUBSCRIPTION)).toEqual({ T: 'SUB_ORD', SLIST: ['orders'], SUB_T: 1 });
    publish({ kind: 'orders', row: restOrder() });
    await until(() => orders.length === 1);
    expect(orders[0]).toMatchObject({
      orderId: '25111300002007',
      clientOrderId: 'openalgo',
      symbol: 'SBIN',
      exchange: 'NSE',
      action: 'BUY',
      priceType: 'LIMIT',
      product: 'MIS',
      quantity: 10,
      filledQuantity: 6,
      pendingQuantity: 4,
      price: 600.5,
      triggerPrice: 0,
      averagePrice: 600.45,
      status: 'open',
      rawStatus: '6',
      statusMessage: 'partly traded',
      timestamp: '2025-11-13T09:15:01+05:30',
    });
  });

  it('trades and positions, other JSON and non-JSON text are not order updates and do not break the stream', async () => {
    const stream = open();
    const orders = collect(stream);
    await until(() => connection()?.groups.has('orders') === true);
    const socket = connection()?.socket;
    socket?.send(JSON.stringify({ s: 'ok', trades: { id_fill: '1', id: '25111300002007' } }));
    socket?.send(JSON.stringify({ s: 'ok', positions: { symbol: 'NSE:SBIN-EQ' } }));
    socket?.send('garbage');
    publish({ kind: 'orders', row: restOrder({ status: 2, filledQty: 10, remainingQuantity: 0 }) });
    await until(() => orders.length === 1);
    expect(orders[0]?.status).toBe('complete');
    expect(logger.messages('warn')).toContain('stream: order socket sent text that is not JSON');
  });

  it('pings with text ping, answers the server ping with pong', async () => {
    const stream = open();
    await until(() => connection()?.groups.has('orders') === true);
    const received: string[] = [];
    connection()?.socket.onMessage((data) => received.push(String(data)));
    await clock.advance(10_000);
    await until(() => connection()?.pings === 1, 'client ping');
    connection()?.socket.send('ping');
    await until(() => received.includes('pong'), 'pong');
    expect(stream).toBeDefined();
  });

  it('a refused upgrade (403) ends the stream as an expired session', async () => {
    valid = false;
    const stream = open();
    const closed = await statusReached(stream, 'closed');
    expect(closed.reason).toMatch(/HTTP 403.*session has expired/);
  });
});

describe('order status table (§3.8) and the socket row conversion', () => {
  it.each([
    [1, 1, 'cancelled'],
    [2, 1, 'complete'],
    [4, 3, 'trigger_pending'],
    [4, 4, 'trigger_pending'],
    [4, 1, 'pending'],
    [5, 2, 'rejected'],
    [6, 1, 'open'],
    [7, 1, 'cancelled'],
    [3, 1, 'unknown'],
  ] as const)('status %s (order type %s) → %s', (status, type, expected) => {
    expect(mapFyersStatus(status, type)).toBe(expected);
  });

  it('round-trips every status through the socket keys; ord_status alone (OMS code) still maps', () => {
    const symbols = new FyersSymbols(InstrumentIndex.fromRows(ROWS), noopLogger);
    for (const [status, expected] of [
      [1, 'cancelled'],
      [2, 'complete'],
      [5, 'rejected'],
      [6, 'open'],
    ] as const) {
      const wire = socketOrder(restOrder({ status }));
      expect((mapSocketOrder(wire, symbols, START) as Order).status).toBe(expected);
      const { org_ord_status: _, ...omsOnly } = wire;
      expect((mapSocketOrder(omsOnly, symbols, START) as Order).status).toBe(expected);
    }
  });

  it('maps sell, SL-M, MARGIN; reports unreadable rows instead of throwing', () => {
    const symbols = new FyersSymbols(InstrumentIndex.fromRows(ROWS), noopLogger);
    const order = mapSocketOrder(
      socketOrder(restOrder({ side: -1, type: 3, productType: 'MARGIN', stopPrice: 590 })),
      symbols,
      START,
    );
    expect(order).toMatchObject({ action: 'SELL', priceType: 'SL-M', product: 'NRML', triggerPrice: 590 });
    expect(mapSocketOrder(socketOrder(restOrder({ side: 0 })), symbols, START)).toBe('unknown side 0');
    expect(mapSocketOrder({}, symbols, START)).toBe('no order id');
  });
});
