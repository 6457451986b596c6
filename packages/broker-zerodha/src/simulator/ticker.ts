import { createHash } from 'node:crypto';
import type { Clock, Logger } from '@openalgo/core';
import type { SyntheticMarket } from '@openalgo/sandbox';
import {
  createSimulatorWebSocket,
  type SimulatorServer,
  type SimulatorSocket,
  type SimulatorWebSocket,
} from '@openalgo/testkit/simulator';
import type { KiteMaster } from './master.js';
import type { KiteOrderBook } from './order-book.js';
import type { KiteOrderRow } from './order-rows.js';
import type { KiteSessions } from './sessions.js';
import { HEARTBEAT_FRAME, type TickerMode } from './ticker-encode.js';
import { TickerConnection, tickFromSnapshot } from './ticker-session.js';

export interface KiteTickerOptions {
  server: SimulatorServer;
  /** Kite's ticker sits at the root of its own host (`wss://ws.kite.trade?api_key=…`). */
  path: string;
  sessions: KiteSessions;
  master: KiteMaster;
  market: SyntheticMarket;
  orders: KiteOrderBook;
  clock: Clock;
  logger: Logger;
}

const MODES: ReadonlySet<string> = new Set(['ltp', 'quote', 'full']);

function tokensOf(value: unknown): number[] {
  if (!Array.isArray(value)) return [];
  return value.filter((t): t is number => typeof t === 'number' && Number.isSafeInteger(t) && t > 0);
}

/**
 * The KiteTicker WebSocket: query-string auth (403 on the handshake otherwise), JSON control
 * messages, binary tick frames for subscribed instruments driven by the synthetic market, a 1-byte
 * heartbeat every second of simulator time, and `{type:"order"}` text frames on every order change.
 */
export class KiteTicker {
  private readonly connections = new Set<TickerConnection>();
  /** One market watch per instrument, shared by every connection subscribed to it. */
  private readonly watches = new Map<number, { stop: () => void; subscribers: Set<TickerConnection> }>();
  private heartbeat: AbortController | undefined;
  private readonly stopPostbacks: () => void;

  private constructor(
    private readonly options: KiteTickerOptions,
    private readonly endpoint: SimulatorWebSocket,
  ) {
    this.stopPostbacks = options.orders.onRow((row) => this.postback(row));
  }

  static async start(options: KiteTickerOptions): Promise<KiteTicker> {
    let ticker: KiteTicker | undefined;
    const endpoint = await createSimulatorWebSocket({
      server: options.server,
      path: options.path,
      authorize: (req) =>
        options.sessions.isValid(req.query.api_key, req.query.access_token)
          ? true
          : { status: 403, message: 'Invalid `api_key` or `access_token`.' },
      onConnection: (socket) => ticker?.accept(socket),
    });
    ticker = new KiteTicker(options, endpoint);
    return ticker;
  }

  /** Kills every connection without a close frame (a network drop). */
  dropAll(): number {
    return this.endpoint.dropAll();
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  async close(): Promise<void> {
    this.stopPostbacks();
    this.heartbeat?.abort();
    for (const watch of this.watches.values()) watch.stop();
    this.watches.clear();
    this.connections.clear();
    await this.endpoint.close();
  }

  private accept(socket: SimulatorSocket): void {
    const connection = new TickerConnection(socket, socket.request.query.access_token ?? '');
    this.connections.add(connection);
    socket.onMessage((data, isBinary) => {
      if (!isBinary) this.control(connection, String(data));
    });
    socket.onClose(() => this.drop(connection));
    this.startHeartbeat();
  }

  private drop(connection: TickerConnection): void {
    if (!this.connections.delete(connection)) return;
    this.release(connection, [...connection.modes.keys()]);
    if (this.connections.size === 0) {
      this.heartbeat?.abort();
      this.heartbeat = undefined;
    }
  }

  private control(connection: TickerConnection, text: string): void {
    let message: { a?: unknown; v?: unknown };
    try {
      message = JSON.parse(text) as { a?: unknown; v?: unknown };
    } catch {
      connection.sendText({ type: 'error', data: 'Invalid message: not JSON' });
      return;
    }
    if (message.a === 'subscribe') {
      const added = connection.subscribe(tokensOf(message.v));
      this.watch(connection, added);
    } else if (message.a === 'unsubscribe') {
      this.release(connection, connection.unsubscribe(tokensOf(message.v)));
    } else if (message.a === 'mode' && Array.isArray(message.v) && MODES.has(String(message.v[0]))) {
      const changed = connection.setMode(message.v[0] as TickerMode, tokensOf(message.v[1]));
      this.sendCurrent(connection, changed);
    } else {
      connection.sendText({ type: 'error', data: `Invalid message: ${text.slice(0, 100)}` });
    }
  }

  private watch(connection: TickerConnection, tokens: readonly number[]): void {
    for (const token of tokens) {
      const sandbox = this.options.master.getByToken(token)?.sandbox;
      if (!sandbox) continue;
      let watch = this.watches.get(token);
      if (!watch) {
        const subscribers = new Set<TickerConnection>();
        const instrument = this.options.master.getByToken(token);
        const stop = this.options.market.watch([sandbox], (snapshot) => {
          if (!instrument) return;
          const tick = tickFromSnapshot(instrument, snapshot);
          for (const subscriber of subscribers) subscriber.push(tick);
        });
        watch = { stop, subscribers };
        this.watches.set(token, watch);
      }
      watch.subscribers.add(connection);
    }
    this.sendCurrent(connection, tokens);
  }

  /** A subscription (or mode change) is answered at once with the instrument's current tick. */
  private sendCurrent(connection: TickerConnection, tokens: readonly number[]): void {
    for (const token of tokens) {
      const instrument = this.options.master.getByToken(token);
      if (!instrument?.sandbox) continue;
      connection.push(tickFromSnapshot(instrument, this.options.market.snapshotSync(instrument.sandbox)));
    }
  }

  private release(connection: TickerConnection, tokens: readonly number[]): void {
    for (const token of tokens) {
      const watch = this.watches.get(token);
      if (!watch) continue;
      watch.subscribers.delete(connection);
      if (watch.subscribers.size === 0) {
        watch.stop();
        this.watches.delete(token);
      }
    }
  }

  private startHeartbeat(): void {
    if (this.heartbeat) return;
    const controller = new AbortController();
    this.heartbeat = controller;
    const { clock, sessions, logger } = this.options;
    const apiKey = sessions.credentials.apiKey;
    const loop = async () => {
      while (!controller.signal.aborted) {
        await clock.sleep(1000, controller.signal);
        for (const connection of this.connections) {
          // A session that expired or logged out loses its feed, as Kite's does.
          if (!sessions.isValid(apiKey, connection.accessToken))
            connection.socket.close(1000, 'session expired');
          else connection.socket.send(HEARTBEAT_FRAME);
        }
      }
    };
    loop().catch((error: unknown) => {
      if (!controller.signal.aborted) logger.error({ err: error }, 'ticker heartbeat stopped');
    });
  }

  private postback(row: KiteOrderRow): void {
    if (this.connections.size === 0) return;
    const secret = this.options.sessions.credentials.apiSecret;
    const data = {
      ...row,
      user_id: row.placed_by,
      unfilled_quantity: row.pending_quantity,
      app_id: 1,
      checksum: createHash('sha256').update(`${row.order_id}${row.order_timestamp}${secret}`).digest('hex'),
    };
    const text = JSON.stringify({ type: 'order', data });
    for (const connection of this.connections) connection.socket.send(text);
  }
}
