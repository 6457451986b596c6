import {
  type Clock,
  type InstrumentRef,
  InvalidRequestError,
  Listeners,
  type Logger,
  type MarketStream,
  type Order,
  type OrderStream,
  type StreamMode,
  StreamModeSchema,
  type StreamStatus,
  type Tick,
  type Unsubscribe,
} from '@openalgo/core';
import type { ZerodhaConfig } from './config.js';
import { KiteOrderSchema } from './kite-types.js';
import { mapOrder } from './mapping.js';
import { ReconnectingSocket, type WebSocketFactory } from './reconnect.js';
import { instrumentToken, type KiteSymbols } from './symbols.js';
import { toUnifiedTick } from './tick-mapping.js';
import { decodeFrame, type KiteTickMode } from './ticker-decode.js';

/** OpenAlgo batches subscribe/mode messages at 200 tokens; Kite caps a connection at 3000. */
export const SUBSCRIBE_BATCH_SIZE = 200;

const KITE_MODES: Readonly<Record<StreamMode, KiteTickMode>> = { ltp: 'ltp', quote: 'quote', depth: 'full' };

export interface KiteStreamOptions {
  config: ZerodhaConfig;
  accessToken: string;
  symbols: KiteSymbols;
  clock: Clock;
  logger: Logger;
  webSocket?: WebSocketFactory;
}

/** `wss://ws.kite.trade?api_key=…&access_token=…` (auth travels in the query). */
export function tickerUrl(config: ZerodhaConfig, accessToken: string): string {
  const url = new URL(config.baseUrls.ws);
  url.searchParams.set('api_key', config.apiKey);
  url.searchParams.set('access_token', accessToken);
  return url.toString();
}

function openSocket(
  options: KiteStreamOptions,
  handlers: { onOpen: () => void; onBinary: (f: Uint8Array) => void; onText: (t: string) => void },
): ReconnectingSocket {
  const { config } = options;
  return new ReconnectingSocket({
    url: tickerUrl(config, options.accessToken),
    headers: { 'X-Kite-Version': '3' },
    policy: {
      initialDelayMs: config.stream.reconnectInitialMs,
      maxDelayMs: config.stream.reconnectMaxMs,
      maxAttempts: config.stream.maxReconnectAttempts,
      stallMs: config.stream.stallMs,
    },
    clock: options.clock,
    logger: options.logger,
    ...(options.webSocket ? { webSocket: options.webSocket } : {}),
    ...handlers,
  });
}

type ControlMessage =
  | { a: 'subscribe' | 'unsubscribe'; v: number[] }
  | { a: 'mode'; v: [KiteTickMode, number[]] };

function batches(tokens: readonly number[]): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < tokens.length; i += SUBSCRIBE_BATCH_SIZE)
    out.push(tokens.slice(i, i + SUBSCRIBE_BATCH_SIZE));
  return out;
}

/** Server text frames: `{type:"order"|"error"|"message", data}`. */
function parseText(text: string, logger: Logger): { type: string; data: unknown } | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (
      typeof value === 'object' &&
      value !== null &&
      typeof (value as { type?: unknown }).type === 'string'
    ) {
      return value as { type: string; data: unknown };
    }
  } catch {
    // fall through: logged below
  }
  logger.warn({ chars: text.length }, 'stream: unreadable text frame');
  return undefined;
}

function logServerNotice(frame: { type: string; data: unknown }, logger: Logger): void {
  if (frame.type === 'error') logger.warn({ message: String(frame.data) }, 'stream: Kite reported an error');
  else if (frame.type === 'message') logger.debug({ message: String(frame.data) }, 'stream: Kite message');
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
    this.socket = openSocket(options, {
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

/** Order updates pushed on the KiteTicker socket as `{type:"order", data:<order>}` text frames. */
export class KiteOrderStream implements OrderStream {
  private readonly orders: Listeners<Order>;
  private readonly socket: ReconnectingSocket;

  constructor(private readonly options: KiteStreamOptions) {
    this.orders = new Listeners(options.logger, 'order update');
    this.socket = openSocket(options, {
      onOpen: () => {},
      onBinary: () => {},
      onText: (text) => this.handleText(text),
    });
    this.socket.start();
  }

  onOrder(listener: (order: Order) => void): Unsubscribe {
    return this.orders.add(listener);
  }

  onStatus(listener: (status: StreamStatus) => void): Unsubscribe {
    return this.socket.onStatus(listener);
  }

  async close(): Promise<void> {
    await this.socket.close();
    this.orders.clear();
  }

  private handleText(text: string): void {
    const { logger, symbols } = this.options;
    const frame = parseText(text, logger);
    if (!frame) return;
    if (frame.type !== 'order') {
      logServerNotice(frame, logger);
      return;
    }
    const parsed = KiteOrderSchema.safeParse(frame.data);
    if (!parsed.success) {
      logger.warn({ issue: parsed.error.issues[0]?.message }, 'stream: unreadable order update');
      return;
    }
    try {
      this.orders.emit(mapOrder(parsed.data, symbols));
    } catch (err) {
      logger.warn({ err, orderId: parsed.data.order_id }, 'stream: order update could not be mapped');
    }
  }
}
