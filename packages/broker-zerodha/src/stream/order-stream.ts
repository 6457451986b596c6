import {
  Listeners,
  type Order,
  type OrderStream,
  type ReconnectingSocket,
  type StreamStatus,
  type Unsubscribe,
} from '@openalgo/core';
import { KiteOrderSchema } from '../mapping/kite-types.js';
import { mapOrder } from '../mapping/orders.js';
import { type KiteStreamOptions, logServerNotice, openTickerSocket, parseText } from './ticker-socket.js';

/** Order updates pushed on the KiteTicker socket as `{type:"order", data:<order>}` text frames. */
export class KiteOrderStream implements OrderStream {
  private readonly orders: Listeners<Order>;
  private readonly socket: ReconnectingSocket;

  constructor(private readonly options: KiteStreamOptions) {
    this.orders = new Listeners(options.logger, 'order update');
    this.socket = openTickerSocket(options, {
      onOpen: () => {},
      onBinary: () => {},
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
    const { logger, symbols } = this.options;
    const frame = parseText(text, logger);
    if (!frame) return;
    if (frame.type !== 'order') {
      logServerNotice(frame, logger);
      return;
    }
    const parsed = KiteOrderSchema.safeParse(frame.data);
    if (!parsed.success) {
      logger.warn({ issue: parsed.error.issues[0]?.message }, 'stream: unreadable order update');
      return;
    }
    try {
      this.orders.emit(mapOrder(parsed.data, symbols));
    } catch (err) {
      logger.warn({ err, orderId: parsed.data.order_id }, 'stream: order update could not be mapped');
    }
  }
}
