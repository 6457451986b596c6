import { afterEach, describe, expect, it, vi } from 'vitest';
import { isOpenAlgoError, type OpenAlgoError } from '../../src/errors/index.js';
import { createHttpClient } from '../../src/http/client.js';
import { csvRows } from '../../src/http/csv.js';
import type { HttpClient, HttpClientOptions } from '../../src/http/types.js';
import { closedPort, type LoopbackServer, startServer } from './helpers.js';

// Real sockets, system clock: a retry (if one wrongly happened) would really be sent and counted.
const FAST_RETRY = { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 };

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function server(handler: Parameters<typeof startServer>[0]): Promise<LoopbackServer> {
  const s = await startServer(handler);
  cleanup.push(() => s.close());
  return s;
}

function client(baseUrl: string, options: Partial<HttpClientOptions> = {}): HttpClient {
  const c = createHttpClient({ broker: 'loop', baseUrl, retry: FAST_RETRY, ...options });
  cleanup.push(() => c.close());
  return c;
}

async function failure(promise: Promise<unknown>): Promise<OpenAlgoError> {
  try {
    await promise;
  } catch (err) {
    if (isOpenAlgoError(err)) return err;
    throw err;
  }
  throw new Error('expected the request to fail');
}

const ORDER = { form: { tradingsymbol: 'SBIN', quantity: 1, tag: 'oa-1' } };

/**
 * For the deadline tests: the try's deadline is a real timer, so on a busy machine 150 ms can pass
 * before the request is even written. The timer is faked and moved only after the server has read the
 * whole request (an event), so the tests do not depend on the machine's speed.
 */
function fakeDeadlines(): { handler: () => void; nextRequest(): Promise<void> } {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  let arrived: () => void = () => {};
  return {
    handler: () => arrived(),
    nextRequest: () =>
      new Promise<void>((resolve) => {
        arrived = resolve;
      }),
  };
}

