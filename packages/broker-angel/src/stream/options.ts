import type { Clock, Egress, InstrumentLookup, Logger } from '@openalgo/core';
import type WebSocket from 'ws';

/** Builds the socket; tests may substitute their own (the default is the `ws` package). */
export type WebSocketFactory = (url: string, options: { headers: Record<string, string> }) => WebSocket;

/** What both Angel sockets (SmartStream v2 and the order-status socket) need. */
export interface AngelStreamOptions {
  /** SmartStream: `wss://smartapisocket.angelone.in/smart-stream`; order stream: `wss://tns.angelone.in/smart-order-update`. */
  url: string;
  /** The Angel client code (`x-client-code`). */
  clientId: string;
  /** The session JWT, raw or `Bearer …` (§2.9: Angel accepts both). */
  accessToken: string;
  /** The SmartAPI key (`x-api-key`). */
  apiKey: string;
  /** The session's feed token (`x-feed-token`); SmartStream refuses the upgrade without it. */
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
