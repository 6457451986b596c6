import {
  type InstrumentRef,
  InvalidRequestError,
  Listeners,
  type MarketStream,
  SessionExpiredError,
  type StreamMode,
  StreamModeSchema,
  type StreamStatus,
  type Tick,
  type Unsubscribe,
} from '@openalgo/core';
import { rawJwt } from './angel-socket.js';
import type { AngelStreamOptions } from './options.js';
import type { AngelTick } from './smartstream-decode.js';
import { EXCHANGE_TYPE_OF_SEGMENT, type SmartStreamMode } from './smartstream-packet.js';
import {
  MAX_TOKENS_PER_CONNECTION,
  SmartStreamConnection,
  type Subscription,
  subscriptionKey,
} from './stream-connection.js';

/** Angel allows three SmartStream connections per session [unverified, brokers.md §2.7]. */
export const MAX_CONNECTIONS = 3;

/** OpenAlgo's modes on SmartStream: `depth` is SnapQuote, whose best five are the depth. */
const SMARTSTREAM_MODES: Readonly<Record<StreamMode, SmartStreamMode>> = { ltp: 1, quote: 2, depth: 3 };
const TICK_MODES: Readonly<Record<SmartStreamMode, StreamMode>> = { 1: 'ltp', 2: 'quote', 3: 'depth' };

const STATE_RANK: Readonly<Record<StreamStatus['state'], number>> = {
  open: 0,
  connecting: 1,
  reconnecting: 2,
  closed: 3,
};

/** A decoded packet as a unified Tick; a packet without an exchange time is stamped on arrival. */
export function toUnifiedTick(t: AngelTick, ref: InstrumentRef, receivedAtMs: number): Tick {
  const tick: Tick = {
    symbol: ref.symbol,
    exchange: ref.exchange,
    mode: TICK_MODES[t.mode],
    ltp: t.ltp,
    timestamp: t.exchangeTimestamp > 0 ? t.exchangeTimestamp : receivedAtMs,
  };
  if (t.mode === 1) return tick;
  tick.lastQuantity = t.lastQuantity;
  tick.averagePrice = t.averagePrice;
  tick.volume = t.volume;
  tick.totalBuyQuantity = t.totalBuyQuantity;
  tick.totalSellQuantity = t.totalSellQuantity;
  tick.open = t.open;
  tick.high = t.high;
  tick.low = t.low;
  tick.close = t.close;
  if (t.mode === 2) return tick;
  tick.oi = t.openInterest;
  tick.bids = t.bids;
  tick.asks = t.asks;
  return tick;
}

/**
 * SmartStream v2 (brokers.md §2.9). Subscriptions are spread over a pool of up to three connections of
 * at most 1000 tokens each (OpenAlgo #648), opened as they are needed and closed when they empty. What
 * subscribe/unsubscribe calls change is sent once per turn of the event loop, in batches, so a
 * strategy subscribing 1000 symbols one call at a time still sends a few messages (OpenAlgo #1352).
 * Each connection resends its whole set on every reconnect.
 */
class AngelMarketStream implements MarketStream {
  private readonly pool: SmartStreamConnection[] = [];
  private readonly where = new Map<string, SmartStreamConnection>();
  private readonly ticks: Listeners<Tick>;
  private readonly statuses: Listeners<StreamStatus>;
  private current: StreamStatus = { state: 'connecting' };
  private readonly headers: Record<string, string>;
  private flushPending: ReturnType<typeof setImmediate> | undefined;
  private closed = false;

  constructor(private readonly options: AngelStreamOptions) {
    this.ticks = new Listeners(options.logger, 'tick');
    this.statuses = new Listeners(options.logger, 'stream status');
    // §2.9: the JS SDK sends the raw JWT, Python callers `Bearer …`; Angel takes both.
    this.headers = {
      Authorization: rawJwt(options.accessToken),
      'x-api-key': options.apiKey,
      'x-client-code': options.clientId,
      'x-feed-token': options.feedToken ?? '',
    };
  }

  async subscribe(instruments: readonly InstrumentRef[], mode: StreamMode): Promise<void> {
    if (this.closed) throw new InvalidRequestError('The market stream is closed: open a new one');
    const checked = StreamModeSchema.safeParse(mode);
    if (!checked.success) {
      throw new InvalidRequestError(`Invalid stream mode "${String(mode)}": must be ltp, quote or depth`, {
        field: 'mode',
      });
    }
    if (!this.options.feedToken) {
      throw new SessionExpiredError('The Angel session has no feed token for SmartStream: log in again');
    }
    // Resolve and place everything first: one unknown symbol, or no room, subscribes nothing.
    const wanted = new Map<string, Subscription>();
    for (const ref of instruments) {
      const sub = this.subscriptionOf(ref, SMARTSTREAM_MODES[checked.data]);
      wanted.set(subscriptionKey(sub.exchangeType, sub.token), sub);
    }
    const placement = this.place([...wanted.keys()]);
    for (const [key, sub] of wanted) {
      const connection = placement.get(key) as SmartStreamConnection;
      this.where.set(key, connection);
      connection.set(key, sub);
    }
    this.scheduleFlush();
  }

  async unsubscribe(instruments: readonly InstrumentRef[]): Promise<void> {
    for (const ref of instruments) {
      const sub = this.subscriptionOf(ref, 1);
      const key = subscriptionKey(sub.exchangeType, sub.token);
      const connection = this.where.get(key);
      if (!connection) continue;
      this.where.delete(key);
      connection.delete(key);
    }
    this.scheduleFlush();
  }

