import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import type { SimulatorServer } from './server.js';

export interface SimulatorSocketRequest {
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
}

/** One connected client, as the broker simulator drives it. */
export interface SimulatorSocket {
  readonly request: SimulatorSocketRequest;
  /** Text for strings, a binary frame for Buffers. Dropped silently while the endpoint is stalled. */
  send(data: string | Buffer): void;
  /** A clean close with a code the client can read. */
  close(code?: number, reason?: string): void;
  onMessage(listener: (data: string | Buffer, isBinary: boolean) => void): void;
  onClose(listener: (code: number) => void): void;
  readonly raw: WebSocket;
}

export type SocketAuthorisation = true | { status: number; message?: string };

export interface SimulatorWebSocketOptions {
  /** Share a simulator's HTTP port; without one the endpoint gets its own loopback server. */
  server?: SimulatorServer | Server;
  path: string;
  /** Checks the upgrade (token in the query or a header); anything but `true` refuses it with that status. */
  authorize?: (request: SimulatorSocketRequest) => SocketAuthorisation;
  onConnection(socket: SimulatorSocket): void;
}

export interface SimulatorWebSocket {
  /** `ws://127.0.0.1:<port><path>` */
  readonly url: string;
  readonly sockets: ReadonlySet<SimulatorSocket>;
  broadcast(data: string | Buffer): void;
  /** Kills every connection without a close frame (the client sees 1006), as a network drop would. */
  dropAll(): number;
  /** Stops sending anything while connections stay open: a stale feed. */
  stall(): void;
  resume(): void;
  readonly stalled: boolean;
  close(): Promise<void>;
}

function refuse(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ status: 'error', message });
  socket.end(
    `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Error'}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

const toData = (data: RawData): Buffer =>
  Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);

export async function createSimulatorWebSocket(
  options: SimulatorWebSocketOptions,
): Promise<SimulatorWebSocket> {
  const shared = options.server;
  const httpServer: Server = shared ? ('httpServer' in shared ? shared.httpServer : shared) : createServer();
  if (!shared) {
    httpServer.on('request', (_req, res) => res.writeHead(426).end());
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  }
  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<SimulatorSocket>();
  let stalled = false;

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== options.path) {
      if (!shared) refuse(socket, 404, `no WebSocket endpoint at ${url.pathname}`);
      return;
    }
    const request: SimulatorSocketRequest = {
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
    };
    const verdict = options.authorize ? options.authorize(request) : true;
    if (verdict !== true) {
      refuse(socket, verdict.status, verdict.message ?? 'unauthorised');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const wrapped: SimulatorSocket = {
        request,
        raw: ws,
        send(data) {
          if (stalled || ws.readyState !== ws.OPEN) return;
          ws.send(data, { binary: typeof data !== 'string' });
        },
        close: (code, reason) => ws.close(code, reason),
        onMessage: (listener) =>
          ws.on('message', (data, isBinary) => {
            const bytes = toData(data);
            listener(isBinary ? bytes : bytes.toString('utf8'), isBinary);
          }),
        onClose: (listener) => ws.on('close', (code) => listener(code)),
      };
      sockets.add(wrapped);
      ws.on('close', () => sockets.delete(wrapped));
      options.onConnection(wrapped);
    });
  };
  httpServer.on('upgrade', onUpgrade);
  const { port } = httpServer.address() as AddressInfo;

  return {
    url: `ws://127.0.0.1:${port}${options.path}`,
    sockets,
    broadcast(data) {
      for (const socket of sockets) socket.send(data);
    },
    dropAll() {
      const count = sockets.size;
      for (const socket of sockets) socket.raw.terminate();
      sockets.clear();
      return count;
    },
    stall() {
      stalled = true;
    },
    resume() {
      stalled = false;
    },
    get stalled() {
      return stalled;
    },
    async close() {
      httpServer.off('upgrade', onUpgrade);
      for (const socket of sockets) socket.raw.terminate();
      sockets.clear();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      if (!shared) {
        httpServer.closeAllConnections();
        await new Promise<void>((resolve, reject) => httpServer.close((e) => (e ? reject(e) : resolve())));
      }
    },
  };
}
