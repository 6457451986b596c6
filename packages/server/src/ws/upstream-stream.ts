import {
  type BrokerAdapter,
  BrokerError,
  type InstrumentRef,
  isOpenAlgoError,
  type Logger,
  type MarketStream,
  type StreamStatus,
  type Tick,
  type Unsubscribe,
} from '@openalgo/core';
import { type ModeNumber, toStreamMode } from './modes.js';

/** One instrument as the upstream knows it. */
export interface UpstreamEntry {
  ref: InstrumentRef;
  /** What the upstream stream is subscribed at right now (0: not subscribed). */
  actual: ModeNumber | 0;
}

export interface UpstreamStreamOptions {
  broker: string;
  logger: Logger;
  onTick: (tick: Tick) => void;
  /** The adapter closed the stream on its own (session expired, broker hung up). */
  onLost: (reason: string | undefined) => void;
}

/**
 * The life of one upstream `MarketStream`: opened on demand from the account's adapter, its status
 * followed, detached the moment it is closed — by us or by the adapter — so a dead stream's late
 * ticks or statuses never reach anyone.
 */
export class UpstreamStream {
  private stream: MarketStream | undefined;
  private detach: Unsubscribe[] = [];
  private state: StreamStatus['state'] | 'idle' = 'idle';

  constructor(private readonly options: UpstreamStreamOptions) {}

  get current(): MarketStream | undefined {
    return this.stream;
  }

  /** `idle` when no stream is open; otherwise the adapter's last reported state. */
  get status(): StreamStatus['state'] | 'idle' {
    return this.state;
  }

  /** The open stream, or a new one from `adapter`; throws (BROKER_ERROR or the adapter's error) if none. */
  open(adapter: BrokerAdapter): MarketStream {
    if (this.stream) return this.stream;
    if (typeof adapter.marketStream !== 'function') {
      throw new BrokerError(`Broker ${this.options.broker} does not provide a streaming market feed`);
    }
    const stream = adapter.marketStream();
    this.stream = stream;
    this.state = 'connecting';
    this.detach = [
      stream.onTick((tick) => this.options.onTick(tick)),
      stream.onStatus((status) => this.onStatus(stream, status)),
    ];
    this.options.logger.info({}, 'upstream market stream opened');
    return stream;
  }

  /**
   * Subscribes `group` at `mode`, opening the stream if needed, and records each instrument's new
   * upstream mode. Instruments that could not be raised to `mode` land in `failures` with the error.
   */
  async subscribe(
    adapter: BrokerAdapter,
    mode: ModeNumber,
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
        toStreamMode(mode),
      );
      if (this.stream !== stream) throw new BrokerError('The market stream closed while subscribing');
      for (const [, entry] of group) entry.actual = mode;
    } catch (err) {
      if (group.length > 1 && isInstrumentError(err) && this.stream === stream) {
        // One instrument the broker refuses must not sink the rest: find it one at a time.
        for (const one of group) await this.subscribe(adapter, mode, [one], failures);
        return;
      }
      for (const [key, entry] of group) {
        // A failed downgrade leaves a richer upstream than needed, which clients never notice.
        if (mode > entry.actual) failures.set(key, err);
      }
      this.options.logger.warn({ err, mode, instruments: group.length }, 'upstream subscribe failed');
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
    return stream;
  }
}

/** Errors about the instruments asked for, as opposed to the stream or the broker being down. */
function isInstrumentError(err: unknown): boolean {
  return isOpenAlgoError(err, 'SYMBOL_NOT_FOUND') || isOpenAlgoError(err, 'INVALID_REQUEST');
}
