import {
  BrokerUnavailableError,
  type Clock,
  InvalidOrderError,
  type Logger,
  type OpenAlgoError,
  OrderNotFoundError,
} from '@openalgo/core';
import type { MarketSnapshot, PriceSource } from '../market/price-source.js';
import type { SandboxStore, StoreMutation } from '../store/types.js';
import {
  copyGtt,
  type GttRecord,
  type GttStatus,
  gttId,
  gttInstrument,
  legTriggered,
} from './gtt-records.js';
import { checkedGttLegs, DEFAULT_GTT_LIFETIME_MS, type GttInput } from './gtt-rules.js';
import type { PlaceOrderInput } from './place.js';
import { instrumentKey, type OrderRecord } from './records.js';
import { WorkingOrderWatch } from './watcher.js';

/** What the GTT book needs of its engine. */
export interface GttHost {
  accountId: string;
  store: SandboxStore;
  priceSource: PriceSource;
  clock: Clock;
  logger: Logger;
  /**
   * Places a fired leg's order through the engine's order path, priced by `snapshot`, and stores
   * `write(order)` in the same batch as the order: both are written or neither is.
   */
  place(
    input: PlaceOrderInput,
    snapshot: MarketSnapshot,
    write: (order: OrderRecord) => StoreMutation,
  ): OrderRecord;
}

const STATUS_WORDS: Record<GttStatus, string> = {
  active: 'active',
  triggered: 'triggered',
  cancelled: 'cancelled',
  expired: 'expired',
};

/**
 * An account's GTTs. Active ones keep their instrument watched; on each snapshot a GTT whose leg's
 * trigger the LTP has reached fires: the leg's order is placed through the engine (funds, holdings
 * and price rules as for any order — a rejected order is still the GTT's order, as at Kite) in the
 * very store batch that marks the GTT triggered, so a crash can never leave one without the other,
 * and the step is synchronous, so nothing can fire the same GTT twice. An OCO's other leg ends with
 * it. Expiry is applied whenever a GTT is next looked at or priced: an expired GTT never fires.
 */
export class GttBook {
  private readonly gtts = new Map<string, GttRecord>();
  /** Active GTTs per instrument (`exchange:symbol`), oldest first. */
  private readonly active = new Map<string, Map<string, GttRecord>>();
  private readonly watch: WorkingOrderWatch;
  private sequence = 0;
  private closed = false;

  constructor(private readonly host: GttHost) {
    this.watch = new WorkingOrderWatch(host.priceSource, (snapshot) => this.onSnapshot(snapshot));
    for (const record of host.store.gtts?.(host.accountId) ?? []) {
      this.sequence = Math.max(this.sequence, record.sequence);
      this.put(record);
    }
  }

  async place(input: GttInput): Promise<GttRecord> {
    this.assertOpen();
    const lastPrice = await this.lastPrice(input);
    this.assertOpen();
    const now = this.host.clock.now();
    const legs = checkedGttLegs(input, lastPrice);
    const { symbol, exchange, instrumentType, lotSize, tickSize } = input.instrument;
    const sequence = this.sequence + 1;
    const record: GttRecord = {
      gttId: gttId(now, sequence),
      sequence,
      type: input.type,
      symbol,
      exchange,
      instrumentType,
      lotSize,
      tickSize,
      lastPrice,
      legs,
      status: 'active',
      triggeredLeg: undefined,
      orderId: undefined,
      createdAt: now,
      updatedAt: now,
      expiresAt: checkedExpiry(input.expiresAt, now) ?? now + DEFAULT_GTT_LIFETIME_MS,
    };
    this.commit([record]);
    this.sequence = sequence;
    return copyGtt(record);
  }

  /** Replaces an active GTT's terms; its type and instrument stay (cancel and place anew for those). */
  async modify(id: string, input: GttInput): Promise<GttRecord> {
    this.assertOpen();
    this.activeRecord(id, 'modified', input);
    const lastPrice = await this.lastPrice(input);
    this.assertOpen();
    // Looked up again: it may have fired, expired or been cancelled while the price was fetched.
    const current = this.activeRecord(id, 'modified', input);
    const now = this.host.clock.now();
    const legs = checkedGttLegs(input, lastPrice);
    const record: GttRecord = {
      ...copyGtt(current),
      lastPrice,
      legs,
      updatedAt: now,
      expiresAt: checkedExpiry(input.expiresAt, now) ?? current.expiresAt,
    };
    this.commit([record]);
    return copyGtt(record);
  }

  cancel(id: string): GttRecord {
    this.assertOpen();
    const current = this.activeRecord(id, 'cancelled');
    const record: GttRecord = { ...copyGtt(current), status: 'cancelled', updatedAt: this.host.clock.now() };
    this.commit([record]);
    return copyGtt(record);
  }

  get(id: string): GttRecord {
    this.assertOpen();
    this.expireDue();
    return copyGtt(this.find(id));
  }

  /** Every GTT of the account, active or not, oldest first. */
  list(): GttRecord[] {
    this.assertOpen();
    this.expireDue();
    return [...this.gtts.values()].sort((a, b) => a.sequence - b.sequence).map(copyGtt);
  }

