import { ReconnectingSocket, type StreamStatus, type Unsubscribe, wsSocketFactory } from '@openalgo/core';
import WebSocket from 'ws';
import type { AngelStreamOptions, WebSocketFactory } from './options.js';

export const defaultWebSocketFactory: WebSocketFactory = (url, options) => new WebSocket(url, options);

/** Both Angel sockets expect a text `ping` every 10 s and answer `pong` (§2.9; the SDKs' interval). */
export const HEARTBEAT_INTERVAL_MS = 10_000;

/** The JWT without a `Bearer ` prefix (sessions may carry either spelling). */
export function rawJwt(token: string): string {
  return token.startsWith('Bearer ') ? token.slice('Bearer '.length) : token;
}

export interface AngelSocketHandlers {
  onOpen: () => void;
  onBinary: (frame: Uint8Array) => void;
  onText: (text: string) => void;
}

/**
 * One Angel WebSocket that stays up (core's `ReconnectingSocket`: backoff, stall watchdog, stop on a
 * 401/403 handshake) plus the text `ping` heartbeat, sent on the injected clock for as long as the
 * connection is open. The heartbeat runs at most every half stall period, so a quiet but healthy link
 * (no ticks outside market hours) always has a `pong` inside the watchdog's window.
 */
export class AngelSocket {
  readonly socket: ReconnectingSocket;
  private heartbeat: AbortController | undefined;
  private readonly intervalMs: number;

  constructor(
    private readonly options: AngelStreamOptions,
    headers: Record<string, string>,
    peer: string,
    handlers: AngelSocketHandlers,
  ) {
    this.intervalMs = Math.max(1, Math.min(HEARTBEAT_INTERVAL_MS, Math.floor(options.stallMs / 2)));
    this.socket = new ReconnectingSocket({
      url: options.url,
      headers,
      policy: {
        initialDelayMs: options.reconnect.initialMs,
        maxDelayMs: options.reconnect.maxMs,
        maxAttempts: options.reconnect.maxAttempts,
        stallMs: options.stallMs,
      },
      clock: options.clock,
      logger: options.logger,
      // An upgrade that never completes is cut after one stall period (core's handshake deadline).
      socket: wsSocketFactory(options.webSocket ?? defaultWebSocketFactory, {
        handshake: { clock: options.clock, timeoutMs: options.stallMs },
        ...(options.egress ? { egress: options.egress } : {}),
      }),
      peer,
      onOpen: () => {
        this.startHeartbeat();
        handlers.onOpen();
      },
      onBinary: handlers.onBinary,
      onText: handlers.onText,
    });
    // No heartbeat while there is no connection: the next open starts a fresh one.
    this.socket.onStatus((status) => {
      if (status.state !== 'open') this.stopHeartbeat();
    });
  }

  get isOpen(): boolean {
    return this.socket.isOpen;
  }

  get status(): StreamStatus {
    return this.socket.status;
  }

  start(): void {
    this.socket.start();
  }

  send(text: string): boolean {
    return this.socket.send(text);
  }

  onStatus(listener: (status: StreamStatus) => void): Unsubscribe {
    return this.socket.onStatus(listener);
  }

  async close(): Promise<void> {
    this.stopHeartbeat();
    await this.socket.close();
  }

  private stopHeartbeat(): void {
    this.heartbeat?.abort();
    this.heartbeat = undefined;
  }

  /** One loop per connection: a new open replaces the previous loop; a failed send ends it. */
  private startHeartbeat(): void {
    this.stopHeartbeat();
    const controller = new AbortController();
    this.heartbeat = controller;
    const { clock, logger } = this.options;
    const loop = async () => {
      while (!controller.signal.aborted) {
        await clock.sleep(this.intervalMs, controller.signal);
        if (!this.socket.send('ping')) return;
      }
    };
    loop().catch((err: unknown) => {
      if (!controller.signal.aborted) logger.warn({ err }, 'stream heartbeat stopped');
    });
  }
}
