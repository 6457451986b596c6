import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type WebSocket from 'ws';
import { WebSocketServer } from 'ws';

/** One client connection as the loopback ticker saw it. */
export class TickerConnection {
  readonly messages: unknown[] = [];
  readonly closed: Promise<void>;
  private waiters: Array<{ count: number; resolve: (m: unknown[]) => void }> = [];

  constructor(
    readonly socket: WebSocket,
    readonly request: IncomingMessage,
  ) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('message', (data) => {
      this.messages.push(JSON.parse(String(data)));
      this.waiters = this.waiters.filter((w) => {
        if (this.messages.length < w.count) return true;
        w.resolve(this.messages.slice(0, w.count));
        return false;
      });
    });
  }

  get query(): URLSearchParams {
    return new URL(this.request.url ?? '/', 'ws://x').searchParams;
  }

  /** Resolves once the client has sent at least `count` control messages in total. */
  received(count: number): Promise<unknown[]> {
    if (this.messages.length >= count) return Promise.resolve(this.messages.slice(0, count));
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  sendBinary(bytes: Uint8Array): void {
    this.socket.send(bytes, { binary: true });
  }

  sendText(value: unknown): void {
    this.socket.send(typeof value === 'string' ? value : JSON.stringify(value));
  }
}

/** A KiteTicker stand-in on 127.0.0.1 that records connections and control messages. */
export class TickerServer {
  readonly connections: TickerConnection[] = [];
  private waiters: Array<(c: TickerConnection) => void> = [];

  private constructor(private readonly wss: WebSocketServer) {
    wss.on('connection', (socket, request) => {
      const connection = new TickerConnection(socket, request);
      this.connections.push(connection);
      const waiter = this.waiters.shift();
      waiter?.(connection);
    });
  }

  static async start(options: { rejectWith?: number } = {}): Promise<TickerServer> {
    const wss = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      ...(options.rejectWith === undefined
        ? {}
        : { verifyClient: (_info, done) => done(false, options.rejectWith, 'Forbidden') }),
    });
    await once(wss, 'listening');
    return new TickerServer(wss);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}`;
  }

  /** The next connection after those already seen. */
  nextConnection(): Promise<TickerConnection> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}
