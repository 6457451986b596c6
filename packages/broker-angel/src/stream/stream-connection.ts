import {
  BrokerError,
  type InstrumentRef,
  InvalidRequestError,
  type Logger,
  type OpenAlgoError,
  type StreamStatus,
  type Unsubscribe,
} from '@openalgo/core';
import { AngelSocket } from './angel-socket.js';
import type { AngelStreamOptions } from './options.js';
import { type AngelTick, decodeSmartStreamPacket } from './smartstream-decode.js';
import type { SmartStreamMode } from './smartstream-packet.js';

/** Angel takes about 1000 token subscriptions per connection (OpenAlgo #648; over quota → E1002). */
export const MAX_TOKENS_PER_CONNECTION = 1000;
/** Tokens per subscribe/unsubscribe message (OpenAlgo #1352 sent one message per token). */
export const SUBSCRIBE_BATCH_SIZE = 200;

/** One instrument on the feed: what the adapter wants streamed and how Angel names it. */
export interface Subscription {
  ref: InstrumentRef;
  exchangeType: number;
  token: string;
  mode: SmartStreamMode;
}

/** `exchangeType|token`: how a packet names its instrument. */
export function subscriptionKey(exchangeType: number, token: string): string {
  return `${exchangeType}|${token}`;
}

interface Sent {
  mode: SmartStreamMode;
  exchangeType: number;
  token: string;
}

interface Request {
  action: 0 | 1;
  mode: SmartStreamMode;
  exchangeType: number;
  tokens: string[];
}

/** Requests remembered for matching an error frame's correlationID; older ones are forgotten. */
const REMEMBERED_REQUESTS = 256;

/** What Angel says when it refuses a request (§2.9): `{correlationID, errorCode, errorMessage}`. */
export interface ErrorFrame {
  correlationID?: string;
  errorCode: string;
  errorMessage?: string;
}

/**
 * SmartStream's error codes (§2.6, §2.9) as OpenAlgo errors: both refuse the request that carried the
 * correlationID, and neither is worth retrying as it was — E1001 a payload Angel cannot read, E1002 a
 * subscription over the connection's quota.
 */
export function smartStreamError(frame: ErrorFrame): OpenAlgoError {
  const detail = frame.errorMessage ? `: ${frame.errorMessage}` : '';
  if (frame.errorCode === 'E1002') {
    return new InvalidRequestError(`Angel SmartStream subscription limit exceeded (E1002)${detail}`, {
      details: { errorCode: frame.errorCode },
    });
  }
  if (frame.errorCode === 'E1001') {
    return new InvalidRequestError(`Angel SmartStream refused an invalid request (E1001)${detail}`, {
      details: { errorCode: frame.errorCode },
    });
  }
  return new BrokerError(`Angel SmartStream error ${frame.errorCode}${detail}`, {
    details: { errorCode: frame.errorCode },
  });
}

export function parseErrorFrame(text: string): ErrorFrame | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(text) as Partial<ErrorFrame> | null;
    if (value && typeof value.errorCode === 'string') return value as ErrorFrame;
  } catch {
    // not JSON: the caller logs it
  }
  return undefined;
}

export interface ConnectionEvents {
  tick: (tick: AngelTick, subscription: Subscription) => void;
  /** Angel refused these subscriptions (E1001/E1002); they are no longer on this connection. */
  refused: (keys: readonly string[]) => void;
  status: (status: StreamStatus) => void;
}

/**
 * One SmartStream connection of the pool. It holds the subscriptions it should carry (`desired`) and
 * what the server has been told (`sent`); `flush` sends the difference — unsubscribes first, then
 * subscribes, grouped by mode and exchange type in batches — so any number of subscribe calls between
 * two flushes cost a handful of messages, and a reconnect is "forget what was sent, flush".
 */
export class SmartStreamConnection {
  readonly desired = new Map<string, Subscription>();
  private readonly sent = new Map<string, Sent>();
  private readonly dirty = new Set<string>();
  private readonly requests = new Map<string, Request>();
  private readonly socket: AngelSocket;
  private readonly offStatus: Unsubscribe;
  private sequence = 0;
  private started = false;

  constructor(
    options: AngelStreamOptions,
    headers: Record<string, string>,
    private readonly events: ConnectionEvents,
    private readonly logger: Logger,
  ) {
    this.socket = new AngelSocket(options, headers, 'Angel SmartStream', {
      onOpen: () => this.handleOpen(),
      onBinary: (frame) => this.handleFrame(frame),
      onText: (text) => this.handleText(text),
    });
    this.offStatus = this.socket.onStatus((status) => events.status(status));
  }

  get status(): StreamStatus {
    return this.socket.status;
  }

