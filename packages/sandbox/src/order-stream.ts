import {
  Listeners,
  type Logger,
  type Order,
  type OrderStream,
  type StreamStatus,
  type Unsubscribe,
} from '@openalgo/core';
import type { SandboxEngine } from './engine/engine.js';
import { toOrder } from './mapping.js';
import { StatusChannel } from './stream-status.js';

/** Account-wide order updates: every change the engine makes (placed, triggered, filled, ended). */
export class SandboxOrderStream implements OrderStream {
  private readonly orders: Listeners<Order>;
  private readonly status: StatusChannel;
  private readonly detach: () => void;
  private closed = false;

  constructor(engine: SandboxEngine, logger: Logger) {
    this.orders = new Listeners(logger, 'order');
    this.status = new StatusChannel(logger);
    this.detach = engine.onOrder((record) => {
      if (this.orders.size > 0) this.orders.emit(toOrder(record));
    });
  }

  onOrder(listener: (order: Order) => void): Unsubscribe {
    return this.orders.add(listener);
  }

  onStatus(listener: (status: StreamStatus) => void): Unsubscribe {
    return this.status.onStatus(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.detach();
    this.status.set({ state: 'closed', reason: 'closed by the client' });
    this.orders.clear();
    this.status.clear();
  }
}
