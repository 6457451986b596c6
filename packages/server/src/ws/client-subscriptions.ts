import {
  type InstrumentLookup,
  type InstrumentRef,
  instrumentKey,
  isOpenAlgoError,
  type MarketDemand,
  type MarketSubscriber,
  modeAt,
  type SharedMarketStream,
  type Tick,
} from '@openalgo/core';
import { readRequestedItems } from './instrument-list.js';
import { DEFAULT_DEPTH_LEVELS, deliveryModes, MAX_DEPTH_LEVELS, TickFrames } from './market-data.js';
import {
  batchStatus,
  FeedRequestError,
  itemError,
  itemSuccess,
  type OutgoingMessage,
  streamFailureCode,
  withRequestId,
} from './messages.js';
import { MODE_LABELS, type ModeNumber, ModeSet, parseDepth, parseMode } from './modes.js';

/** Where a client's market data goes; `false` means the client is gone (or was just dropped). */
export interface FrameSink {
  /** A text frame: a string, or its UTF-8 bytes (encoded once for every client of a tick). */
  sendFrame(text: string | Buffer): boolean;
}

/**
 * Instruments one connection may hold. A subscribe message itself may name any number (the Python
 * client sends all of a call's symbols in one message); past this bound the surplus entries fail one
 * by one. It is above every supported broker's upstream capacity (Kite 3 × 3000, Fyers 5000, Angel
 * 3 × 1000), which the broker enforces on the shared upstream anyway.
 */
export const MAX_INSTRUMENTS_PER_CLIENT = 10_000;

interface Subscription {
  ref: InstrumentRef;
  modes: ModeSet;
  depth: number;
  /** Subscribe requests for this instrument still awaiting their reply. */
  pending: number;
  /** The latest tick that arrived before the reply went out; sent right after it. */
  held: TickFrames | undefined;
}

/** One instrument a subscribe request touched, with what to restore if the upstream refuses it. */
interface Touched {
  key: string;
  sub: Subscription;
  mode: ModeNumber;
  added: boolean;
  previousDepth: number;
  index: number;
}

/** What a subscribe produced: the reply, and what to do once it has been sent. */
export interface SubscribeOutcome {
  reply: OutgoingMessage;
  afterReply: () => void;
}

function failureMessage(err: unknown): string {
  return isOpenAlgoError(err) ? err.message : 'Subscription failed at the broker';
}

/**
 * One authenticated client's subscriptions on its broker login's shared market stream. A client may
 * hold several modes of one instrument (OpenAlgo keys subscriptions by symbol, exchange and mode); it
 * asks the shared upstream for the highest of them and receives each tick once per mode it holds (see
 * `deliveryModes`).
 */
export class ClientSubscriptions implements MarketSubscriber {
  private readonly table = new Map<string, Subscription>();
  private released = false;

  constructor(
    private readonly feed: SharedMarketStream,
    private readonly sink: FrameSink,
    private readonly broker: string,
    private readonly instruments: InstrumentLookup,
    private readonly streaming: boolean,
  ) {}

  get size(): number {
    let count = 0;
    for (const sub of this.table.values()) count += sub.modes.size;
    return count;
  }

  onTick(tick: Readonly<Tick>): void {
    // One rendering and key per tick for all clients of the login (the stream shares one object).
    const frames = TickFrames.of(tick, this.broker);
    const sub = this.table.get(frames.key);
    if (!sub) return;
    if (sub.pending > 0) {
      sub.held = frames;
      return;
    }
    this.deliver(frames, sub);
  }

  private deliver(frames: TickFrames, sub: Subscription): void {
    for (const mode of deliveryModes(frames.mode, sub.modes.bits)) {
      if (!this.sink.sendFrame(frames.frame(mode, sub.depth))) return;
    }
  }

