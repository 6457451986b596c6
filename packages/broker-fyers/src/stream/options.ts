import type { Clock, Egress, InstrumentLookup, Logger } from '@openalgo/core';
import type WebSocket from 'ws';

/** Builds the socket; tests may substitute their own (the default is the `ws` package). */
export type WebSocketFactory = (url: string, options: { headers: Record<string, string> }) => WebSocket;

/**
 * What both Fyers sockets need. `url` is the HSM data socket (`baseUrls.stream`) for the market
 * stream and the order socket (`baseUrls.orderStream`) for the order stream. `clientId` and `apiKey`
 * are both the Fyers app id (`XXXX-100`): it prefixes the order socket's `Authorization` header.
 */
export interface FyersStreamOptions {
  url: string;
  clientId: string;
  accessToken: string;
  apiKey: string;
  /** Angel only; Fyers authenticates the data socket with the access token's `hsm_key`. */
  feedToken?: string;
  instruments: InstrumentLookup;
  clock: Clock;
  logger: Logger;
  reconnect: { initialMs: number; maxMs: number; maxAttempts: number };
  stallMs: number;
  webSocket?: WebSocketFactory;
  /** Where the sockets leave this host from (the account's transport egress). */
  egress?: Egress;
}