  onTick(listener: (tick: Tick) => void): Unsubscribe {
    return this.ticks.add(listener);
  }

  onStatus(listener: (status: StreamStatus) => void): Unsubscribe {
    return this.statuses.add(listener);
  }

  async close(): Promise<void> {
    await this.shutdown('closed by the client');
  }

  /** Releases every connection and timer, then reports `closed` with the reason, once. */
  private async shutdown(reason: string | undefined): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.flushPending) clearImmediate(this.flushPending);
    this.flushPending = undefined;
    const pool = this.pool.splice(0);
    this.where.clear();
    await Promise.all(pool.map((connection) => connection.close()));
    this.emit(reason === undefined ? { state: 'closed' } : { state: 'closed', reason });
    this.ticks.clear();
    this.statuses.clear();
  }

  private subscriptionOf(ref: InstrumentRef, mode: SmartStreamMode): Subscription {
    const row = this.options.instruments.resolve(ref.symbol, ref.exchange);
    const exchangeType = Object.hasOwn(EXCHANGE_TYPE_OF_SEGMENT, row.brexchange)
      ? EXCHANGE_TYPE_OF_SEGMENT[row.brexchange]
      : undefined;
    if (exchangeType === undefined) {
      throw new InvalidRequestError(
        `Angel SmartStream does not stream ${row.brexchange} (${ref.exchange}:${ref.symbol})`,
        {
          field: 'exchange',
        },
      );
    }
    return { ref: { symbol: ref.symbol, exchange: ref.exchange }, exchangeType, token: row.token, mode };
  }

  /** The connection each key goes on: where it already is, else the first with room (opening one if allowed). */
  private place(keys: readonly string[]): Map<string, SmartStreamConnection> {
    const fresh = keys.filter((key) => !this.where.has(key));
    let room = (MAX_CONNECTIONS - this.pool.length) * MAX_TOKENS_PER_CONNECTION;
    for (const connection of this.pool) room += MAX_TOKENS_PER_CONNECTION - connection.size;
    if (fresh.length > room) {
      throw new InvalidRequestError(
        `Angel SmartStream carries at most ${MAX_CONNECTIONS * MAX_TOKENS_PER_CONNECTION} instruments ` +
          `(${MAX_CONNECTIONS} connections of ${MAX_TOKENS_PER_CONNECTION}): unsubscribe some first`,
        { details: { subscribed: this.where.size, requested: fresh.length } },
      );
    }
    const placement = new Map<string, SmartStreamConnection>();
    for (const key of keys) {
      const known = this.where.get(key);
      if (known) placement.set(key, known);
    }
    // Counted here, not read from the connections: nothing is added to them until all are placed.
    const taken = new Map<SmartStreamConnection, number>();
    for (const key of fresh) {
      let target = this.pool.find(
        (connection) => connection.size + (taken.get(connection) ?? 0) < MAX_TOKENS_PER_CONNECTION,
      );
      if (!target) {
        target = this.openConnection();
        this.pool.push(target);
      }
      taken.set(target, (taken.get(target) ?? 0) + 1);
      placement.set(key, target);
    }
    return placement;
  }

  private openConnection(): SmartStreamConnection {
    const logger = this.options.logger.child({ connection: this.pool.length + 1 });
    const connection: SmartStreamConnection = new SmartStreamConnection(
      this.options,
      this.headers,
      {
        tick: (tick, sub) => this.ticks.emit(toUnifiedTick(tick, sub.ref, this.options.clock.now())),
        refused: (keys) => {
          for (const key of keys) if (this.where.get(key) === connection) this.where.delete(key);
          this.releaseEmpty();
        },
        status: () => this.updateStatus(),
      },
      logger,
    );
    return connection;
  }

  /** Sends the changes once this turn's subscribe/unsubscribe calls are all in (a macrotask, not a timer). */
  private scheduleFlush(): void {
    if (this.flushPending || this.closed) return;
    this.flushPending = setImmediate(() => {
      this.flushPending = undefined;
      for (const connection of this.pool) connection.flush();
      this.releaseEmpty();
    });
  }

  /** Closes pooled connections left empty (the first one stays for the next subscribe). */
  private releaseEmpty(): void {
    for (let i = this.pool.length - 1; i >= 1; i--) {
      const connection = this.pool[i] as SmartStreamConnection;
      if (connection.size > 0) continue;
      this.pool.splice(i, 1);
      void connection.close();
    }
    this.updateStatus();
  }

  /** The pool's state is its worst connection's; one connection closed for good ends the stream. */
  private updateStatus(): void {
    if (this.closed) return;
    let worst: StreamStatus = { state: this.pool.length === 0 ? 'connecting' : 'open' };
    for (const connection of this.pool) {
      const status = connection.status;
      if (STATE_RANK[status.state] > STATE_RANK[worst.state]) worst = status;
    }
    // The pool's other connections would stream on, missing this one's instruments: end them all.
    if (worst.state === 'closed') void this.shutdown(worst.reason);
    else this.setStatus(worst);
  }

  private setStatus(status: StreamStatus): void {
    if (status.state === this.current.state && status.reason === this.current.reason) return;
    this.emit(status);
  }

  private emit(status: StreamStatus): void {
    this.current = status;
    this.statuses.emit(status);
  }
}

/** SmartStream v2 market feed (§2.9). */
export function createAngelMarketStream(o: AngelStreamOptions): MarketStream {
  return new AngelMarketStream(o);
}
