import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { wsEgressOptions } from '../../src/stream/ws-egress.js';

/**
 * The proxy tunnel `ws` connects through (its `createConnection` option), driven here by Node's
 * own http.request exactly as `ws` drives it, against a loopback CONNECT proxy.
 */
const PASSWORD = 'tunnel-pa55word';
const AUTH = `Basic ${Buffer.from(`u:${PASSWORD}`).toString('base64')}`;
const servers: Server[] = [];
const sockets = new Set<Socket>();
afterEach(async () => {
  for (const s of sockets) s.destroy();
  await Promise.all(
    servers.splice(0).map((server) => {
      server.closeAllConnections();
      return new Promise((closed) => server.close(closed));
    }),
  );
});

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function proxy(): Promise<{ port: number; tunnels: string[] }> {
  const tunnels: string[] = [];
  const server = createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req: IncomingMessage, client: Socket) => {
    sockets.add(client);
    tunnels.push(req.url ?? '');
    if (req.headers['proxy-authorization'] !== AUTH) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
      return;
    }
    const [, port] = (req.url ?? '').split(':');
    const upstream = connect({ host: '127.0.0.1', port: Number(port) }, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      client.pipe(upstream).pipe(client);
    });
    sockets.add(upstream);
  });
  return { port: await listen(server), tunnels };
}

function get(port: number, proxyUrl: string): Promise<string> {
  const { createConnection } = wsEgressOptions({ proxy: proxyUrl });
  return new Promise((resolve, reject) => {
    const req = request(
      // biome-ignore lint/suspicious/noExplicitAny: Node's typing wants a synchronous socket back.
      { host: '127.0.0.1', port, path: '/', createConnection: createConnection as any },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve(body));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('wsEgressOptions', () => {
  it('a local address is passed on as ws/net `localAddress`', () => {
    expect(wsEgressOptions({ localAddress: '127.0.0.2' })).toEqual({ localAddress: '127.0.0.2' });
  });

  it('a proxy carries the request through a CONNECT tunnel with the URL credentials', async () => {
    const target = await listen(createServer((_req, res) => res.end('through the tunnel')));
    const { port, tunnels } = await proxy();
    expect(await get(target, `http://u:${PASSWORD}@127.0.0.1:${port}`)).toBe('through the tunnel');
    expect(tunnels).toEqual([`127.0.0.1:${target}`]);
  });

  it('a refused tunnel fails with the proxy named redacted, never its password', async () => {
    const target = await listen(createServer((_req, res) => res.end('unreached')));
    const { port } = await proxy();
    const failure = await get(target, `http://u:wrong-${PASSWORD}@127.0.0.1:${port}`).catch((e: Error) => e);
    expect(String(failure)).toContain(`proxy http://***@127.0.0.1:${port} refused the tunnel`);
    expect(String(failure)).toContain('HTTP 407');
    expect(String(failure)).not.toContain(PASSWORD);
  });

  it('an unreachable proxy fails without its password', async () => {
    const closed = await listen(createServer());
    await new Promise((r) => servers.pop()?.close(r));
    const failure = await get(1, `http://u:${PASSWORD}@127.0.0.1:${closed}`).catch((e: Error) => e);
    expect(String(failure)).toContain(`proxy http://***@127.0.0.1:${closed} could not be reached`);
    expect(String(failure)).not.toContain(PASSWORD);
  });
});
