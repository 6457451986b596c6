import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  createSimulatorServer,
  createSimulatorWebSocket,
  type SimulatorServer,
  type SimulatorWebSocket,
} from '../../src/simulator/index.js';
import { until } from './helpers.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function feed(server?: SimulatorServer): Promise<SimulatorWebSocket> {
  const endpoint = await createSimulatorWebSocket({
    ...(server ? { server } : {}),
    path: '/ws',
    authorize: (req) => (req.query.access_token === 'good' ? true : { status: 403, message: 'bad token' }),
    onConnection: (socket) => {
      socket.send(JSON.stringify({ type: 'hello', api_key: socket.request.query.api_key }));
      socket.send(Buffer.from([0, 1, 0, 0, 0, 42]));
      socket.onMessage((data, isBinary) => {
        if (!isBinary) socket.send(`echo:${String(data)}`);
      });
    },
  });
  cleanups.push(() => endpoint.close());
  return endpoint;
}

interface Client {
  ws: WebSocket;
  frames: Array<string | Buffer>;
  closed?: number;
}

async function connect(url: string): Promise<Client> {
  const ws = new WebSocket(url);
  const client: Client = { ws, frames: [] };
  ws.on('message', (data, isBinary) => {
    const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer);
    client.frames.push(isBinary ? bytes : bytes.toString('utf8'));
  });
  ws.on('close', (code) => {
    client.closed = code;
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  cleanups.push(async () => ws.terminate());
  return client;
}

describe('simulator WebSocket', () => {
  it('sends text and binary frames and hears the client, on its own loopback port', async () => {
    const endpoint = await feed();
    const client = await connect(`${endpoint.url}?api_key=k1&access_token=good`);
    await until(() => client.frames.length === 2, 'the greeting frames');
    expect(client.frames[0]).toBe('{"type":"hello","api_key":"k1"}');
    expect(client.frames[1]).toEqual(Buffer.from([0, 1, 0, 0, 0, 42]));
    client.ws.send('subscribe');
    await until(() => client.frames.length === 3, 'the echo');
    expect(client.frames[2]).toBe('echo:subscribe');
    expect(endpoint.sockets.size).toBe(1);
  });

  it('shares a simulator HTTP port and refuses a bad token with the broker status', async () => {
    const server = await createSimulatorServer({
      routes: [{ method: 'GET', path: '/ping', handler: () => ({ body: 'pong' }) }],
    });
    cleanups.push(() => server.close());
    const endpoint = await feed(server);
    expect(endpoint.url).toBe(`ws://127.0.0.1:${server.port}/ws`);
    await expect(connect(`${endpoint.url}?access_token=bad`)).rejects.toThrow(/403/);
    const client = await connect(`${endpoint.url}?access_token=good`);
    await until(() => client.frames.length === 2, 'the greeting frames');
  });

  it('drops every connection abruptly, as a network failure would', async () => {
    const endpoint = await feed();
    const a = await connect(`${endpoint.url}?access_token=good`);
    const b = await connect(`${endpoint.url}?access_token=good`);
    await until(() => endpoint.sockets.size === 2, 'both connections');
    expect(endpoint.dropAll()).toBe(2);
    await until(() => a.closed !== undefined && b.closed !== undefined, 'both clients to notice');
    expect([a.closed, b.closed]).toEqual([1006, 1006]);
    expect(endpoint.sockets.size).toBe(0);
  });

  it('stalls: connections stay open but nothing is sent until resumed', async () => {
    const endpoint = await feed();
    const client = await connect(`${endpoint.url}?access_token=good`);
    await until(() => client.frames.length === 2, 'the greeting frames');
    endpoint.stall();
    endpoint.broadcast('tick-1');
    expect(endpoint.stalled).toBe(true);
    endpoint.resume();
    endpoint.broadcast('tick-2');
    // Frames on one socket arrive in order, so had tick-1 been sent it would be here before tick-2.
    await until(() => client.frames.includes('tick-2'), 'the tick after resume');
    expect(client.frames).not.toContain('tick-1');
    expect(client.closed).toBeUndefined();
  });
});
