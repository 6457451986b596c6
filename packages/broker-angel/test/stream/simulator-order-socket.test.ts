import type { Order } from '@openalgo/core';
import { RecordingLogger } from '@openalgo/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  attachOrderSocket,
  type OrderSocketEndpoint,
  type OrderSocketUpdate,
} from '../../src/simulator/order-socket/index.js';
import { createAngelOrderStream } from '../../src/stream/order-stream.js';
import { eventually, JWT, statuses, streamOptions } from './fake-smartstream.js';

let endpoint: OrderSocketEndpoint;
let listeners: Array<(update: OrderSocketUpdate) => void>;
let expired: boolean;
const sockets: WebSocket[] = [];

const ORDER = {
  variety: 'NORMAL',
  ordertype: 'MARKET',
  producttype: 'DELIVERY',
  duration: 'DAY',
  price: 0,
  triggerprice: 0,
  quantity: '5',
  disclosedquantity: '0',
  tradingsymbol: 'SBIN-EQ',
  transactiontype: 'SELL',
  exchange: 'NSE',
  symboltoken: '3045',
  averageprice: 0,
  filledshares: '0',
  unfilledshares: '5',
  cancelsize: '0',
  lotsize: '1',
  orderid: '251203000000124',
  text: '',
  status: 'open',
  orderstatus: 'open',
  updatetime: '03-Dec-2026 10:20:00',
  exchtime: '',
  exchorderupdatetime: '',
  uniqueorderid: '0b7a1f0e-4c1b-4d5e-9f3a-1a2b3c4d5e6f',
};

beforeEach(async () => {
  listeners = [];
  expired = false;
  endpoint = await attachOrderSocket({
    authorize: (jwt) => (jwt !== JWT ? 'invalid' : expired ? 'expired' : true),
    onOrderUpdate: (listener) => {
      listeners.push(listener);
      return () => {
        listeners = listeners.filter((l) => l !== listener);
      };
    },
    clientCode: 'A123456',
    logger: new RecordingLogger(),
  });
});
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await endpoint.close();
});

async function connect(authorization = `Bearer ${JWT}`): Promise<{ socket: WebSocket; texts: string[] }> {
  const socket = new WebSocket(endpoint.url, { headers: { Authorization: authorization } });
  sockets.push(socket);
  const texts: string[] = [];
  socket.on('message', (data) => texts.push(String(data)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, texts };
}

const emit = (update: OrderSocketUpdate) => {
  for (const listener of listeners) listener(update);
};

describe('simulator order-status socket', () => {
  it('greets with AB00 and an empty orderData, then one frame per order change with its code', async () => {
    const client = await connect();
    await eventually(() => client.texts.length === 1);
    const greeting = JSON.parse(client.texts[0] as string);
    expect(greeting).toMatchObject({
      'user-id': 'A123456',
      'status-code': '200',
      'order-status': 'AB00',
      'error-message': '',
    });
    expect(greeting.orderData).toMatchObject({ orderid: '', price: 0, quantity: '0', status: '' });
    emit({ status: 'open', order: ORDER });
    emit({ status: 'trigger pending', order: ORDER });
    emit({ status: 'after market order req received', order: ORDER });
    await eventually(() => client.texts.length === 4);
    expect(client.texts.slice(1).map((t) => JSON.parse(t)['order-status'])).toEqual(['AB01', 'AB10', 'AB06']);
    expect(JSON.parse(client.texts[1] as string).orderData).toEqual(ORDER);
    client.socket.send('ping');
    await eventually(() => client.texts.at(-1) === 'pong');
  });

  it('refuses a bad token (401), an expired one (403) and a fourth connection (429)', async () => {
    await expect(connect('Bearer nope')).rejects.toThrow(/401/);
    expired = true;
    await expect(connect()).rejects.toThrow(/403/);
    expired = false;
    await connect(JWT);
    await connect();
    await connect();
    await expect(connect()).rejects.toThrow(/429/);
    expect(endpoint.connectionCount).toBe(3);
  });

  it('drives the adapter’s order stream end to end', async () => {
    const { options } = streamOptions(endpoint.url);
    const stream = createAngelOrderStream(options);
    const seen = statuses(stream);
    const orders: Order[] = [];
    stream.onOrder((o) => orders.push(o));
    await eventually(() => endpoint.connectionCount === 1 && seen.at(-1)?.state === 'open');
    emit({
      status: 'cancelled',
      order: { ...ORDER, status: 'cancelled', orderstatus: 'cancelled', cancelsize: '5' },
    });
    await eventually(() => orders.length === 1);
    expect(orders[0]).toMatchObject({
      orderId: '251203000000124',
      symbol: 'SBIN',
      action: 'SELL',
      product: 'CNC',
      status: 'cancelled',
      pendingQuantity: 0,
    });
    await stream.close();
    await eventually(() => endpoint.connectionCount === 0);
  });
});
