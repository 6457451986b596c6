import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManualClock, MarketStreams } from '@openalgo/core';
import { RecordingLogger } from '@openalgo/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { createFeedServer, type FeedServer } from '../../src/ws/index.js';
import { eventually, TestClient } from './client.js';
import { FakeResolver, feedBroker, makeAccount } from './fakes.js';
import { API_KEY, startFeed } from './setup.js';

const teardown: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of teardown.splice(0).reverse()) await step();
});

function feedOver(clock = new ManualClock()): FeedServer {
  const logger = new RecordingLogger();
  const resolver = new FakeResolver().add(API_KEY, makeAccount(feedBroker(), logger));
  const streams = new MarketStreams({ clock, logger });
  teardown.push(() => streams.close());
  return createFeedServer({ resolver, logger, clock, streams, pingIntervalMs: 0 });
}

async function plainServer() {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('rest api');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  teardown.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { server, port: (server.address() as AddressInfo).port };
}

function connectError(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => reject(new Error(`unexpectedly connected to ${url}`)));
    ws.once('error', (err) => resolve(err.message));
  });
}

function httpGet(port: number, path: string): Promise<{ status: number | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path }, (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('attach() to an existing HTTP server', () => {
  it('serves the feed at /ws (with or without a trailing slash or query) and leaves HTTP alone', async () => {
    const { server, port } = await plainServer();
    const feed = feedOver();
    feed.attach(server, '/ws');
    teardown.push(() => feed.close());
    for (const path of ['/ws', '/ws/', '/ws?client=sdk']) {
      const client = await TestClient.connect(`ws://127.0.0.1:${port}${path}`);
      expect((await client.authenticate(API_KEY)).status).toBe('success');
      await client.close();
    }
    expect(await httpGet(port, '/api/v1/ping')).toEqual({ status: 200, body: 'rest api' });
  });

  it('answers 404 to other upgrade paths when it is the only upgrade handler', async () => {
    const { server, port } = await plainServer();
    const feed = feedOver();
    feed.attach(server);
    feed.attach(server, '/stream'); // a second path shares the one upgrade listener
    teardown.push(() => feed.close());
    expect(server.listenerCount('upgrade')).toBe(1);
    const second = await TestClient.connect(`ws://127.0.0.1:${port}/stream`);
    expect((await second.authenticate(API_KEY)).status).toBe('success');
    await second.close();
    expect(await connectError(`ws://127.0.0.1:${port}/other`)).toBe('Unexpected server response: 404');
    expect(await connectError(`ws://127.0.0.1:${port}/wsx`)).toBe('Unexpected server response: 404');
  });

  it('leaves other upgrade paths to their own handlers', async () => {
    const { server, port } = await plainServer();
    const feed = feedOver();
    feed.attach(server, '/ws');
    teardown.push(() => feed.close());
    const other = new WebSocketServer({ noServer: true });
    server.on('upgrade', (req, socket, head) => {
      if (req.url === '/echo') other.handleUpgrade(req, socket, head, (ws) => ws.send('echo here'));
    });
    teardown.push(() => new Promise<void>((resolve) => other.close(() => resolve())));
    const echo = new WebSocket(`ws://127.0.0.1:${port}/echo`);
    const first = await new Promise<string>((resolve) => echo.once('message', (d) => resolve(d.toString())));
    expect(first).toBe('echo here');
    echo.close();
    const feedClient = await TestClient.connect(`ws://127.0.0.1:${port}/ws`);
    expect((await feedClient.authenticate(API_KEY)).status).toBe('success');
    await feedClient.close();
  });

  it('close() closes attached clients with 1001 and stops taking upgrades', async () => {
    const { server, port } = await plainServer();
    const feed = feedOver();
    feed.attach(server, '/ws');
    const client = await TestClient.connect(`ws://127.0.0.1:${port}/ws`);
    await client.authenticate(API_KEY);
    await client.subscribe({ symbol: 'SBIN', exchange: 'NSE' });
    await feed.close();
    expect(await client.closed).toEqual({ code: 1001, reason: 'server shutting down' });
    expect(server.listenerCount('upgrade')).toBe(0);
    expect(feed.stats()).toMatchObject({ clients: 0, upstreamStreams: 0 });
    // With no upgrade handler left, node treats the request as plain HTTP: no WebSocket.
    await expect(connectError(`ws://127.0.0.1:${port}/ws`)).resolves.toBe('Unexpected server response: 200');
  });
});

describe('listen() standalone', () => {
  it('accepts upgrades on any path, answers plain HTTP with 426, and refuses a second listen', async () => {
    const f = await startFeed();
    const port = Number(new URL(f.url).port);
    const root = await f.client();
    expect(root).toBeDefined();
    const pathed = await TestClient.connect(`${f.url}/anything`);
    expect((await pathed.authenticate(API_KEY)).status).toBe('success');
    await pathed.close();
    const http = await httpGet(port, '/');
    expect(http.status).toBe(426);
    await expect(f.feed.listen({ host: '127.0.0.1', port: 0 })).rejects.toThrow('already listening');
  });

  it('explains a busy port', async () => {
    const f = await startFeed();
    const port = Number(new URL(f.url).port);
    const second = feedOver();
    await expect(second.listen({ host: '127.0.0.1', port })).rejects.toThrow(
      `WebSocket port ${port} is already in use on 127.0.0.1`,
    );
    await second.close();
  });

  it('close() is idempotent and ends the standalone server', async () => {
    const feed = feedOver();
    const { port } = await feed.listen({ host: '127.0.0.1', port: 0 });
    const client = await TestClient.connect(`ws://127.0.0.1:${port}`);
    await Promise.all([feed.close(), feed.close()]);
    expect((await client.closed).code).toBe(1001);
    await expect(connectError(`ws://127.0.0.1:${port}`)).resolves.toMatch(/ECONNREFUSED/);
  });
});

describe('keepalive', () => {
  it('keeps a socket that answers pings and terminates one that does not', async () => {
    const clock = new ManualClock();
    const f = await startFeed({ clock, pingIntervalMs: 1_000 });
    const lively = await f.client();
    const dead = await f.connect();
    await dead.authenticate(API_KEY);
    // Simulate a peer that vanished: it no longer answers protocol pings.
    (dead.ws as unknown as { _autoPong: boolean })._autoPong = false;

    const pinged = new Promise<void>((resolve) => lively.ws.once('ping', () => resolve()));
    await clock.advance(1_000);
    await pinged;
    await lively.drain(); // the pong travelled before this round trip
    await clock.advance(1_000);
    expect((await dead.closed).code).toBe(1006);
    await lively.drain();
    expect(f.feed.stats()).toMatchObject({ deadSocketsTerminated: 1 });
    await eventually(() => f.feed.stats().clients === 1, 'the dead session to go');
  });
});
