import { onlyLoopback } from '@openalgo/testkit/oracle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FyersOrderSocket } from './fyers-sdk.js';
import { type SdkSession, startSdkSession } from './sdk-session.js';
import { SocketEvents } from './socket-events.js';

/**
 * The SDK's order socket against the simulator (brokers.md §3.9): `Authorization: APPID:token` on
 * the upgrade, `SUB_ORD` to subscribe, text `ping` every second answered `pong`, and JSON frames the
 * SDK renames to the REST names (orders' raw `ord_status` mapped through its own table).
 */
onlyLoopback({ beforeAll, afterAll });

const SBIN = 'NSE:SBIN-EQ';
type Update = Record<string, Record<string, unknown>>;

let s: SdkSession;
let socket: FyersOrderSocket;
const orders = new SocketEvents<Update>();
const trades = new SocketEvents<Update>();
const positions = new SocketEvents<Update>();
const errors = new SocketEvents<unknown>();
const pongs = new SocketEvents<string>();

/**
 * Resolves once the simulator has handled everything sent so far and what it sent before has arrived.
 * The SDK pings every second on the same connection and a server answers frames in order. The first
 * pong from now may answer a ping already in flight; the second answers a ping sent after this call.
 * (The SDK's `ws` is internal; pongs never reach its callbacks.)
 */
async function serverCaughtUp(): Promise<void> {
  const from = pongs.seen.length;
  await pongs.next(() => true, from);
  await pongs.next(() => true, from + 1);
}

beforeAll(async () => {
  s = await startSdkSession();
  await s.sim.backdoor.setPrice({ symbol: 'SBIN', exchange: 'NSE' }, 600);
  socket = new s.sdk.OrderSocket(`${s.appId}:${s.accessToken}`, undefined, false);
  expect(socket.url).toBe(s.sim.orderWsUrl);
  const connected = new Promise<void>((resolve) => socket.on('connect', () => resolve()));
  socket.on('orders', orders.push);
  socket.on('trades', trades.push);
  socket.on('positions', positions.push);
  socket.on('error', errors.push);
  socket.connect();
  (socket as unknown as { ws: { on(event: 'message', listener: (data: unknown) => void): void } }).ws.on(
    'message',
    (data) => {
      if (String(data) === 'pong') pongs.push('pong');
    },
  );
  await connected;
  // The SDK gives no acknowledgement of SUB_ORD: the pings tell when the server has it.
  socket.subscribe([socket.orderUpdates, socket.tradeUpdates, socket.positionUpdates]);
  await serverCaughtUp();
});
afterAll(async () => {
  socket?.close();
  await s?.close();
});

const ORDER = {
  validity: 'DAY',
  disclosedQty: 0,
  offlineOrder: false,
  stopLoss: 0,
  takeProfit: 0,
  stopPrice: 0,
};

describe('the order socket through the SDK', () => {
  it('a resting LIMIT: an `orders` update with status 6, then 1 when cancelled', async () => {
    const placed = await s.client.place_order({
      ...ORDER,
      symbol: SBIN,
      qty: 3,
      type: 1,
      side: 1,
      productType: 'CNC',
      limitPrice: 590,
      orderTag: 'ws1',
    });
    const id = String(placed.id);
    const open = await orders.next((u) => u.orders?.id === id && u.orders?.status === 6, 0);
    expect(open).toMatchObject({
      s: 'ok',
      orders: {
        id,
        symbol: SBIN,
        qty: 3,
        type: 1,
        side: 1,
        productType: 'CNC',
        limitPrice: 590,
        orderTag: 'ws1',
        orderNumStatus: `${id}:6`,
      },
    });
    const from = orders.seen.length;
    await s.client.cancel_order({ id });
    const cancelled = await orders.next((u) => u.orders?.id === id && u.orders?.status === 1, from);
    expect(cancelled.orders?.orderNumStatus).toBe(`${id}:1`);
  });

  it('a MARKET fill: the order (status 2), its trade and the position', async () => {
    const placed = await s.client.place_order({
      ...ORDER,
      symbol: SBIN,
      qty: 2,
      type: 2,
      side: 1,
      productType: 'INTRADAY',
      limitPrice: 0,
      orderTag: 'ws2',
    });
    const id = String(placed.id);
    expect(await orders.next((u) => u.orders?.id === id && u.orders?.status === 2, 0)).toMatchObject({
      orders: { filledQty: 2, tradedPrice: expect.any(Number) },
    });
    // Whatever the fill sent has arrived once the server has answered a later ping.
    await serverCaughtUp();
    expect(trades.seen.filter((u) => u.trades?.orderNumber === id)).toEqual([
      {
        s: 'ok',
        trades: expect.objectContaining({
          symbol: SBIN,
          tradedQty: 2,
          side: 1,
          productType: 'INTRADAY',
          tradePrice: expect.any(Number),
          orderTag: 'ws2',
        }),
      },
    ]);
    expect(positions.seen.filter((u) => u.positions?.id === `${SBIN}-INTRADAY`).at(-1)).toMatchObject({
      s: 'ok',
      positions: { symbol: SBIN, netQty: 2, buyQty: 2, productType: 'INTRADAY' },
    });
  });

  it('keeps the socket up through the SDK’s 1-s text pings, and reported no error', () => {
    expect(socket.isConnected()).toBe(true);
    expect(pongs.seen.length).toBeGreaterThan(0);
    expect(errors.seen).toEqual([]);
  });
});
