import { createServer, type Server as HttpServer, type IncomingMessage } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { type Clock, type Logger, type MarketStreams, systemClock } from '@openalgo/core';
import { type WebSocket, WebSocketServer } from 'ws';
import type { AccountResolver } from '../accounts/types.js';
import { BadKeyThrottle } from '../auth/bad-key-throttle.js';
import { ClientSession, type SessionContext } from './client-session.js';
import { OrderUpdateHub } from './order-updates.js';

export const DEFAULT_FEED_PORT = 8765;
export const DEFAULT_AUTH_TIMEOUT_MS = 15_000;
/** Per-client send backlog before the client counts as a slow consumer (OpenAlgo queues ~1024 ticks). */
export const DEFAULT_MAX_BUFFERED_AMOUNT = 4 * 1024 * 1024;
/** Protocol-level ping period; a socket that misses one ping is terminated at the next (OpenAlgo: 20 s). */
export const DEFAULT_PING_INTERVAL_MS = 20_000;
/**
 * Largest client frame. A subscribe may name any number of instruments (up to the per-connection
 * bound, MAX_INSTRUMENTS_PER_CLIENT = 10 000); 10 000 entries take about 600 KB.
 */
export const DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024;
export const SHUTDOWN_CLOSE = { code: 1001, reason: 'server shutting down' } as const;

export interface FeedServerOptions {
  resolver: AccountResolver;
  logger: Logger;
  /** Drives the auth timeout, keepalive and pong timestamps; tests pass a ManualClock. */
  clock?: Clock;
  /** Unauthenticated sockets are closed with 4401 "auth timeout" after this long. Default 15 000. */
  authTimeoutMs?: number;
  /** A client whose unsent backlog exceeds this many bytes is dropped with 4008 "slow consumer". */
  maxBufferedAmount?: number;
  /** Keepalive ping period; 0 turns keepalive off. Default 20 000. */
  pingIntervalMs?: number;
  maxPayloadBytes?: number;
  /** Answer to `get_supported_brokers`; default: the client's own broker. */
  supportedBrokers?: () => readonly string[];
  /**
   * The host's market streams, one per broker login (the accounts registry's `marketStreams`): every
   * client of a login — whichever of its API keys it used — and the account's analyzer mode share one
   * upstream socket, and a lost stream reopens on the login's newest session. The host closes them.
   */
  streams: MarketStreams;
  /**
   * Invalid-key throttle per client address. The server passes the REST API's, so an address has one
   * budget of invalid keys whichever way it sends them; absent, the feed keeps its own.
   */
  badKeys?: BadKeyThrottle;
}

export interface FeedStats {
  clients: number;
  authenticatedClients: number;
  /** Client subscriptions, counting each (instrument, mode) a client holds. */
  clientSubscriptions: number;
  /** Broker order streams open for `subscribe_orders` (one per adapter and venue at most). */
  orderStreams: number;
  /** Upstream market streams open (one per broker login at most). */
  upstreamStreams: number;
  /** Instruments subscribed upstream, over all streams. */
  upstreamInstruments: number;
  messagesSent: number;
  slowConsumersDropped: number;
  authTimeouts: number;
  deadSocketsTerminated: number;
}

export interface FeedServer {
  /** Serves the feed on `httpServer`'s upgrade requests for `path` (and `path/`) only. */
  attach(httpServer: HttpServer | HttpsServer, path?: string): void;
  /** Standalone server (OpenAlgo's `ws://host:8765`), accepting upgrades on any path. */
  listen(options?: { host?: string; port?: number }): Promise<{ port: number }>;
  /** Closes every client (1001), releasing its upstream subscriptions, and the standalone server, if any. */
  close(): Promise<void>;
  stats(): FeedStats;
}

type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