  get size(): number {
    return this.desired.size;
  }

  set(key: string, subscription: Subscription): void {
    this.desired.set(key, subscription);
    this.dirty.add(key);
    if (!this.started) {
      this.started = true;
      this.socket.start();
    }
  }

  delete(key: string): boolean {
    if (!this.desired.delete(key)) return false;
    this.dirty.add(key);
    return true;
  }

  /** Sends what changed since the last flush; a closed socket sends it all on its next open. */
  flush(): void {
    if (this.dirty.size === 0 || !this.socket.isOpen) return;
    const unsubscribe = new Map<string, Request>();
    const subscribe = new Map<string, Request>();
    const add = (
      into: Map<string, Request>,
      action: 0 | 1,
      mode: SmartStreamMode,
      exchangeType: number,
      token: string,
    ) => {
      const group = `${mode}|${exchangeType}`;
      const request = into.get(group);
      if (request) request.tokens.push(token);
      else into.set(group, { action, mode, exchangeType, tokens: [token] });
    };
    for (const key of this.dirty) {
      const want = this.desired.get(key);
      const had = this.sent.get(key);
      if (want && had?.mode === want.mode) continue;
      if (had) {
        add(unsubscribe, 0, had.mode, had.exchangeType, had.token);
        this.sent.delete(key);
      }
      if (want) {
        add(subscribe, 1, want.mode, want.exchangeType, want.token);
        this.sent.set(key, { mode: want.mode, exchangeType: want.exchangeType, token: want.token });
      }
    }
    this.dirty.clear();
    for (const request of [...unsubscribe.values(), ...subscribe.values()]) this.send(request);
  }

  async close(): Promise<void> {
    this.offStatus();
    this.desired.clear();
    this.dirty.clear();
    await this.socket.close();
  }

  private send(request: Request): void {
    for (let i = 0; i < request.tokens.length; i += SUBSCRIBE_BATCH_SIZE) {
      const tokens = request.tokens.slice(i, i + SUBSCRIBE_BATCH_SIZE);
      // Ten characters, as the docs ask; the counter tells Angel's error frames apart.
      const correlationID = `oa${String(++this.sequence % 1e8).padStart(8, '0')}`;
      this.requests.set(correlationID, { ...request, tokens });
      if (this.requests.size > REMEMBERED_REQUESTS) {
        const oldest = this.requests.keys().next().value as string;
        this.requests.delete(oldest);
      }
      const message = {
        correlationID,
        action: request.action,
        params: { mode: request.mode, tokenList: [{ exchangeType: request.exchangeType, tokens }] },
      };
      this.socket.send(JSON.stringify(message));
    }
  }

  private handleOpen(): void {
    this.sent.clear();
    this.requests.clear();
    for (const key of this.desired.keys()) this.dirty.add(key);
    this.flush();
  }

  private handleFrame(frame: Uint8Array): void {
    const tick = decodeSmartStreamPacket(frame);
    if (typeof tick === 'string') {
      this.logger.warn(
        { bytes: frame.byteLength, mode: frame[0], problem: tick },
        'stream: unreadable SmartStream packet',
      );
      return;
    }
    const subscription = this.desired.get(subscriptionKey(tick.exchangeType, tick.token));
    // A packet of a mode just left, or of a token just unsubscribed, may still be in flight.
    if (subscription && subscription.mode === tick.mode) this.events.tick(tick, subscription);
  }

  private handleText(text: string): void {
    if (text === 'pong') return;
    const error = parseErrorFrame(text);
    if (!error) {
      this.logger.debug({ chars: text.length }, 'stream: unexpected SmartStream text frame');
      return;
    }
    this.handleError(error);
  }

  /**
   * E1001 (invalid payload) and E1002 (subscription limit) refuse one request: its subscriptions are
   * dropped — resending them on every reconnect would only be refused again — and logged as an error.
   */
  private handleError(error: ErrorFrame): void {
    const request = error.correlationID ? this.requests.get(error.correlationID) : undefined;
    const dropped: string[] = [];
    const symbols: string[] = [];
    if (request?.action === 1) {
      for (const token of request.tokens) {
        const key = subscriptionKey(request.exchangeType, token);
        const sub = this.desired.get(key);
        if (sub?.mode !== request.mode) continue;
        this.desired.delete(key);
        this.sent.delete(key);
        dropped.push(key);
        if (symbols.length < 5) symbols.push(`${sub.ref.exchange}:${sub.ref.symbol}`);
      }
    }
    const err = smartStreamError(error);
    this.logger.error(
      { errorCode: error.errorCode, code: err.code, instruments: dropped.length, symbols },
      `stream: ${err.message}`,
    );
    if (dropped.length > 0) this.events.refused(dropped);
  }
}
