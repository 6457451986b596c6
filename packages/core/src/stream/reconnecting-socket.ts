import type { StreamStatus, Unsubscribe } from '../contract/adapter.js';
import { Listeners } from '../contract/listeners.js';
import type { Logger } from '../http/logger.js';
import type { Clock } from '../time/clock.js';

/**
 * One WebSocket connection as the reconnecting socket drives it. Core does not pick a WebSocket
 * library: an adapter passes a factory — `wsSocketFactory` over the `ws` package, or a test double.
 */
export interface StreamSocket {
  /** True while frames can be sent (after the open event, before any close). */
  readonly isOpen: boolean;
  /** A string goes as a text frame, bytes as a binary frame. */
  send(data: string | Uint8Array): void;
  /** Closes politely (code 1000). */
  close(): void;
  /** Drops the connection at once: a stalled link, or a close before the handshake finished. */
  terminate(): void;
}

/** What a connection reports; the factory wires its library's events to these. */
export interface StreamSocketEvents {
  open(): void;
  /** A binary frame as bytes, a text frame as a string. */
  message(data: Uint8Array | string): void;
  /** `handshakeStatus` is the HTTP status when the server refused the upgrade. */
  error(error: Error, handshakeStatus?: number): void;
  /** The last event of every connection, whoever closed it. */
  close(code: number): void;
}

/** Opens one connection; may throw (a malformed URL), which ends the stream with a reason. */
export type StreamSocketFactory = (
  url: string,
  options: { headers: Record<string, string> },
  events: StreamSocketEvents,
) => StreamSocket;

export interface ReconnectPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  /** Consecutive failed attempts before giving up; 0 = never. */
  maxAttempts: number;
  /** No frame at all (brokers heartbeat about once a second) for this long → the link is dead. */
  stallMs: number;
}

export interface ReconnectingSocketOptions {
  url: string;
  headers: Record<string, string>;
  policy: ReconnectPolicy;
  clock: Clock;
  logger: Logger;
  socket: StreamSocketFactory;
  /** Who is at the other end, for status reasons ("Zerodha rejected the access token…"). */
  peer: string;
  onOpen: () => void;
  onBinary: (frame: Uint8Array) => void;
  onText: (text: string) => void;
}

/** Delay before reconnect attempt `attempt` (1-based): doubling from the initial delay, capped. */
export function backoffDelayMs(attempt: number, policy: ReconnectPolicy): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, attempt - 1));
}

/** A handshake refused with one of these means the credentials are gone: retrying cannot help. */
const AUTH_REJECTIONS = new Set([401, 403]);

interface Connection {
  socket: StreamSocket;
  ended: boolean;
  closed: Promise<void>;
}

/**
 * One WebSocket that stays up: reconnects with exponential backoff after any drop, treats a link
 * that has gone silent for `stallMs` as dead, and stops for good on an auth rejection (a 401/403 at
 * the handshake: the access token is no longer valid). Timers run on the injected clock. The URL
 * may carry the access token, so it is never logged.
 */
export class ReconnectingSocket {
  private connection: Connection | undefined;
  private readonly statuses: Listeners<StreamStatus>;
  private current: StreamStatus = { state: 'connecting' };
  private attempts = 0;
  private lastFrameAt = 0;
  private stopped = false;
  private started = false;
  private rejectedWith: number | undefined;
  /** Cancels the pending reconnect wait and the watchdog of the current connection. */
  private timers = new AbortController();

  constructor(private readonly options: ReconnectingSocketOptions) {
    this.statuses = new Listeners(options.logger, 'stream status');
  }

  get status(): StreamStatus {
    return this.current;
  }

  get isOpen(): boolean {
    return this.connection?.socket.isOpen ?? false;
  }

