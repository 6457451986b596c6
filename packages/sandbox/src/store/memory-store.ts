import { copyGtt, type GttRecord } from '../engine/gtt-records.js';
import type {
  AccountRecord,
  HoldingRecord,
  OrderRecord,
  PositionRecord,
  SandboxState,
  TradeRecord,
} from '../engine/records.js';
import type { LoadScope, SandboxStore, StoreMutation } from './types.js';

interface AccountTables {
  account: AccountRecord | undefined;
  orders: Map<string, OrderRecord>;
  trades: Map<string, TradeRecord>;
  positions: Map<string, PositionRecord>;
  holdings: Map<string, HoldingRecord>;
  gtts: Map<string, GttRecord>;
}

function emptyTables(): AccountTables {
  return {
    account: undefined,
    orders: new Map(),
    trades: new Map(),
    positions: new Map(),
    holdings: new Map(),
    gtts: new Map(),
  };
}

function copyAll<T extends object>(records: Iterable<T>): T[] {
  const out: T[] = [];
  for (const record of records) out.push({ ...record });
  return out;
}

/**
 * The default store: state lives as long as the object does. Records are copied on the way in
 * and out (they are flat, so a spread is a full copy), so the engine's later changes never alias
 * what was stored. A batch is validated before anything is written, so it is all-or-nothing.
 */
export class MemoryStore implements SandboxStore {
  private readonly accounts = new Map<string, AccountTables>();

  load(accountId: string, scope?: LoadScope): SandboxState | undefined {
    const tables = this.accounts.get(accountId);
    if (!tables?.account) return undefined;
    const firstOrder = scope?.firstOrderId(tables.account) ?? '';
    const firstTrade = scope?.firstTradeId(tables.account) ?? '';
    return {
      account: { ...tables.account },
      orders: copyAll([...tables.orders.values()].filter((o) => o.orderId >= firstOrder)),
      trades: copyAll([...tables.trades.values()].filter((t) => t.tradeId >= firstTrade)),
      positions: copyAll(tables.positions.values()),
      holdings: copyAll(tables.holdings.values()),
    };
  }

  apply(accountId: string, mutations: readonly StoreMutation[]): void {
    for (const mutation of mutations) assertWellFormed(mutation);
    let tables = this.accounts.get(accountId);
    if (!tables) {
      tables = emptyTables();
      this.accounts.set(accountId, tables);
    }
    for (const m of mutations) {
      switch (m.type) {
        case 'account':
          tables.account = { ...m.record };
          break;
        case 'order':
          tables.orders.set(m.record.orderId, { ...m.record });
          break;
        case 'trade':
          tables.trades.set(m.record.tradeId, { ...m.record });
          break;
        case 'position':
          tables.positions.set(m.record.key, { ...m.record });
          break;
        case 'deletePosition':
          tables.positions.delete(m.key);
          break;
        case 'holding':
          tables.holdings.set(m.record.key, { ...m.record });
          break;
        case 'deleteHolding':
          tables.holdings.delete(m.key);
          break;
        case 'gtt':
          tables.gtts.set(m.record.gttId, copyGtt(m.record));
          break;
      }
    }
  }

  order(accountId: string, orderId: string): OrderRecord | undefined {
    const order = this.accounts.get(accountId)?.orders.get(orderId);
    return order ? { ...order } : undefined;
  }

  gtts(accountId: string): GttRecord[] {
    const gtts = [...(this.accounts.get(accountId)?.gtts.values() ?? [])];
    return gtts.sort((a, b) => a.sequence - b.sequence).map(copyGtt);
  }

  /** Account ids this store holds (for tools and tests). */
  accountIds(): string[] {
    return [...this.accounts.keys()];
  }
}

/** Checked up front so a bad batch throws before the first write, keeping `apply` atomic. */
function assertWellFormed(mutation: StoreMutation): void {
  const ok =
    mutation.type === 'deletePosition' || mutation.type === 'deleteHolding'
      ? typeof mutation.key === 'string'
      : typeof mutation.record === 'object' &&
        mutation.record !== null &&
        // A GTT is copied leg by leg, so legs that are not a list would fail halfway through a batch.
        (mutation.type !== 'gtt' || Array.isArray(mutation.record.legs));
  if (!ok) throw new TypeError(`Malformed store mutation of type ${String(mutation.type)}`);
}
