/**
 * The SmartStream v2 socket of the Angel simulator (brokers.md §2.9, §2.11).
 *
 *   attachSmartStream(options: SmartStreamOptions): Promise<SmartStreamEndpoint>
 *
 * - `server`: the simulator's `SimulatorServer` (or a node `http.Server`) to share its port; leave it
 *   out to get a loopback server of its own — how the SDK oracle tests can start the socket alone:
 *     const feed = await attachSmartStream({ authorize: () => true, lookup, market, logger });
 *     CONSTANTS.websocketURL = feed.url;   // ws://127.0.0.1:<port>/smart-stream
 * - `path`: default `/smart-stream`, as on `wss://smartapisocket.angelone.in/smart-stream`.
 * - `authorize(credentials)`: the upgrade's `Authorization` (raw or `Bearer` JWT), `x-api-key`,
 *   `x-client-code`, `x-feed-token` (or the browser variant's `clientCode`/`feedToken`/`apiKey` query,
 *   without JWT); answer `true`, or which one is wrong: the upgrade is refused with HTTP 401.
 * - `lookup(exchSeg, token)`: the master row of a token (`AngelMaster.byExchangeToken` fits): its tick
 *   size and the sandbox instrument that prices it; undefined or unpriced → subscribed but silent.
 * - `market`: the sandbox market (`snapshotSync` + `watch`), the source of every packet.
 *
 * - `depth20` (optional, default false): serve mode 4 (443-byte packets, nse_cm, ≤50 tokens); when
 *   off, mode 4 is answered E1001.
 * - `clock` (optional): stamps Depth-20 packets' received time; the market's clock by default.
 *
 * Protocol: JSON control frames (action 1/0, modes 1–3, 4 with `depth20`; malformed requests and Depth-20 off nse_cm →
 * E1001; more than 1000 (token, mode) pairs on a connection, or 50 in Depth-20 → E1002 for the whole
 * request), the current packet at
 * once for each new pair and one per market step after, text `ping` → `pong` (`ws` answers ping
 * control frames itself).
 */
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { Clock, InstrumentRef, Logger } from '@openalgo/core';
import type { MarketSnapshot, PriceListener } from '@openalgo/sandbox';
import {
  createSimulatorWebSocket,
  type SimulatorServer,
  type SimulatorWebSocket,
} from '@openalgo/testkit/simulator';
import { SmartStreamFeed } from './feed.js';

export interface SmartStreamCredentials {
  /** Without any `Bearer ` prefix; '' when absent. */
  jwt: string;
  apiKey: string;
  clientCode: string;
  feedToken: string;
}

/** Which credential is wrong, as Angel's `x-error-message` names it. */
export type SmartStreamAuthProblem = 'Auth token' | 'Client Code' | 'API Key' | 'Feed Token';

export interface SmartStreamOptions {
  server?: SimulatorServer | Server;
  path?: string;
  authorize(credentials: SmartStreamCredentials): true | SmartStreamAuthProblem;
  lookup(
    exchSeg: string,
    token: string,
  ): { tickSize: number; sandbox?: InstrumentRef | undefined } | undefined;
  market: {
    snapshotSync(ref: InstrumentRef): MarketSnapshot;
    watch(refs: readonly InstrumentRef[], listener: PriceListener): () => void;
    readonly clock?: Clock;
  };
  /**
   * Serve Depth-20 (mode 4) as Angel does; off by default, when mode 4 is answered E1001 (the SDK
   * oracle suite asserts that refusal today).
   */
  depth20?: boolean;
  /** Stamps Depth-20 packets' received time; default: the market's clock. */
  clock?: Clock;
  logger: Logger;
}

export interface SmartStreamEndpoint {
  /** `ws://127.0.0.1:<port><path>` */
  readonly url: string;
  readonly connectionCount: number;
  /** Kills every connection without a close frame (a network drop). */
  dropAll(): number;
  /** Stops sending anything (pongs included) while connections stay open: a stalled feed. */
  stall(): void;
  resume(): void;
  close(): Promise<void>;
}

export const SMARTSTREAM_PATH = '/smart-stream';

function header(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

function credentialsOf(request: {
  headers: IncomingHttpHeaders;
  query: Record<string, string>;
}): SmartStreamCredentials {
  const { headers, query } = request;
  const authorization = header(headers, 'authorization');
  return {
    jwt: authorization.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : authorization,
    apiKey: header(headers, 'x-api-key') || (query.apiKey ?? ''),
    clientCode: header(headers, 'x-client-code') || (query.clientCode ?? ''),
    feedToken: header(headers, 'x-feed-token') || (query.feedToken ?? ''),
  };
}

/** Serves SmartStream v2 on the simulator's port (or a loopback port of its own); see the header. */
export async function attachSmartStream(options: SmartStreamOptions): Promise<SmartStreamEndpoint> {
  const feed = new SmartStreamFeed(options);
  const endpoint: SimulatorWebSocket = await createSimulatorWebSocket({
    ...(options.server ? { server: options.server } : {}),
    path: options.path ?? SMARTSTREAM_PATH,
    authorize: (request) => {
      const verdict = options.authorize(credentialsOf(request));
      if (verdict !== true) options.logger.debug({ problem: verdict }, 'smartstream: upgrade refused');
      // Angel also names the culprit in an `x-error-message` header, which the kit cannot set; the body says it.
      return verdict === true ? true : { status: 401, message: `Invalid Header - Invalid ${verdict}` };
    },
    onConnection: (socket) => feed.accept(socket),
  });
  return {
    url: endpoint.url,
    get connectionCount() {
      return feed.size;
    },
    dropAll: () => endpoint.dropAll(),
    stall: () => endpoint.stall(),
    resume: () => endpoint.resume(),
    async close() {
      feed.close();
      await endpoint.close();
    },
  };
}
