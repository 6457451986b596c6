import { type Clock, type Egress, type Logger, ReconnectingSocket, wsSocketFactory } from '@openalgo/core';
import WebSocket from 'ws';
import { KITE_VERSION_HEADER } from '../client.js';
import type { ZerodhaConfig } from '../config.js';
import type { KiteSymbols } from '../instruments/symbols.js';

/** Builds the socket; tests may substitute their own (the default is the `ws` package). */
export type WebSocketFactory = (url: string, options: { headers: Record<string, string> }) => WebSocket;

export const defaultWebSocketFactory: WebSocketFactory = (url, options) => new WebSocket(url, options);

export interface KiteStreamOptions {
  config: ZerodhaConfig;
  accessToken: string;
  symbols: KiteSymbols;
  clock: Clock;
  logger: Logger;
  webSocket?: WebSocketFactory;
  /** Where the ticker's connection leaves this host from (the account's transport egress). */
  egress?: Egress;
}

/** `wss://ws.kite.trade?api_key=…&access_token=…` (auth travels in the query). */
export function tickerUrl(config: ZerodhaConfig, accessToken: string): string {
  const url = new URL(config.baseUrls.ws);
  url.searchParams.set('api_key', config.apiKey);
  url.searchParams.set('access_token', accessToken);
  return url.toString();
}

/** One KiteTicker connection that reconnects on the config's policy. */
export function openTickerSocket(
  options: KiteStreamOptions,
  handlers: { onOpen: () => void; onBinary: (f: Uint8Array) => void; onText: (t: string) => void },
): ReconnectingSocket {
  const { config } = options;
  return new ReconnectingSocket({
    url: tickerUrl(config, options.accessToken),
    headers: { ...KITE_VERSION_HEADER },
    policy: {
      initialDelayMs: config.stream.reconnectInitialMs,
      maxDelayMs: config.stream.reconnectMaxMs,
      maxAttempts: config.stream.maxReconnectAttempts,
      stallMs: config.stream.stallMs,
    },
    clock: options.clock,
    logger: options.logger,
    socket: wsSocketFactory(options.webSocket ?? defaultWebSocketFactory, {
      ...(options.egress ? { egress: options.egress } : {}),
    }),
    peer: 'Zerodha',
    ...handlers,
  });
}

/** Server text frames: `{type:"order"|"error"|"message", data}`. */
export function parseText(text: string, logger: Logger): { type: string; data: unknown } | undefined {
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

export function logServerNotice(frame: { type: string; data: unknown }, logger: Logger): void {
  if (frame.type === 'error') logger.warn({ message: String(frame.data) }, 'stream: Kite reported an error');
  else if (frame.type === 'message') logger.debug({ message: String(frame.data) }, 'stream: Kite message');
}
