/**
 * The simulator's Fyers order socket (`wss://socket.fyers.in/trade/v3`, brokers.md §3.9, §3.11).
 *
 *   attachOrderSocket(options: AttachOrderSocketOptions): Promise<OrderSocketServer>
 *
 * Options: `server` (the simulator's SimulatorServer or a node http.Server; omit it for a loopback
 * server of its own), `path` (`/trade/v3`), `isAuthorized(authorization)` (the upgrade's
 * `Authorization: <app_id>:<access token>` — the Python SDK's lower-case `authorization` arrives the
 * same, Node folds header names — is it a live session?), and `onUpdate(listener)`, which subscribes
 * to the account's book changes as REST-named rows (`{kind:'orders'|'trades'|'positions', row}`) and
 * returns a stop function.
 *
 * Started alone (e.g. for the SDK oracle tests): call it without `server` and set the SDK's
 * `Config.Order_SOCKET` to the returned `url` before constructing the order socket.
 *
 * Behaviour: a bad Authorization is refused at the upgrade with 403 [unverified status]; a client
 * says what it wants with `{"T":"SUB_ORD","SLIST":[…],"SUB_T":1}` (`-1` drops groups) and gets
 * `{"s":"ok","orders"|"trades"|"positions":{…socket keys…}}` text frames for those groups only; text
 * `ping` (JS every 1 s, Python every 10 s) is answered `pong`; only JSON or `pong` is ever sent. A
 * session that stops being valid loses its connection at its next update.
 */
import type { Server } from 'node:http';
import type { Logger } from '@openalgo/core';
import {
  createSimulatorWebSocket,
  type SimulatorServer,
  type SimulatorSocket,
} from '@openalgo/testkit/simulator';
import { socketOrder, socketPosition, socketTrade } from './socket-rows.js';

export type OrderSocketUpdate =
  | { kind: 'orders'; row: Readonly<Record<string, unknown>> }
  | { kind: 'trades'; row: Readonly<Record<string, unknown>> }
  | { kind: 'positions'; row: Readonly<Record<string, unknown>> };

export interface AttachOrderSocketOptions {
  server?: SimulatorServer | Server;
  path: string;
  isAuthorized(authorization: string | undefined): boolean;
  onUpdate(listener: (update: OrderSocketUpdate) => void): () => void;
  logger: Logger;
}

export interface OrderSocketConnection {
  readonly socket: SimulatorSocket;
  readonly authorization: string;
  readonly groups: Set<string>;
  pings: number;
}

export interface OrderSocketServer {
  /** `ws://127.0.0.1:<port><path>` */
  readonly url: string;
  readonly connections: ReadonlySet<OrderSocketConnection>;
  /** Sends one update to every connection subscribed to its group (as a book change does). */
  publish(update: OrderSocketUpdate): void;
  dropAll(): number;
  close(): Promise<void>;
}

const GROUPS: ReadonlySet<string> = new Set([
  'orders',
  'trades',
  'positions',
  'edis',
  'pricealerts',
  'login',
]);

function frameFor(update: OrderSocketUpdate): string {
  const body =
    update.kind === 'orders'
      ? socketOrder(update.row)
      : update.kind === 'trades'
        ? socketTrade(update.row)
        : socketPosition(update.row);
  return JSON.stringify({ s: 'ok', [update.kind]: body });
}

export async function attachOrderSocket(options: AttachOrderSocketOptions): Promise<OrderSocketServer> {
  const connections = new Set<OrderSocketConnection>();

  const control = (connection: OrderSocketConnection, text: string) => {
    if (text === 'ping') {
      connection.pings++;
      connection.socket.send('pong');
      return;
    }
    let message: { T?: unknown; SLIST?: unknown; SUB_T?: unknown };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      options.logger.warn(
        { length: text.length },
        'order socket simulator: text that is neither ping nor JSON',
      );
      return;
    }
    if (message?.T !== 'SUB_ORD' || !Array.isArray(message.SLIST)) return;
    for (const group of message.SLIST) {
      if (typeof group !== 'string' || !GROUPS.has(group)) continue;
      if (message.SUB_T === -1) connection.groups.delete(group);
      else connection.groups.add(group);
    }
  };

  const publish = (update: OrderSocketUpdate) => {
    let text: string | undefined;
    for (const connection of connections) {
      if (!connection.groups.has(update.kind)) continue;
      if (!options.isAuthorized(connection.authorization)) {
        connection.socket.close(1000, 'session expired');
        continue;
      }
      text ??= frameFor(update);
      connection.socket.send(text);
    }
  };

  const endpoint = await createSimulatorWebSocket({
    ...(options.server ? { server: options.server } : {}),
    path: options.path,
    authorize: (req) => {
      const header = req.headers.authorization;
      return options.isAuthorized(Array.isArray(header) ? header[0] : header)
        ? true
        : { status: 403, message: 'Could not authenticate the user' };
    },
    onConnection: (socket) => {
      const header = socket.request.headers.authorization;
      const connection: OrderSocketConnection = {
        socket,
        authorization: (Array.isArray(header) ? header[0] : header) ?? '',
        groups: new Set(),
        pings: 0,
      };
      connections.add(connection);
      socket.onMessage((data, isBinary) => {
        if (!isBinary) control(connection, String(data));
      });
      socket.onClose(() => connections.delete(connection));
    },
  });
  const stop = options.onUpdate(publish);

  return {
    url: endpoint.url,
    connections,
    publish,
    dropAll: () => endpoint.dropAll(),
    async close() {
      stop();
      connections.clear();
      await endpoint.close();
    },
  };
}