  onStatus(listener: (status: StreamStatus) => void): Unsubscribe {
    return this.statuses.add(listener);
  }

  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.connect();
  }

  /**
   * Sends a frame if the socket is open — a string as text, bytes as binary — and returns false
   * otherwise (the caller resends on open).
   */
  send(data: string | Uint8Array): boolean {
    const socket = this.connection?.socket;
    if (!socket?.isOpen) return false;
    socket.send(data);
    return true;
  }

  async close(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.timers.abort();
    const connection = this.connection;
    this.connection = undefined;
    if (connection && !connection.ended) {
      if (connection.socket.isOpen) connection.socket.close();
      else connection.socket.terminate();
      await connection.closed;
    }
    this.setStatus({ state: 'closed', reason: 'closed by the client' });
    this.statuses.clear();
  }

  private setStatus(status: StreamStatus): void {
    if (status.state === this.current.state && status.reason === this.current.reason) return;
    this.current = status;
    this.statuses.emit(status);
  }

  private connect(): void {
    if (this.stopped) return;
    let ended: () => void = () => {};
    const connection = {
      ended: false,
      closed: new Promise<void>((resolve) => {
        ended = resolve;
      }),
    } as Connection;
    // Events of a connection that was replaced or closed by the client are ignored.
    const mine = () => this.connection === connection;
    const events: StreamSocketEvents = {
      open: () => {
        if (mine()) this.handleOpen(connection);
      },
      message: (data) => {
        if (mine()) this.handleMessage(data);
      },
      error: (err, status) => {
        if (mine()) this.handleError(err, status);
      },
      close: (code) => {
        connection.ended = true;
        ended();
        if (mine()) this.handleClose(code);
      },
    };
    try {
      connection.socket = this.options.socket(this.options.url, { headers: this.options.headers }, events);
    } catch (err) {
      // A bad URL or a throwing factory will not get better by retrying.
      this.options.logger.error(
        { error: err instanceof Error ? err.message : String(err) },
        'stream: cannot open socket',
      );
      this.setStatus({ state: 'closed', reason: 'the stream socket could not be created (check its URL)' });
      return;
    }
    this.connection = connection;
  }

  private handleOpen(connection: Connection): void {
    this.attempts = 0;
    this.lastFrameAt = this.options.clock.now();
    this.setStatus({ state: 'open' });
    void this.watch(connection, this.timers.signal);
    try {
      this.options.onOpen();
    } catch (err) {
      this.options.logger.error({ err }, 'stream open handler threw');
    }
  }

  private handleMessage(data: Uint8Array | string): void {
    this.lastFrameAt = this.options.clock.now();
    try {
      if (typeof data === 'string') this.options.onText(data);
      else this.options.onBinary(data);
    } catch (err) {
      this.options.logger.error({ err }, 'stream frame handler threw');
    }
  }

  private handleError(err: Error, handshakeStatus: number | undefined): void {
    if (handshakeStatus !== undefined && AUTH_REJECTIONS.has(handshakeStatus)) {
      this.rejectedWith = handshakeStatus;
    }
    this.options.logger.warn({ error: err.message }, 'stream socket error');
  }

  private handleClose(code: number): void {
    if (this.stopped) return;
    this.connection = undefined;
    this.timers.abort();
    this.timers = new AbortController();
    if (this.rejectedWith !== undefined) {
      this.setStatus({
        state: 'closed',
        reason: `${this.options.peer} rejected the access token (HTTP ${this.rejectedWith}): the session has expired, log in again`,
      });
      return;
    }
    void this.reconnect(code, this.timers.signal);
  }

  private async reconnect(code: number, signal: AbortSignal): Promise<void> {
    this.attempts++;
    const { maxAttempts } = this.options.policy;
    if (maxAttempts > 0 && this.attempts > maxAttempts) {
      this.setStatus({ state: 'closed', reason: `gave up after ${maxAttempts} reconnect attempts` });
      return;
    }
    const delayMs = backoffDelayMs(this.attempts, this.options.policy);
    this.setStatus({
      state: 'reconnecting',
      reason: `connection lost (code ${code}); attempt ${this.attempts}`,
    });
    this.options.logger.info({ attempt: this.attempts, delayMs, code }, 'stream reconnecting');
    try {
      await this.options.clock.sleep(delayMs, signal);
    } catch {
      return; // closed by the client while waiting
    }
    this.connect();
  }

  /** The stall watchdog of one connection; ends when that connection does. */
  private async watch(connection: Connection, signal: AbortSignal): Promise<void> {
    const { clock, policy } = this.options;
    while (this.connection === connection && !signal.aborted) {
      const remaining = this.lastFrameAt + policy.stallMs - clock.now();
      if (remaining <= 0) {
        this.options.logger.warn(
          { stallMs: policy.stallMs },
          'stream stalled: no frame received, reconnecting',
        );
        connection.socket.terminate();
        return;
      }
      try {
        await clock.sleep(remaining, signal);
      } catch {
        return;
      }
    }
  }
}