describe('HttpClient over loopback sockets', () => {
  it('times out a write whose answer never comes: TIMEOUT, may have reached the broker, sent once', async () => {
    const deadlines = fakeDeadlines();
    const s = await server(deadlines.handler);
    const arrived = deadlines.nextRequest();
    const pending = failure(
      client(s.url).request({ method: 'POST', path: '/orders', body: ORDER, kind: 'write', timeoutMs: 150 }),
    );
    await arrived;
    await vi.advanceTimersByTimeAsync(150);
    const err = await pending;
    expect(err.code).toBe('TIMEOUT');
    expect(err.mayHaveReachedBroker).toBe(true);
    expect(err.retryable).toBe(false);
    expect(s.requests).toBe(1);
  });

  it('retries a read that times out (control for the write above)', async () => {
    const deadlines = fakeDeadlines();
    const s = await server(deadlines.handler);
    let arrived = deadlines.nextRequest();
    // Retry backoff runs on the client's clock; an instant one leaves only the deadline to move.
    const c = client(s.url, { clock: { now: () => Date.now(), sleep: async () => {} } });
    const pending = failure(c.request({ method: 'GET', path: '/quote', kind: 'read', timeoutMs: 100 }));
    for (let attempt = 1; attempt <= FAST_RETRY.attempts; attempt++) {
      await arrived;
      arrived = deadlines.nextRequest();
      await vi.advanceTimersByTimeAsync(100);
    }
    const err = await pending;
    expect(err.code).toBe('TIMEOUT');
    expect(s.requests).toBe(3);
  });

  it('reports a reset after the body was read as an ambiguous NETWORK failure, sent once', async () => {
    const s = await server((req, _res, body) => {
      expect(body).toBe('tradingsymbol=SBIN&quantity=1&tag=oa-1');
      req.socket.destroy();
    });
    const err = await failure(
      client(s.url).request({ method: 'POST', path: '/orders', body: ORDER, kind: 'write' }),
    );
    expect(err.code).toBe('NETWORK');
    expect(err.mayHaveReachedBroker).toBe(true);
    expect(err.retryable).toBe(false);
    expect(s.requests).toBe(1);
  });

  it('retries a read that is reset (control for the write above)', async () => {
    const s = await server((req) => req.socket.destroy());
    const err = await failure(client(s.url).request({ method: 'GET', path: '/orders', kind: 'read' }));
    expect(err.code).toBe('NETWORK');
    expect(s.requests).toBe(3);
  });

  it('reports a reset in the middle of the response body as ambiguous too', async () => {
    const s = await server((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"status":"success","data":{"order_id":"', () => req.socket.destroy());
    });
    const err = await failure(
      client(s.url).request({ method: 'POST', path: '/orders', body: ORDER, kind: 'write' }),
    );
    expect(err.code).toBe('NETWORK');
    expect(err.mayHaveReachedBroker).toBe(true);
    expect(s.requests).toBe(1);
  });

  it('reports connection refused as NETWORK that certainly did not reach the broker', async () => {
    const port = await closedPort();
    const err = await failure(
      client(`http://127.0.0.1:${port}`).request({
        method: 'POST',
        path: '/orders',
        body: ORDER,
        kind: 'write',
      }),
    );
    expect(err.code).toBe('NETWORK');
    expect(err.mayHaveReachedBroker).toBe(false);
    expect(err.retryable).toBe(true);
    expect(err.details).toMatchObject({ cause: 'ECONNREFUSED' });
  });

  it('reports a caller abort while in flight as possibly reached, not retryable', async () => {
    const controller = new AbortController();
    const s = await server(() => controller.abort());
    const err = await failure(
      client(s.url).request({
        method: 'POST',
        path: '/o',
        body: ORDER,
        kind: 'write',
        signal: controller.signal,
      }),
    );
    expect(err.code).toBe('NETWORK');
    expect(err.mayHaveReachedBroker).toBe(true);
    expect(err.retryable).toBe(false);
    expect(s.requests).toBe(1);
  });

  it('reuses keep-alive connections for sequential requests (default owned Agent)', async () => {
    const s = await server((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    });
    // A stall on a busy machine must not outlast the server's keep-alive (5 s) and force a new socket.
    s.server.keepAliveTimeout = 120_000;
    const c = client(s.url);
    // undici 7.30 validates an idle socket for one event-loop turn before reusing it, so the pool
    // may open one extra socket for the second back-to-back call; after that nothing new is opened.
    await c.request({ method: 'GET', path: '/quote', kind: 'read' });
    await c.request({ method: 'GET', path: '/quote', kind: 'read' });
    const warm = s.connections;
    expect(warm).toBeLessThanOrEqual(2);
    for (let i = 0; i < 10; i++) await c.request({ method: 'GET', path: '/quote', kind: 'read' });
    await c.request({ method: 'POST', path: '/orders', body: ORDER, kind: 'write' });
    expect(s.requests).toBe(13);
    expect(s.connections).toBe(warm);
  });

  it('streams a large CSV: rows arrive before the server has finished sending', async () => {
    const ROWS = 100_000;
    let release!: () => void;
    const firstRowSeen = new Promise<void>((resolve) => {
      release = resolve;
    });
    let finishedSending = false;
    const s = await server(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/csv' });
      res.write('token,symbol,name\n');
      res.write('1,"SYM,1","first ""row"""\n');
      await firstRowSeen; // the rest is only sent once the client has parsed a row
      let chunk = '';
      for (let i = 2; i <= ROWS; i++) {
        chunk += `${i},SYM${i},"name\r\nwith newline ${i}"\n`;
        if (chunk.length > 64_000) {
          if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
          chunk = '';
        }
      }
      res.end(chunk, () => {
        finishedSending = true;
      });
    });
    const res = await client(s.url).request({
      method: 'GET',
      path: '/instruments',
      kind: 'read',
      responseType: 'stream',
      // Far beyond vitest's own bound: this test is about streaming, and 100k rows take CPU time.
      timeoutMs: 600_000,
    });
    let count = 0;
    let last: Record<string, string> | undefined;
    for await (const record of csvRows(res.data, { header: true })) {
      count++;
      if (count === 1) {
        expect(record).toEqual({ token: '1', symbol: 'SYM,1', name: 'first "row"' });
        expect(finishedSending).toBe(false);
        release();
      }
      last = record;
    }
    expect(count).toBe(ROWS);
    expect(last).toEqual({ token: String(ROWS), symbol: `SYM${ROWS}`, name: `name\r\nwith newline ${ROWS}` });
  });

  it('turns a stream cut off mid-body into an OpenAlgoError for the consumer', async () => {
    const s = await server((req, res) => {
      res.writeHead(200, { 'content-type': 'text/csv', 'content-length': '100000' });
      res.write('a,b\n1,2\n', () => req.socket.destroy());
    });
    const res = await client(s.url).request({
      method: 'GET',
      path: '/m',
      kind: 'read',
      responseType: 'stream',
    });
    const rows: string[][] = [];
    const err = await failure(
      (async () => {
        for await (const row of csvRows(res.data)) rows.push(row);
      })(),
    );
    expect(rows).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(err.code).toBe('NETWORK');
    expect(err.details).toMatchObject({ phase: 'body' });
  });
});