  async subscribe(body: Record<string, unknown>): Promise<SubscribeOutcome> {
    const mode = parseMode(body.mode);
    if (!mode.ok) throw new FeedRequestError('INVALID_MODE', mode.message);
    const depth = parseDepth(body.depth, DEFAULT_DEPTH_LEVELS, MAX_DEPTH_LEVELS);
    if (!depth.ok) throw new FeedRequestError('INVALID_PARAMETERS', depth.message);
    const items = readRequestedItems(body);
    if (!this.streaming) {
      throw new FeedRequestError(
        'BROKER_ERROR',
        `Broker ${this.broker} does not provide a streaming market feed; use the REST quotes/depth endpoints`,
      );
    }

    const results: OutgoingMessage[] = [];
    const touched: Touched[] = [];
    const changes = new Map<string, MarketDemand>();
    for (const item of items) {
      if (!item.ok) {
        results.push(itemError(item, item.message, this.broker));
        continue;
      }
      const itemMode = parseMode(item.mode, mode.mode);
      const known = itemMode.ok ? this.instruments.get(item.symbol, item.exchange) : undefined;
      if (!itemMode.ok || !known) {
        const message = itemMode.ok
          ? `Symbol '${item.symbol}' not found for exchange '${item.exchange}'`
          : itemMode.message;
        results.push(itemError(item, message, this.broker));
        continue;
      }
      const ref: InstrumentRef = { symbol: item.symbol, exchange: item.exchange };
      const key = instrumentKey(ref);
      if (!this.table.has(key) && this.table.size >= MAX_INSTRUMENTS_PER_CLIENT) {
        const message = `This connection already holds ${MAX_INSTRUMENTS_PER_CLIENT} instruments, the most one connection may; unsubscribe some first`;
        results.push(itemError(item, message, this.broker));
        continue;
      }
      const sub = this.table.get(key) ?? {
        ref,
        modes: new ModeSet(),
        depth: depth.depth,
        pending: 0,
        held: undefined,
      };
      this.table.set(key, sub);
      const before = sub.modes.highest;
      const added = !sub.modes.has(itemMode.mode);
      const previousDepth = sub.depth;
      sub.modes.add(itemMode.mode);
      if (itemMode.mode === 3) sub.depth = depth.depth;
      sub.pending++;
      const after = sub.modes.highest;
      if (after > before) changes.set(key, { ref, mode: modeAt(after) });
      touched.push({ key, sub, mode: itemMode.mode, added, previousDepth, index: results.length });
      results.push(itemSuccess(item, itemMode.mode, this.broker, { depth: sub.depth }));
    }

    const failures = changes.size > 0 ? await this.feed.apply(this, [...changes.values()]) : new Map();
    if (failures.size > 0 && !this.released) await this.rollBack(touched, failures, results);

    const ok = results.filter((r) => r.status === 'success').length;
    const status = batchStatus(ok, results.length - ok);
    const reply: OutgoingMessage = {
      type: 'subscribe',
      status,
      subscriptions: results,
      message:
        status === 'success' ? 'Subscription processing complete' : `Subscribed ${ok} of ${results.length}`,
      broker: this.broker,
    };
    // Nothing subscribed because of the broker side: OpenAlgo's error shape names it too.
    const brokerFailure = status === 'error' ? results.find((r) => r.code !== undefined) : undefined;
    if (brokerFailure) {
      reply.code = brokerFailure.code;
      reply.message = brokerFailure.message;
    }
    withRequestId(reply, body);
    return { reply, afterReply: () => this.flushHeld(touched.map((t) => t.sub)) };
  }