function pathnameOf(url: string | undefined): string {
  const raw = url ?? '/';
  const end = raw.search(/[?#]/);
  return end === -1 ? raw : raw.slice(0, end);
}

function refuse(socket: Duplex, status: string): void {
  socket.on('error', () => undefined);
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** The OpenAlgo-compatible market-data WebSocket feed (docs/reference/openalgo-api.md §6, issue 4). */
export function createFeedServer(options: FeedServerOptions): FeedServer {
  const clock = options.clock ?? systemClock;
  const logger = options.logger.child({ component: 'ws-feed' });
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxPayloadBytes ?? DEFAULT_MAX_PAYLOAD_BYTES,
  });
  const sessions = new Set<ClientSession>();
  const attached = new Map<HttpServer | HttpsServer, { paths: Set<string>; listener: UpgradeListener }>();
  const stopped = new AbortController();
  let standalone: HttpServer | undefined;
  let nextId = 1;
  let deadSocketsTerminated = 0;
  let closing: Promise<void> | undefined;
  const counters = { messagesSent: 0, slowConsumersDropped: 0, authTimeouts: 0 };
  const orders = new OrderUpdateHub(logger);

  const context: SessionContext = {
    resolver: options.resolver,
    streams: options.streams,
    orders,
    clock,
    logger,
    authTimeoutMs: options.authTimeoutMs ?? DEFAULT_AUTH_TIMEOUT_MS,
    maxBufferedAmount: options.maxBufferedAmount ?? DEFAULT_MAX_BUFFERED_AMOUNT,
    supportedBrokers: options.supportedBrokers,
    badKeys: options.badKeys ?? new BadKeyThrottle(clock),
    counters,
    onClosed: (session) => sessions.delete(session),
  };

  const accept = (ws: WebSocket, req: IncomingMessage): void => {
    sessions.add(new ClientSession(nextId++, ws, context, req.socket.remoteAddress));
  };

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (closing) {
      refuse(socket, '503 Service Unavailable');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, req));
  };

  void keepalive();

  async function keepalive(): Promise<void> {
    const interval = options.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS;
    if (interval <= 0) return;
    for (;;) {
      try {
        await clock.sleep(interval, stopped.signal);
      } catch {
        return;
      }
      for (const session of sessions) if (!session.heartbeat()) deadSocketsTerminated++;
    }
  }

  return {
    attach(httpServer, path = '/ws') {
      const known = attached.get(httpServer);
      if (known) {
        known.paths.add(path);
        return;
      }
      const paths = new Set([path]);
      const listener: UpgradeListener = (req, socket, head) => {
        const pathname = pathnameOf(req.url);
        const ours = [...paths].some((p) => pathname === p || pathname === `${p}/`);
        if (ours) {
          upgrade(req, socket, head);
        } else if (httpServer.listenerCount('upgrade') === 1) {
          // No other upgrade handler could own this path: answer rather than leave the socket hanging.
          refuse(socket, '404 Not Found');
        }
      };
      httpServer.on('upgrade', listener);
      attached.set(httpServer, { paths, listener });
    },

    async listen({ host = '127.0.0.1', port = DEFAULT_FEED_PORT } = {}) {
      if (standalone) throw new Error('The feed server is already listening');
      const server = createServer((_req, res) => {
        res.writeHead(426, { 'Content-Type': 'text/plain', Upgrade: 'websocket', Connection: 'close' });
        res.end('OpenAlgo market data feed: connect with a WebSocket client\n');
      });
      server.on('upgrade', upgrade);
      standalone = server;
      await new Promise<void>((resolve, reject) => {
        const onError = (err: NodeJS.ErrnoException) => {
          standalone = undefined;
          reject(
            err.code === 'EADDRINUSE'
              ? new Error(
                  `WebSocket port ${port} is already in use on ${host}: stop the other process or pick another --ws-port`,
                )
              : err,
          );
        };
        server.once('error', onError);
        server.listen(port, host, () => {
          server.off('error', onError);
          resolve();
        });
      });
      const address = server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : port;
      logger.info({ host, port: bound }, 'market data feed listening');
      return { port: bound };
    },

    close() {
      closing ??= shutdown();
      return closing;
    },

    stats() {
      let authenticated = 0;
      let clientSubscriptions = 0;
      for (const session of sessions) {
        if (session.authenticated) authenticated++;
        clientSubscriptions += session.subscriptionCount;
      }
      let upstreamStreams = 0;
      let upstreamInstruments = 0;
      for (const feed of options.streams.all()) {
        const s = feed.stats();
        if (s.streamOpen) upstreamStreams++;
        upstreamInstruments += s.upstreamInstruments;
      }
      return {
        clients: sessions.size,
        authenticatedClients: authenticated,
        clientSubscriptions,
        orderStreams: orders.size,
        upstreamStreams,
        upstreamInstruments,
        ...counters,
        deadSocketsTerminated,
      };
    },
  };

  async function shutdown(): Promise<void> {
    stopped.abort();
    for (const [server, { listener }] of attached) server.off('upgrade', listener);
    attached.clear();
    const gone = [...sessions].map((session) => session.closed);
    for (const session of sessions) session.close(SHUTDOWN_CLOSE.code, SHUTDOWN_CLOSE.reason);
    await Promise.all(gone);
    await orders.close();
    wss.close();
    if (standalone) {
      const server = standalone;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
    logger.info({}, 'market data feed closed');
  }
}
