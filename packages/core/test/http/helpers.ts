import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { flushMicrotasks, type ManualClock } from '../../src/time/clock.js';

/** Waits (by yielding to the event loop, not by time) until someone sleeps on the manual clock. */
export async function untilSleeping(clock: ManualClock, count = 1): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (clock.pendingSleeps >= count) return;
    await flushMicrotasks();
  }
  throw new Error(`expected ${count} sleeper(s) on the manual clock, found ${clock.pendingSleeps}`);
}

export interface LoopbackServer {
  url: string;
  server: Server;
  /** TCP connections accepted so far. */
  connections: number;
  /** Requests received so far. */
  requests: number;
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** A node:http server on 127.0.0.1, port 0; the handler gets the fully read request body. */
export async function startServer(handler: Handler): Promise<LoopbackServer> {
  const server = createServer((req, res) => {
    state.requests++;
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => handler(req, res, body));
  });
  const state: LoopbackServer = {
    url: '',
    server,
    connections: 0,
    requests: 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on('connection', () => {
    state.connections++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

/** A loopback port with nothing listening (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