  async unsubscribe(body: Record<string, unknown>): Promise<OutgoingMessage> {
    const mode = parseMode(body.mode);
    if (!mode.ok) throw new FeedRequestError('INVALID_MODE', mode.message);
    const items = readRequestedItems(body);
    const successful: OutgoingMessage[] = [];
    const failed: OutgoingMessage[] = [];
    const changes = new Map<string, MarketDemand>();
    for (const item of items) {
      const itemMode = item.ok ? parseMode(item.mode, mode.mode) : undefined;
      if (!item.ok || !itemMode?.ok) {
        const message = !item.ok ? item.message : itemMode && !itemMode.ok ? itemMode.message : '';
        failed.push(itemError(item, message, this.broker));
        continue;
      }
      const key = instrumentKey(item);
      const sub = this.table.get(key);
      if (!sub?.modes.has(itemMode.mode)) {
        const held = sub ? ` (subscribed: ${[...sub.modes].map((m) => MODE_LABELS[m]).join(', ')})` : '';
        const message = `Not subscribed to ${item.symbol} on ${item.exchange} in ${MODE_LABELS[itemMode.mode]} mode${held}`;
        failed.push(itemError(item, message, this.broker));
        continue;
      }
      const before = sub.modes.highest;
      sub.modes.delete(itemMode.mode);
      const after = sub.modes.highest;
      if (after === 0) this.table.delete(key);
      if (after !== before) changes.set(key, { ref: sub.ref, mode: modeAt(after) });
      successful.push(itemSuccess(item, itemMode.mode, this.broker));
    }
    if (changes.size > 0) await this.feed.apply(this, [...changes.values()]);
    return this.unsubscribed(successful, failed, body);
  }

  async unsubscribeAll(body: Record<string, unknown>): Promise<OutgoingMessage> {
    const successful: OutgoingMessage[] = [];
    for (const sub of this.table.values()) {
      for (const mode of sub.modes) successful.push(itemSuccess(sub.ref, mode, this.broker));
    }
    await this.feed.apply(this, this.takeAll());
    return this.unsubscribed(successful, [], body);
  }

  /** The reply to an unsubscribe (of a list, or of everything). */
  private unsubscribed(
    successful: OutgoingMessage[],
    failed: OutgoingMessage[],
    body: Record<string, unknown>,
  ) {
    const status = batchStatus(successful.length, failed.length);
    const message = 'Unsubscription processing complete';
    return withRequestId(
      { type: 'unsubscribe', status, message, successful, failed, broker: this.broker },
      body,
    );
  }

  /** The client is gone: let go of everything, without waiting for the upstream. */
  releaseAll(): void {
    this.released = true;
    const changes = this.takeAll();
    if (changes.length > 0) void this.feed.apply(this, changes);
  }

  private takeAll(): MarketDemand[] {
    const changes = [...this.table.values()].map((sub): MarketDemand => ({ ref: sub.ref, mode: 'none' }));
    this.table.clear();
    return changes;
  }

  /** Withdraws what the upstream refused, restoring each instrument to what the client had before. */
  private async rollBack(
    touched: readonly Touched[],
    failures: ReadonlyMap<string, unknown>,
    results: OutgoingMessage[],
  ): Promise<void> {
    const withdraw = new Map<string, MarketDemand>();
    for (const t of touched) {
      const err = failures.get(t.key);
      if (err === undefined) continue;
      if (t.added) t.sub.modes.delete(t.mode);
      t.sub.depth = t.previousDepth;
      const result = results[t.index];
      if (result) {
        result.status = 'error';
        result.message = failureMessage(err);
        const code = streamFailureCode(err);
        if (code) result.code = code;
        delete result.mode;
        delete result.depth;
      }
      const remaining = t.sub.modes.highest;
      if (remaining === 0 && this.table.get(t.key) === t.sub) this.table.delete(t.key);
      withdraw.set(t.key, { ref: t.sub.ref, mode: modeAt(remaining) });
    }
    await this.feed.apply(this, [...withdraw.values()]);
  }

  private flushHeld(subs: readonly Subscription[]): void {
    for (const sub of subs) sub.pending--;
    for (const sub of new Set(subs)) {
      const held = sub.held;
      if (sub.pending > 0 || !held) continue;
      sub.held = undefined;
      if (this.table.get(instrumentKey(sub.ref)) === sub) {
        this.deliver(held, sub);
      }
    }
  }
}
