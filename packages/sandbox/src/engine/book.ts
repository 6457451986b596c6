import type { LoadScope } from '../store/types.js';
import { istDayStart } from './calendar.js';
import { orderId, tradeId } from './ids.js';
import type {
  AccountRecord,
  HoldingRecord,
  OrderRecord,
  PositionRecord,
  SandboxState,
  TradeRecord,
} from './records.js';
import { instrumentKey } from './records.js';

/** What the engine loads: the IST day its time-based work has reached (the ids' first of that day). */
export const CURRENT_DAY: LoadScope = {
  firstOrderId: (account) => orderId(istDayStart(account.processedUntil), 0),
  firstTradeId: (account) => tradeId(istDayStart(account.processedUntil), 0),
};

/** The state of an account that has just been opened. */
export function openingState(accountId: string, startingCapital: number, now: number): SandboxState {
  const account: AccountRecord = {
    accountId,
    startingCapital,
    realisedPnl: 0,
    usedMargin: 0,
    orderSequence: 0,
    tradeSequence: 0,
    processedUntil: now,
    createdAt: now,
  };
  return { account, orders: [], trades: [], positions: [], holdings: [] };
}

export function isWorking(order: Pick<OrderRecord, 'status'>): boolean {
  return order.status === 'open' || order.status === 'trigger_pending';
}

/**
 * One account's state in memory, indexed for the hot paths. Only `Transaction.commit` changes it,
 * and only after the store accepted the same changes.
 */
export class AccountBook {
  account: AccountRecord;
  readonly orders = new Map<string, OrderRecord>();
  readonly trades: TradeRecord[] = [];
  readonly positions = new Map<string, PositionRecord>();
  readonly holdings = new Map<string, HoldingRecord>();
  /** Working orders per instrument (`exchange:symbol`), oldest first: time priority when matching. */
  readonly working = new Map<string, Map<string, OrderRecord>>();

  constructor(state: SandboxState) {
    this.account = state.account;
    for (const order of state.orders) this.putOrder(order);
    this.trades.push(...state.trades);
    for (const position of state.positions) this.positions.set(position.key, position);
    for (const holding of state.holdings) this.holdings.set(holding.key, holding);
  }

  putOrder(order: OrderRecord): void {
    this.orders.set(order.orderId, order);
    const key = instrumentKey(order.exchange, order.symbol);
    let bucket = this.working.get(key);
    if (isWorking(order)) {
      if (!bucket) {
        bucket = new Map();
        this.working.set(key, bucket);
      }
      bucket.set(order.orderId, order);
    } else if (bucket?.delete(order.orderId) && bucket.size === 0) {
      this.working.delete(key);
    }
  }

  /**
   * Drops finished orders created, and trades made, before `since` (a new day started): they stay
   * in the store, and memory holds only the day a broker's order book shows.
   */
  forgetBefore(since: number): void {
    for (const [id, order] of this.orders) {
      if (order.createdAt < since && !isWorking(order)) this.orders.delete(id);
    }
    const kept = this.trades.filter((trade) => trade.at >= since);
    this.trades.length = 0;
    this.trades.push(...kept);
  }

  workingOrders(key: string): Iterable<OrderRecord> {
    return this.working.get(key)?.values() ?? [];
  }

  /** A deep copy of what memory holds (today's orders and trades), in creation order. */
  snapshot(): SandboxState {
    return {
      account: { ...this.account },
      orders: [...this.orders.values()].map((o) => ({ ...o })),
      trades: this.trades.map((t) => ({ ...t })),
      positions: [...this.positions.values()].map((p) => ({ ...p })),
      holdings: [...this.holdings.values()].map((h) => ({ ...h })),
    };
  }
}
