import {
  Listeners,
  type Order,
  type OrderStream,
  ReconnectingSocket,
  type StreamStatus,
  type Unsubscribe,
  wsSocketFactory,
} from '@openalgo/core';
import { FyersSymbols } from '../symbols.js';
import { defaultWebSocketFactory } from './fyers-socket.js';
import type { FyersStreamOptions } from './options.js';
import { type FyersSocketOrder, mapSocketOrder } from './order-update.js';
import { Pinger } from './pinger.js';

/**
 * What we ask the order socket for. Only `orders` become updates (core's OrderStream carries orders);
 * trades and positions would arrive and be dropped, so they are not asked for.
 */
export const ORDER_SUBSCRIPTION = JSON.stringify({ T: 'SUB_ORD', SLIST: ['orders'], SUB_T: 1 });
/** The JS SDK pings every 1 s, Python every 10 s; a `pong` also keeps core's stall watchdog fed. */
export const ORDER_PING_INTERVAL_MS = 10_000;

/**
 * Fyers' order socket (brokers.md §3.9): `Authorization: <app_id>:<token>` on the upgrade (a 401/403
 * there ends the stream as an expired session), `SUB_ORD` after every (re)connect, text `ping` →
 * `pong` both ways, and `{"s":"ok","orders":{…}}` frames mapped to unified orders.
 */
class FyersOrderStream implements OrderStream {
  private readonly orders: Listeners<Order>;
  private readonly socket: ReconnectingSocket;
  private readonly symbols: FyersSymbols;
  private readonly pinger: Pinger;

  constructor(private readonly options: FyersStreamOptions) {
    this.pinger = new Pinger(options.clock, ORDER_PING_INTERVAL_MS, () => this.socket.send('ping'));
    this.orders = new Listeners(options.logger, 'order update');
    this.symbols = new FyersSymbols(options.instruments, options.logger);
    this.socket = new ReconnectingSocket({
      url: options.url,
      headers: { Authorization: `${options.apiKey}:${options.accessToken}` },
      policy: {
        initialDelayMs: options.reconnect.initialMs,
        maxDelayMs: options.reconnect.maxMs,
        maxAttempts: options.reconnect.maxAttempts,
        stallMs: options.stallMs,
      },
      clock: options.clock,
      logger: options.logger,
      socket: wsSocketFactory(options.webSocket ?? defaultWebSocketFactory, {
        ...(options.egress ? { egress: options.egress } : {}),
      }),
      peer: 'Fyers',
      onOpen: () => {
        this.socket.send(ORDER_SUBSCRIPTION);
        this.pinger.start();
      },
      onBinary: (frame) =>
        options.logger.warn(
          { bytes: frame.byteLength },
          'stream: unexpected binary frame on the order socket',
        ),
      onText: (text) => this.handleText(text),
    });
    this.socket.onStatus((status) => {
      if (status.state !== 'open') this.pinger.stop();
    });
    this.socket.start();
  }

  onOrder(listener: (order: Order) => void): Unsubscribe {
    return this.orders.add(listener);
  }

  onStatus(listener: (status: StreamStatus) => void): Unsubscribe {
    return this.socket.onStatus(listener);
  }

  async close(): Promise<void> {
    this.pinger.stop();
    await this.socket.close();
    this.orders.clear();
  }

  private handleText(text: string): void {
    if (text === 'pong') return;
    if (text === 'ping') {
      this.socket.send('pong');
      return;
    }
    let frame: { s?: unknown; orders?: unknown; message?: unknown };
    try {
      frame = JSON.parse(text) as typeof frame;
    } catch {
      this.options.logger.warn({ length: text.length }, 'stream: order socket sent text that is not JSON');
      return;
    }
    if (!frame || typeof frame !== 'object' || !frame.orders || typeof frame.orders !== 'object') {
      if (frame?.s === 'error')
        this.options.logger.warn({ message: frame.message }, 'stream: order socket error');
      return; // trades, positions, general messages: not order updates
    }
    try {
      const result = mapSocketOrder(frame.orders as FyersSocketOrder, this.symbols, this.options.clock.now());
      if (typeof result === 'string') {
        this.options.logger.warn({ problem: result }, 'stream: unreadable order update');
        return;
      }
      this.orders.emit(result);
    } catch (err) {
      this.options.logger.warn({ err }, 'stream: order update could not be mapped');
    }
  }
}

export function createFyersOrderStream(o: FyersStreamOptions): OrderStream {
  return new FyersOrderStream(o);
}
