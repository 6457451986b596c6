import type { BrokerAdapter, MarketStream, StreamStatus, Unsubscribe } from '../contract/adapter.js';
import { BrokerError, isOpenAlgoError } from '../errors/openalgo-error.js';
import type { Logger } from '../http/logger.js';
import type { Tick } from '../model/market.js';
import type { InstrumentRef } from '../model/order.js';
import { type ModeRank, modeAt } from './mode-rank.js';

/** Where an upstream stream comes from: a logged-in broker adapter (only its `marketStream` is used). */
export type MarketStreamSource = Pick<BrokerAdapter, 'marketStream'>;

/** One instrument as the upstream knows it. */
export interface UpstreamEntry {
  ref: InstrumentRef;
  /** What the upstream stream is subscribed at right now (0: not subscribed). */
  actual: ModeRank;
}

export interface UpstreamStreamOptions {
  broker: string;
  logger: Logger;
  onTick: (tick: Tick) => void;
  /** The adapter closed the stream on its own (session expired, broker hung up). */
  onLost: (reason: string | undefined) => void;
}

/**
 * The life of one upstream `MarketStream`: opened on demand from the login's adapter, its status
 * followed, detached the moment it is closed — by us or by the adapter — so a dead stream's late
 * ticks or statuses never reach anyone.
 */
export class UpstreamStream {
  private stream: MarketStream | undefined;
  private detach: Unsubscribe[] = [];
  private state: StreamStatus['state'] | 'idle' = 'idle';
  /** The last state the adapter itself reported for the open stream; undefined until it reports one. */
  private reported: StreamStatus['state'] | undefined;

  constructor(private readonly options: UpstreamStreamOptions) {}

  get current(): MarketStream | undefined {
    return this.stream;
  }

  /** `idle` when no stream is open; otherwise the adapter's last reported state (`connecting` at first). */
  get status(): StreamStatus['state'] | 'idle' {
    return this.state;
  }

  /**
   * A stream is open and has not reported itself anything but open. A fresh stream counts: a
   * stream that never delivers is caught by its consumers' staleness checks, not assumed dead.
   */
  get flowing(): boolean {
    return this.stream !== undefined && (this.reported ?? 'open') === 'open';
  }

  /** The open stream, or a new one from `adapter`; throws (BROKER_ERROR or the adapter's error) if none. */
  open(adapter: MarketStreamSource): MarketStream {
    if (this.stream) return this.stream;
    if (typeof (adapter as Partial<MarketStreamSource>).marketStream !== 'function') {
      throw new BrokerError(`Broker ${this.options.broker} does not provide a streaming market feed`);
    }
    const stream = adapter.marketStream();
    this.stream = stream;
    this.state = 'connecting';
    this.reported = undefined;
    this.detach = [
      stream.onTick((tick) => this.options.onTick(tick)),
      stream.onStatus((status) => this.onStatus(stream, status)),
    ];
    this.options.logger.info({}, 'upstream market stream opened');
    return stream;
  }

  /**
   * Subscribes `group` at `rank`, opening the stream if needed, and records each instrument's new
   * upstream mode. Instruments that could not be raised to `rank` land in `failures` with the error.
   */
  async subscribe(
    adapter: MarketStreamSource,
    rank: Exclude<ModeRank, 0>,
    group: ReadonlyArray<[string, UpstreamEntry]>,
    failures: Map<string, unknown>,
  ): Promise<void> {
    let stream: MarketStream;
    try {
      stream = this.open(adapter);
    } catch (err) {
      for (const [key] of group) failures.set(key, err);
      return;
    }
    try {
      await stream.subscribe(
        group.map(([, e]) => e.ref),
        modeAt(rank),
      );
      if (this.stream !== stream) throw new BrokerError('The market stream closed while subscribing');
      for (const [, entry] of group) entry.actual = rank;
    } catch (err) {
      if (group.length > 1 && isInstrumentError(err) && this.stream === stream) {
        // One instrument the broker refuses must not sink the rest: halve the batch until it is
        // found, so a subscribe of thousands costs a few calls per refused instrument, not thousands.
        const middle = Math.ceil(group.length / 2);
        await this.subscribe(adapter, rank, group.slice(0, middle), failures);
        await this.subscribe(adapter, rank, group.slice(middle), failures);
        return;
      }
      for (const [key, entry] of group) {
        // A failed downgrade leaves a richer upstream than needed, which subscribers never notice.
        if (rank > entry.actual) failures.set(key, err);
      }
      this.options.logger.warn(
        { err, mode: modeAt(rank), instruments: group.length },
        'upstream subscribe failed',
      );
    }
  }

  async close(): Promise<void> {
    const stream = this.forget();
    if (!stream) return;
    try {
      await stream.close();
      this.options.logger.info({}, 'upstream market stream closed: nothing subscribed');
    } catch (err) {
      this.options.logger.warn({ err }, 'closing the upstream market stream failed');
    }
  }

  private onStatus(stream: MarketStream, status: StreamStatus): void {
    if (stream !== this.stream) return;
    this.state = status.state;
    this.reported = status.state;
    if (status.state !== 'closed') return;
    this.options.logger.warn({ reason: status.reason }, 'upstream market stream closed by the broker side');
    this.forget();
    this.options.onLost(status.reason);
  }

  private forget(): MarketStream | undefined {
    const stream = this.stream;
    for (const off of this.detach) off();
    this.detach = [];
    this.stream = undefined;
    this.state = 'idle';
    this.reported = undefined;
    return stream;
  }
}

/** Errors about the instruments asked for, as opposed to the stream or the broker being down. */
function isInstrumentError(err: unknown): boolean {
  return isOpenAlgoError(err, 'SYMBOL_NOT_FOUND') || isOpenAlgoError(err, 'INVALID_REQUEST');
}
