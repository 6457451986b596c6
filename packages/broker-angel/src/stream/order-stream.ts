import { Listeners, type Order, type OrderStream, type StreamStatus, type Unsubscribe } from '@openalgo/core';
import { AngelOrderSchema } from '../mapping/angel-types.js';
import { mapOrder } from '../mapping/orders.js';
import { AngelSymbols } from '../symbols.js';
import { AngelSocket, rawJwt } from './angel-socket.js';
import type { AngelStreamOptions } from './options.js';

/**
 * The order socket's `order-status` codes (brokers.md §2.8, the docs' table = OpenAlgo's) as the
 * status text the order book would show; used only when `orderData` carries no status of its own.
 * AB00 is the greeting after connect and carries no order.
 */
export const ORDER_STATUS_CODES: Readonly<Record<string, string>> = {
  AB01: 'open',
  AB02: 'cancelled',
  AB03: 'rejected',
  AB04: 'modified',
  AB05: 'complete',
  AB06: 'after market order req received',
  AB07: 'cancelled after market order',
  AB08: 'modify after market order req received',
  AB09: 'open pending',
  AB10: 'trigger pending',
  AB11: 'modify pending',
};

/** One frame: `{"user-id","status-code","order-status":"AB01","error-message","orderData":{…}}`. */
interface OrderFrame {
  'order-status'?: unknown;
  'status-code'?: unknown;
  'error-message'?: unknown;
  orderData?: unknown;
}

/**
 * Order updates from Angel's order-status socket (`wss://tns.angelone.in/smart-order-update`, §2.9):
 * `Authorization: Bearer <jwt>` plus the SDK's `x-api-key`/`x-client-code`/`x-feed-token`, a text `ping`
 * every 10 s, reconnect with backoff and the stall watchdog. `orderData` has the order book's keys
 * (prices as numbers, quantities as strings) and maps like an order-book row.
 */
class AngelOrderStream implements OrderStream {
  private readonly orders: Listeners<Order>;
  private readonly socket: AngelSocket;
  private readonly symbols: AngelSymbols;

  constructor(private readonly options: AngelStreamOptions) {
    this.orders = new Listeners(options.logger, 'order update');
    this.symbols = new AngelSymbols(options.instruments, options.logger);
    const headers: Record<string, string> = {
      Authorization: `Bearer ${rawJwt(options.accessToken)}`,
      'x-api-key': options.apiKey,
      'x-client-code': options.clientId,
    };
    if (options.feedToken) headers['x-feed-token'] = options.feedToken;
    this.socket = new AngelSocket(options, headers, 'Angel order-status socket', {
      onOpen: () => {},
      onBinary: () => options.logger.debug({}, 'order stream: unexpected binary frame'),
      onText: (text) => this.handleText(text),
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
    await this.socket.close();
    this.orders.clear();
  }

  private handleText(text: string): void {
    if (text === 'pong') return;
    const { logger } = this.options;
    let frame: OrderFrame;
    try {
      frame = JSON.parse(text) as OrderFrame;
    } catch {
      logger.warn({ chars: text.length }, 'order stream: unreadable text frame');
      return;
    }
    if (typeof frame !== 'object' || frame === null) return;
    const code = typeof frame['order-status'] === 'string' ? frame['order-status'] : '';
    if (code === 'AB00') {
      logger.debug({}, 'order stream: connected');
      return;
    }
    const data = frame.orderData;
    if (typeof data !== 'object' || data === null) {
      const message = typeof frame['error-message'] === 'string' ? frame['error-message'] : '';
      logger.warn(
        { orderStatus: code, statusCode: frame['status-code'], message },
        'order stream: frame without an order',
      );
      return;
    }
    const record = { ...(data as Record<string, unknown>) };
    const known = Object.hasOwn(ORDER_STATUS_CODES, code) ? ORDER_STATUS_CODES[code] : undefined;
    if (known && !record.status && !record.orderstatus) record.status = known;
    const parsed = AngelOrderSchema.safeParse(record);
    if (!parsed.success) {
      logger.warn(
        {
          orderStatus: code,
          issue: parsed.error.issues[0]?.message,
          path: parsed.error.issues[0]?.path.join('.'),
        },
        'order stream: unreadable order update',
      );
      return;
    }
    try {
      this.orders.emit(mapOrder(parsed.data, this.symbols));
    } catch (err) {
      logger.warn({ err, orderId: parsed.data.orderid }, 'order stream: order update could not be mapped');
    }
  }
}

/** Order updates from Angel's order-status socket (§2.9). */
export function createAngelOrderStream(o: AngelStreamOptions): OrderStream {
  return new AngelOrderStream(o);
}
