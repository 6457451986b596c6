import { type Clock, Listeners, type Logger, type StreamStatus, type Unsubscribe } from '@openalgo/core';
import WebSocket from 'ws';

/** Builds the socket; tests may substitute their own (the default is the `ws` package). */
export type WebSocketFactory = (url: string, options: { headers: Record<string, string> }) => WebSocket;

export const defaultWebSocketFactory: WebSocketFactory = (url, options) => new WebSocket(url, options);

export interface ReconnectPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  /** Consecutive failed attempts before giving up; 0 = never. */
  maxAttempts: number;
  /** No frame at all (Kite heartbeats about once a second) for this long → the link is dead. */
  stallMs: number;
}

export interface ReconnectingSocketOptions {
  url: string;
  headers: Record<string, string>;
  policy: ReconnectPolicy;
  clock: Clock;
  logger: Logger;
  webSocket?: WebSocketFactory;
  onOpen: () => void;
  onBinary: (frame: Uint8Array) => void;
  onText: (text: string) => void;
}

/** Delay before reconnect attempt `attempt` (1-based): doubling from the initial delay, capped. */
export function backoffDelayMs(attempt: number, policy: ReconnectPolicy): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, attempt - 1));
}

function toBytes(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}

/**
 * One WebSocket that stays up: reconnects with exponential backoff after any drop, treats a link
 * that has gone silent for `stallMs` as dead, and stops for good on an auth rejection (a 403 at the
 * handshake: the access token is no longer valid, so retrying cannot help). Timers run on the
 * injected clock. The URL carries the access token, so it is never logged.
 */
export class ReconnectingSocket {
  private socket: WebSocket | undefined;
  private readonly statuses: Listeners<StreamStatus>;
  private current: StreamStatus = { state: 'connecting' };
  private attempts = 0;
  private lastFrameAt = 0;
  private stopped = false;
  private started = false;
  private authRejected = false;
  /** Cancels the pending reconnect wait and the watchdog of the current connection. */
  private timers = new AbortController();
  private readonly factory: WebSocketFactory;

  constructor(private readonly options: ReconnectingSocketOptions) {
    this.statuses = new Listeners(options.logger, 'stream status');
    this.factory = options.webSocket ?? defaultWebSocketFactory;
  }

  get status(): StreamStatus {
    return this.current;
  }

  get isOpen(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  onStatus(listener: (status: StreamStatus) => void): Unsubscribe {
    return this.statuses.add(listener);
  }

  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.connect();
  }

  /** Sends a text frame if the socket is open; false otherwise (the caller resends on open). */
  send(text: string): boolean {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(text);
    return true;
  }

  async close(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.timers.abort();
    const socket = this.socket;
    this.socket = undefined;
    if (socket && socket.readyState !== WebSocket.CLOSED) {
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      if (socket.readyState === WebSocket.OPEN) socket.close(1000, 'client closed');
      else socket.terminate();
      await closed;
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
    let socket: WebSocket;
    try {
      socket = this.factory(this.options.url, { headers: this.options.headers });
    } catch (err) {
      // A bad URL or a throwing factory will not get better by retrying.
      this.options.logger.error(
        { error: err instanceof Error ? err.message : String(err) },
        'stream: cannot open socket',
      );
      this.setStatus({
        state: 'closed',
        reason: 'the stream socket could not be created (check baseUrls.ws)',
      });
      return;
    }
    this.socket = socket;
    socket.binaryType = 'nodebuffer';
    socket.on('open', () => this.handleOpen(socket));
    socket.on('message', (data, isBinary) => this.handleMessage(socket, data, isBinary));
    socket.on('error', (err) => this.handleError(socket, err));
    socket.on('close', (code) => this.handleClose(socket, code));
  }

  private handleOpen(socket: WebSocket): void {
    if (socket !== this.socket) return;
    this.attempts = 0;
    this.lastFrameAt = this.options.clock.now();
    this.setStatus({ state: 'open' });
    void this.watch(socket, this.timers.signal);
    try {
      this.options.onOpen();
    } catch (err) {
      this.options.logger.error({ err }, 'stream open handler threw');
    }
  }

  private handleMessage(socket: WebSocket, data: WebSocket.RawData, isBinary: boolean): void {
    if (socket !== this.socket) return;
    this.lastFrameAt = this.options.clock.now();
    try {
      if (isBinary) this.options.onBinary(toBytes(data));
      else this.options.onText(toBytes(data).toString());
    } catch (err) {
      this.options.logger.error({ err }, 'stream frame handler threw');
    }
  }

  private handleError(socket: WebSocket, err: Error): void {
    if (socket !== this.socket) return;
    // ws reports a rejected handshake as "Unexpected server response: 403".
    if (/Unexpected server response: 40[13]\b/.test(err.message)) this.authRejected = true;
    this.options.logger.warn({ error: err.message }, 'stream socket error');
  }

  private handleClose(socket: WebSocket, code: number): void {
    if (socket !== this.socket || this.stopped) return;
    this.socket = undefined;
    this.timers.abort();
    this.timers = new AbortController();
    if (this.authRejected) {
      this.setStatus({
        state: 'closed',
        reason: 'Zerodha rejected the access token (HTTP 403): the session has expired, log in again',
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
  private async watch(socket: WebSocket, signal: AbortSignal): Promise<void> {
    const { clock, policy } = this.options;
    while (socket === this.socket && !signal.aborted) {
      const remaining = this.lastFrameAt + policy.stallMs - clock.now();
      if (remaining <= 0) {
        this.options.logger.warn(
          { stallMs: policy.stallMs },
          'stream stalled: no frame received, reconnecting',
        );
        socket.terminate();
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
