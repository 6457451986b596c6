/**
 * The order-status socket of the Angel simulator (brokers.md §2.9 "Order-status WS", §2.8 codes).
 *
 *   attachOrderSocket(options: OrderSocketOptions): Promise<OrderSocketEndpoint>
 *
 * - `server`: the simulator's `SimulatorServer` (or a node `http.Server`); leave it out for a loopback
 *   server of its own (SDK tests: `CONSTANTS.wsclientupdatesURL = endpoint.url`).
 * - `path`: default `/smart-order-update`, as on `wss://tns.angelone.in/smart-order-update`.
 * - `authorize(jwt)`: the upgrade's `Authorization` JWT (`Bearer ` stripped, '' when absent): `true`,
 *   `'invalid'` (HTTP 401) or `'expired'` (HTTP 403). A fourth connection is refused with 429.
 * - `onOrderUpdate(listener)`: subscribes to the account's order changes — each an order in Angel's
 *   order-details shape (prices numbers, quantities strings, §2.3) and its lowercase status; returns an
 *   unsubscribe function (`AngelOrderBook.onUpdate` fits with a one-line adapter).
 * - `clientCode`: the account's client code, sent as `user-id`.
 *
 * Every connection first gets `{"user-id","status-code":"200","order-status":"AB00",…}` with an empty
 * `orderData`, then one frame per order change; a text `ping` is answered `pong`.
 */
import type { Server } from 'node:http';
import type { Logger } from '@openalgo/core';
import {
  createSimulatorWebSocket,
  type SimulatorServer,
  type SimulatorSocket,
  type SimulatorWebSocket,
} from '@openalgo/testkit/simulator';

export interface OrderSocketUpdate {
  /** Angel's lowercase status (`open`, `trigger pending`, …). */
  status: string;
  order: Readonly<Record<string, unknown>>;
}

export interface OrderSocketOptions {
  server?: SimulatorServer | Server;
  path?: string;
  authorize(jwt: string): true | 'invalid' | 'expired';
  onOrderUpdate(listener: (update: OrderSocketUpdate) => void): () => void;
  clientCode: string;
  logger: Logger;
}

export interface OrderSocketEndpoint {
  readonly url: string;
  readonly connectionCount: number;
  dropAll(): number;
  stall(): void;
  resume(): void;
  close(): Promise<void>;
}

export const ORDER_SOCKET_PATH = '/smart-order-update';
/** The docs allow three order-status connections per client code; the fourth upgrade gets 429. */
export const MAX_ORDER_SOCKET_CONNECTIONS = 3;

/** Angel's status text → the socket's `order-status` code (the docs' table, §2.8). */
export const ORDER_STATUS_CODE: Readonly<Record<string, string>> = {
  open: 'AB01',
  cancelled: 'AB02',
  rejected: 'AB03',
  modified: 'AB04',
  complete: 'AB05',
  'after market order req received': 'AB06',
  'cancelled after market order': 'AB07',
  'modify after market order req received': 'AB08',
  'open pending': 'AB09',
  'trigger pending': 'AB10',
  'modify pending': 'AB11',
};

/** The greeting's `orderData`: the order keys, every one empty or zero (§2.9). */
const EMPTY_ORDER: Readonly<Record<string, string | number>> = {
  variety: '',
  ordertype: '',
  producttype: '',
  duration: '',
  price: 0,
  triggerprice: 0,
  quantity: '0',
  disclosedquantity: '0',
  squareoff: 0,
  stoploss: 0,
  trailingstoploss: 0,
  tradingsymbol: '',
  transactiontype: '',
  exchange: '',
  symboltoken: '',
  ordertag: '',
  instrumenttype: '',
  strikeprice: 0,
  optiontype: '',
  expirydate: '',
  lotsize: '0',
  cancelsize: '0',
  averageprice: 0,
  filledshares: '0',
  unfilledshares: '0',
  orderid: '',
  text: '',
  status: '',
  orderstatus: '',
  updatetime: '',
  exchtime: '',
  exchorderupdatetime: '',
  fillid: '',
  filltime: '',
  parentorderid: '',
  uniqueorderid: '',
  exchangeorderid: '',
};

function frame(userId: string, code: string, orderData: Readonly<Record<string, unknown>>): string {
  return JSON.stringify({
    'user-id': userId,
    'status-code': '200',
    'order-status': code,
    'error-message': '',
    orderData,
  });
}

function bearerless(value: string | string[] | undefined): string {
  const text = (Array.isArray(value) ? value[0] : value) ?? '';
  return text.startsWith('Bearer ') ? text.slice('Bearer '.length) : text;
}

/** Serves the order-status socket on the simulator's port (or a loopback port of its own); see the header. */
export async function attachOrderSocket(options: OrderSocketOptions): Promise<OrderSocketEndpoint> {
  const sockets = new Set<SimulatorSocket>();
  const endpoint: SimulatorWebSocket = await createSimulatorWebSocket({
    ...(options.server ? { server: options.server } : {}),
    path: options.path ?? ORDER_SOCKET_PATH,
    authorize: (request) => {
      const verdict = options.authorize(bearerless(request.headers.authorization));
      if (verdict === 'invalid') return { status: 401, message: 'Invalid token' };
      if (verdict === 'expired') return { status: 403, message: 'Token expired' };
      if (sockets.size >= MAX_ORDER_SOCKET_CONNECTIONS) {
        return { status: 429, message: 'Connection limit exceeded' };
      }
      return true;
    },
    onConnection: (socket) => {
      sockets.add(socket);
      socket.onClose(() => sockets.delete(socket));
      socket.onMessage((data, isBinary) => {
        if (!isBinary && String(data) === 'ping') socket.send('pong');
      });
      socket.send(frame(options.clientCode, 'AB00', EMPTY_ORDER));
    },
  });
  const stopUpdates = options.onOrderUpdate(({ status, order }) => {
    if (sockets.size === 0) return;
    const key = status.toLowerCase();
    const code = Object.hasOwn(ORDER_STATUS_CODE, key) ? ORDER_STATUS_CODE[key] : undefined;
    if (!code) {
      options.logger.warn({ status }, 'order socket: a status without an order-status code is not sent');
      return;
    }
    const text = frame(options.clientCode, code, order);
    for (const socket of sockets) socket.send(text);
  });
  return {
    url: endpoint.url,
    get connectionCount() {
      return sockets.size;
    },
    dropAll: () => endpoint.dropAll(),
    stall: () => endpoint.stall(),
    resume: () => endpoint.resume(),
    async close() {
      stopUpdates();
      sockets.clear();
      await endpoint.close();
    },
  };
}