  /** Instruments watched for GTT triggers. */
  watchedInstruments(): string[] {
    return this.watch.watched();
  }

  close(): void {
    this.closed = true;
    this.watch.close();
  }

  private onSnapshot(snapshot: MarketSnapshot): void {
    if (this.closed) return;
    const now = this.host.clock.now();
    const resting = this.active.get(instrumentKey(snapshot.exchange, snapshot.symbol));
    for (const record of [...(resting?.values() ?? [])]) {
      try {
        if (now >= record.expiresAt) this.commit([{ ...copyGtt(record), status: 'expired', updatedAt: now }]);
        else this.fireIfReached(record, snapshot, now);
      } catch (error) {
        // Nothing was stored (the batch is all-or-nothing), so the GTT is still active and the next
        // snapshot tries again.
        this.host.logger.error({ err: error, gttId: record.gttId }, 'GTT trigger failed');
      }
    }
  }

  private fireIfReached(record: GttRecord, snapshot: MarketSnapshot, now: number): void {
    const index = record.legs.findIndex((leg) => legTriggered(leg, snapshot.ltp));
    const leg = record.legs[index];
    if (!leg) return;
    const fired: GttRecord = { ...copyGtt(record), status: 'triggered', triggeredLeg: index, updatedAt: now };
    this.host.place(
      {
        instrument: gttInstrument(record),
        action: leg.action,
        quantity: leg.quantity,
        priceType: leg.priceType,
        product: leg.product,
        price: leg.price,
        triggerPrice: 0,
      },
      snapshot,
      (order) => {
        fired.orderId = order.orderId;
        return { type: 'gtt', record: fired };
      },
    );
    this.put(fired);
  }

  /** Marks every active GTT past its expiry expired, in one batch. */
  private expireDue(): void {
    const now = this.host.clock.now();
    const due: GttRecord[] = [];
    for (const bucket of this.active.values()) {
      for (const record of bucket.values()) {
        if (now >= record.expiresAt) due.push({ ...copyGtt(record), status: 'expired', updatedAt: now });
      }
    }
    if (due.length > 0) this.commit(due);
  }

  /** Store first, memory second: a failed write changes nothing. */
  private commit(records: readonly GttRecord[]): void {
    this.host.store.apply(
      this.host.accountId,
      records.map((record) => ({ type: 'gtt', record })),
    );
    for (const record of records) this.put(record);
  }

  private put(record: GttRecord): void {
    this.gtts.set(record.gttId, record);
    const key = instrumentKey(record.exchange, record.symbol);
    let bucket = this.active.get(key);
    if (record.status === 'active') {
      if (!bucket) {
        bucket = new Map();
        this.active.set(key, bucket);
      }
      bucket.set(record.gttId, record);
    } else if (bucket?.delete(record.gttId) && bucket.size === 0) {
      this.active.delete(key);
    }
    this.watch.update(record, this.active.has(key));
  }

  private find(id: string): GttRecord {
    const record = this.gtts.get(id);
    if (!record)
      throw new OrderNotFoundError(`GTT ${id} not found`, { broker: 'sandbox', field: 'triggerId' });
    return record;
  }

  /** The GTT, if it can still be changed; its type and instrument must match `input`'s. */
  private activeRecord(id: string, verb: 'modified' | 'cancelled', input?: GttInput): GttRecord {
    this.expireDue();
    const record = this.find(id);
    if (record.status !== 'active') {
      throw invalid(
        `GTT ${id} is already ${STATUS_WORDS[record.status]}: only an active GTT can be ${verb}`,
        'triggerId',
      );
    }
    if (!input) return record;
    if (input.type !== record.type) {
      throw invalid(
        `GTT ${id} is ${record.type}: its type can't change; cancel it and place a new one`,
        'type',
      );
    }
    const { symbol, exchange } = input.instrument;
    if (symbol !== record.symbol || exchange !== record.exchange) {
      throw invalid(
        `GTT ${id} is on ${record.exchange}:${record.symbol}: its instrument can't change; cancel it and place a new one`,
        symbol !== record.symbol ? 'symbol' : 'exchange',
      );
    }
    return record;
  }

  private async lastPrice(input: GttInput): Promise<number> {
    if (input.lastPrice !== undefined && input.lastPrice > 0) return input.lastPrice;
    const { symbol, exchange } = input.instrument;
    const source = this.host.priceSource;
    const snapshot =
      source.snapshotSync?.({ symbol, exchange }) ?? (await source.snapshot({ symbol, exchange }));
    return snapshot.ltp;
  }

  private assertOpen(): void {
    if (this.closed) throw new BrokerUnavailableError('The sandbox engine is closed', { broker: 'sandbox' });
  }
}

function invalid(message: string, field: string): OpenAlgoError {
  return new InvalidOrderError(message, { broker: 'sandbox', field });
}

function checkedExpiry(expiresAt: number | undefined, now: number): number | undefined {
  if (expiresAt === undefined) return undefined;
  if (!Number.isFinite(expiresAt) || expiresAt <= now) {
    throw invalid('The expiry must be in the future', 'expiresAt');
  }
  return expiresAt;
}
