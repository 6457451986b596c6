import { InvalidOrderError, OrderNotFoundError } from '../errors/openalgo-error.js';
import type { Gtt, GttModifyRequest, GttRequest, GttStatus } from '../model/gtt.js';

export interface FakeGttEnv {
  brokerId: string;
  /** IST ISO timestamp of "now" on the fake's clock. */
  now: () => string;
}

/**
 * The fake account's GTTs: placed as `active`, replaced whole by modify, `cancelled` by cancel. They
 * never fire by themselves; a test moves one on with `settle` (e.g. to `triggered` with an order id).
 */
export class FakeGttBook {
  private readonly gtts = new Map<string, Gtt>();
  private seq = 0;

  constructor(private readonly env: FakeGttEnv) {}

  place(request: GttRequest): Gtt {
    this.seq += 1;
    const triggerId = String(900000 + this.seq);
    const at = this.env.now();
    const gtt: Gtt = {
      triggerId,
      ...this.fields(request),
      status: 'active',
      rawStatus: 'active',
      createdAt: at,
      updatedAt: at,
      orderIds: [],
      raw: { fake: true },
    };
    this.gtts.set(triggerId, gtt);
    return gtt;
  }

  modify(request: GttModifyRequest): Gtt {
    const current = this.active(request.triggerId, 'modified');
    const next: Gtt = { ...current, ...this.fields(request), updatedAt: this.env.now() };
    this.gtts.set(current.triggerId, next);
    return next;
  }

  cancel(triggerId: string): Gtt {
    return this.settle(this.active(triggerId, 'cancelled').triggerId, 'cancelled');
  }

  /** Moves a GTT to `status` (any), recording the orders it placed. */
  settle(triggerId: string, status: GttStatus, orderIds: readonly string[] = []): Gtt {
    const next: Gtt = {
      ...this.get(triggerId),
      status,
      rawStatus: status,
      orderIds: [...orderIds],
      updatedAt: this.env.now(),
    };
    this.gtts.set(triggerId, next);
    return next;
  }

  list(): Gtt[] {
    return [...this.gtts.values()].map((gtt) => structuredClone(gtt));
  }

  get(triggerId: string): Gtt {
    const gtt = this.gtts.get(triggerId);
    if (!gtt) throw new OrderNotFoundError(`GTT ${triggerId} not found`, { broker: this.env.brokerId });
    return gtt;
  }

  private active(triggerId: string, verb: string): Gtt {
    const gtt = this.get(triggerId);
    if (gtt.status !== 'active') {
      throw new InvalidOrderError(`GTT ${triggerId} is ${gtt.status} and cannot be ${verb}`, {
        broker: this.env.brokerId,
      });
    }
    return gtt;
  }

  private fields(
    request: GttRequest,
  ): Omit<Gtt, 'triggerId' | 'status' | 'rawStatus' | 'createdAt' | 'updatedAt' | 'orderIds' | 'raw'> {
    return {
      type: request.type,
      symbol: request.symbol,
      exchange: request.exchange,
      triggerPrices: [...request.triggerPrices],
      lastPrice: request.lastPrice,
      legs: request.legs.map((leg) => ({ ...leg })),
      ...(request.expiresAt !== undefined ? { expiresAt: request.expiresAt } : {}),
    };
  }
}
