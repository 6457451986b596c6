import {
  type InstrumentRef,
  InvalidRequestError,
  Listeners,
  type MarketStream,
  type ReconnectingSocket,
  type StreamMode,
  StreamModeSchema,
  type StreamStatus,
  type Tick,
  type Unsubscribe,
} from '@openalgo/core';
import { instrumentToken } from '../instruments/symbols.js';
import { toUnifiedTick } from '../mapping/ticks.js';
import { decodeFrame, type KiteTickMode } from './ticker-decode.js';
import { type KiteStreamOptions, logServerNotice, openTickerSocket, parseText } from './ticker-socket.js';

/** OpenAlgo batches subscribe/mode messages at 200 tokens; Kite caps a connection at 3000. */
export const SUBSCRIBE_BATCH_SIZE = 200;

const KITE_MODES: Readonly<Record<StreamMode, KiteTickMode>> = { ltp: 'ltp', quote: 'quote', depth: 'full' };

type ControlMessage =
  | { a: 'subscribe' | 'unsubscribe'; v: number[] }
  | { a: 'mode'; v: [KiteTickMode, number[]] };

function batches(tokens: readonly number[]): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < tokens.length; i += SUBSCRIBE_BATCH_SIZE)
    out.push(tokens.slice(i, i + SUBSCRIBE_BATCH_SIZE));
  return out;
}

interface Subscription {
  ref: InstrumentRef;
  mode: StreamMode;
}

/**
 * KiteTicker market feed. Subscriptions are kept by instrument token and replayed (subscribe, then
 * mode, in batches of 200) on every (re)connect. The socket opens on the first subscribe.
 */
export class KiteMarketStream implements MarketStream {
  private readonly subscriptions = new Map<number, Subscription>();
  private readonly ticks: Listeners<Tick>;
  private readonly socket: ReconnectingSocket;
  private closed = false;

  constructor(private readonly options: KiteStreamOptions) {
    this.ticks = new Listeners(options.logger, 'tick');
    this.socket = openTickerSocket(options, {
      onOpen: () => this.resubscribe(),
      onBinary: (frame) => this.handleFrame(frame),
      onText: (text) => {
        const frame = parseText(text, options.logger);
        if (frame) logServerNotice(frame, options.logger);
      },
    });
  }

  async subscribe(instruments: readonly InstrumentRef[], mode: StreamMode): Promise<void> {
    if (this.closed) throw new InvalidRequestError('The market stream is closed: open a new one');
    // A stream's own methods are not behind the contract boundary, so the mode is checked here.
    const checked = StreamModeSchema.safeParse(mode);
    if (!checked.success) {
      throw new InvalidRequestError(`Invalid stream mode "${String(mode)}": must be ltp, quote or depth`, {
        field: 'mode',
      });
    }
    // Resolve everything first: one unknown symbol subscribes nothing.
    if (instruments.length === 0) return;
    const resolved = instruments.map((ref) => ({
      ref: { symbol: ref.symbol, exchange: ref.exchange },
      token: instrumentToken(this.options.symbols.resolve(ref)),
    }));
    for (const { ref, token } of resolved) this.subscriptions.set(token, { ref, mode: checked.data });
    if (this.socket.isOpen) this.sendSubscribe([...new Set(resolved.map((r) => r.token))], checked.data);
    else this.socket.start();
  }

  async unsubscribe(instruments: readonly InstrumentRef[]): Promise<void> {
    const tokens: number[] = [];
    for (const ref of instruments) {
      const row = this.options.symbols.resolve(ref);
      const token = instrumentToken(row);
      if (this.subscriptions.delete(token)) tokens.push(token);
    }
    if (tokens.length === 0 || !this.socket.isOpen) return;
    for (const batch of batches(tokens)) this.send({ a: 'unsubscribe', v: batch });
  }

  onTick(listener: (tick: Tick) => void): Unsubscribe {
    return this.ticks.add(listener);
  }

  onStatus(listener: (status: StreamStatus) => void): Unsubscribe {
    return this.socket.onStatus(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.subscriptions.clear();
    await this.socket.close();
    this.ticks.clear();
  }

  private send(message: ControlMessage): void {
    this.socket.send(JSON.stringify(message));
  }

  private sendSubscribe(tokens: readonly number[], mode: StreamMode): void {
    for (const batch of batches(tokens)) {
      this.send({ a: 'subscribe', v: batch });
      this.send({ a: 'mode', v: [KITE_MODES[mode], batch] });
    }
  }

  private resubscribe(): void {
    const byMode = new Map<StreamMode, number[]>();
    for (const [token, sub] of this.subscriptions) {
      const list = byMode.get(sub.mode);
      if (list) list.push(token);
      else byMode.set(sub.mode, [token]);
    }
    for (const [mode, tokens] of byMode) this.sendSubscribe(tokens, mode);
  }

  private handleFrame(frame: Uint8Array): void {
    const now = this.options.clock.now();
    const stats = decodeFrame(frame, (kiteTick) => {
      const sub = this.subscriptions.get(kiteTick.instrument_token);
      // Ticks for a token unsubscribed a moment ago may still be in flight.
      if (sub) this.ticks.emit(toUnifiedTick(kiteTick, sub.ref, now));
    });
    if (stats.truncated || stats.unknown > 0) {
      this.options.logger.warn(
        { bytes: frame.byteLength, truncated: stats.truncated, unknownPackets: stats.unknown },
        'stream: malformed tick frame',
      );
    }
  }
}
