import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';

/** One TCP connection a peer saw: where it came from and its first line (`GET /orders HTTP/1.1`). */
export interface SeenConnection {
  remoteAddress: string;
  firstLine: string;
  /** True for a WebSocket upgrade. */
  upgrade: boolean;
}

function firstLineOf(chunk: Buffer): { firstLine: string; upgrade: boolean } {
  const text = chunk.toString('latin1');
  return { firstLine: text.split('\r\n')[0] ?? '', upgrade: /^upgrade:\s*websocket/im.test(text) };
}

function listening(server: Server | ReturnType<typeof createHttpServer>): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
}

function pipeBoth(a: Socket, b: Socket): void {
  a.pipe(b);
  b.pipe(a);
  a.on('error', () => b.destroy());
  b.on('error', () => a.destroy());
  a.on('close', () => b.destroy());
  b.on('close', () => a.destroy());
}

/**
 * A loopback TCP relay in front of the broker simulator that records each connection's source
 * address (`socket.remoteAddress`) and first request line — REST, instrument master and WebSocket
 * upgrades alike — then passes the bytes through untouched.
 */
export async function recordingRelay(targetPort: number): Promise<{
  port: number;
  seen: SeenConnection[];
  close(): Promise<void>;
}> {
  const seen: SeenConnection[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.once('data', (chunk: Buffer) => {
      client.pause();
      seen.push({ remoteAddress: client.remoteAddress ?? '', ...firstLineOf(chunk) });
      const upstream = connect({ host: '127.0.0.1', port: targetPort }, () => {
        upstream.write(chunk);
        pipeBoth(client, upstream);
        client.resume();
      });
      upstream.on('error', () => client.destroy());
    });
  });
  const port = await listening(server);
  return {
    port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A tunnel the proxy opened: its target and the Proxy-Authorization it was given. */
export interface SeenTunnel {
  target: string;
  authorization: string | undefined;
}

/**
 * A loopback HTTP CONNECT proxy that counts the tunnels it opens (to 127.0.0.1 only) and refuses
 * any without the expected Proxy-Authorization with 407.
 */
export async function countingProxy(
  expectedAuthorization: string,
  /** The proxy's own source address towards the target (another loopback address, if given). */
  localAddress?: string,
): Promise<{
  port: number;
  tunnels: SeenTunnel[];
  close(): Promise<void>;
}> {
  const tunnels: SeenTunnel[] = [];
  const sockets = new Set<Socket>();
  const server = createHttpServer((_req, res) => {
    res.writeHead(405).end();
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    const authorization = req.headers['proxy-authorization'];
    tunnels.push({ target: req.url ?? '', authorization });
    const [host, port] = (req.url ?? '').split(':');
    if (authorization !== expectedAuthorization || host !== '127.0.0.1') {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
      return;
    }
    const upstream = connect(
      { host: '127.0.0.1', port: Number(port), ...(localAddress ? { localAddress } : {}) },
      () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length > 0) upstream.write(head);
        pipeBoth(client, upstream);
      },
    );
    upstream.on('error', () => client.destroy());
  });
  const port = await listening(server);
  return {
    port,
    tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
