import { describe, expect, it } from 'vitest';
import type { StreamStatus } from '../../src/contract/adapter.js';
import {
  backoffDelayMs,
  ReconnectingSocket,
  type StreamSocket,
  type StreamSocketEvents,
  type StreamSocketFactory,
} from '../../src/stream/reconnecting-socket.js';
import { RecordingLogger } from '../../src/testing/index.js';
import { ManualClock } from '../../src/time/clock.js';

/** A connection the test drives by hand: every event happens when the test says so. */
class FakeSocket implements StreamSocket {
  isOpen = false;
  readonly sent: string[] = [];
  closedBy: 'close' | 'terminate' | undefined;

  constructor(
    readonly url: string,
    readonly headers: Record<string, string>,
    private readonly events: StreamSocketEvents,
  ) {}

  open(): void {
    this.isOpen = true;
    this.events.open();
  }
  receive(data: Uint8Array | string): void {
    this.events.message(data);
  }
  /** The server went away. */
  drop(code = 1006): void {
    this.isOpen = false;
    this.events.close(code);
  }
  /** The server refused the upgrade with an HTTP status. */
  reject(status: number): void {
    this.events.error(new Error(`Unexpected server response: ${status}`), status);
    this.events.close(1006);
  }
  send(text: string): void {
    this.sent.push(text);
  }
  close(): void {
    this.end('close', 1000);
  }
  terminate(): void {
    this.end('terminate', 1006);
  }
  private end(how: 'close' | 'terminate', code: number): void {
    this.isOpen = false;
    this.closedBy = how;
    // Like a real socket, the close event comes later, not inside the call.
    queueMicrotask(() => this.events.close(code));
  }
}

const POLICY = { initialDelayMs: 1000, maxDelayMs: 30_000, maxAttempts: 0, stallMs: 5000 };

function harness(overrides: { policy?: Partial<typeof POLICY>; factory?: StreamSocketFactory } = {}) {
  const clock = new ManualClock();
  const logger = new RecordingLogger();
  const sockets: FakeSocket[] = [];
  const opens: number[] = [];
  const binary: Uint8Array[] = [];
  const text: string[] = [];
  const statuses: StreamStatus[] = [];
  const socket = new ReconnectingSocket({
    url: 'wss://broker.test/?access_token=secret',
    headers: { 'X-Version': '3' },
    policy: { ...POLICY, ...overrides.policy },
    clock,
    logger,
    peer: 'TestBroker',
    socket:
      overrides.factory ??
      ((url, options, events) => {
        const fake = new FakeSocket(url, options.headers, events);
        sockets.push(fake);
        return fake;
      }),
    onOpen: () => opens.push(sockets.length),
    onBinary: (frame) => binary.push(frame),
    onText: (frame) => text.push(frame),
  });
  socket.onStatus((status) => statuses.push(status));
  const last = (): FakeSocket => {
    const fake = sockets[sockets.length - 1];
    if (!fake) throw new Error('no socket opened yet');
    return fake;
  };
  return { socket, clock, logger, sockets, opens, binary, text, statuses, last };
}

describe('ReconnectingSocket', () => {
  it('backs off exponentially, capped', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelayMs(n, POLICY))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000,
    ]);
  });

  it('opens on start with the url and headers, and passes text and binary frames on', () => {
    const h = harness();
    expect(h.sockets).toHaveLength(0);
    h.socket.start();
    h.socket.start();
    expect(h.sockets).toHaveLength(1);
    expect(h.last()).toMatchObject({
      url: 'wss://broker.test/?access_token=secret',
      headers: { 'X-Version': '3' },
    });
    expect(h.socket.send('early')).toBe(false);
    h.last().open();
    expect(h.socket.status).toEqual({ state: 'open' });
    expect(h.opens).toEqual([1]);
    expect(h.socket.send('hello')).toBe(true);
    expect(h.last().sent).toEqual(['hello']);
    h.last().receive('{"type":"order"}');
    h.last().receive(new Uint8Array([1, 2]));
    expect(h.text).toEqual(['{"type":"order"}']);
    expect(h.binary).toEqual([new Uint8Array([1, 2])]);
  });

  it('reconnects after a drop with backoff, and calls onOpen again (so the caller resubscribes)', async () => {
    const h = harness();
    h.socket.start();
    h.last().open();
    h.last().drop(1006);
    expect(h.socket.status).toEqual({
      state: 'reconnecting',
      reason: 'connection lost (code 1006); attempt 1',
    });
    await h.clock.advance(999);
    expect(h.sockets).toHaveLength(1);
    await h.clock.advance(1);
    expect(h.sockets).toHaveLength(2);
    h.last().open();
    expect(h.opens).toEqual([1, 2]);
    expect(h.statuses.map((s) => s.state)).toEqual(['open', 'reconnecting', 'open']);
  });

  it('a second consecutive failure waits twice as long; a successful open resets the backoff', async () => {
    const h = harness();
    h.socket.start();
    h.last().drop();
    await h.clock.advance(1000);
    expect(h.sockets).toHaveLength(2);
    h.last().drop();
    await h.clock.advance(1999);
    expect(h.sockets).toHaveLength(2);
    await h.clock.advance(1);
    expect(h.sockets).toHaveLength(3);
    h.last().open();
    h.last().drop();
    await h.clock.advance(1000);
    expect(h.sockets).toHaveLength(4);
  });

  it('gives up after maxAttempts consecutive failures', async () => {
    const h = harness({ policy: { maxAttempts: 2 } });
    h.socket.start();
    h.last().drop();
    await h.clock.advance(1000);
    h.last().drop();
    await h.clock.advance(2000);
    h.last().drop();
    expect(h.socket.status).toEqual({ state: 'closed', reason: 'gave up after 2 reconnect attempts' });
    expect(h.clock.pendingSleeps).toBe(0);
    expect(h.sockets).toHaveLength(3);
  });

  it('a link silent for stallMs is terminated and replaced (stall watchdog); any frame keeps it alive', async () => {
    const h = harness();
    h.socket.start();
    const first = h.last();
    first.open();
    await h.clock.advance(3000);
    first.receive(new Uint8Array([0]));
    const stalled = () => h.logger.records.filter((l) => l.msg?.startsWith('stream stalled')).length;
    // 3 s after the frame: still fine, although 6 s have passed since the connection opened.
    await h.clock.advance(3000);
    await h.clock.advance(1999);
    expect(stalled()).toBe(0);
    expect(first.closedBy).toBeUndefined();
    await h.clock.advance(1);
    expect(stalled()).toBe(1);
    expect(first.closedBy).toBe('terminate');
    await Promise.resolve();
    expect(h.socket.status.state).toBe('reconnecting');
    await h.clock.advance(1000);
    expect(h.sockets).toHaveLength(2);
  });

  it('a handshake refused with 401 or 403 closes the stream for good: the session has expired', () => {
    for (const status of [401, 403]) {
      const h = harness();
      h.socket.start();
      h.last().reject(status);
      expect(h.socket.status).toEqual({
        state: 'closed',
        reason: `TestBroker rejected the access token (HTTP ${status}): the session has expired, log in again`,
      });
      expect(h.clock.pendingSleeps).toBe(0);
    }
  });

  it('any other refused handshake is retried', () => {
    const h = harness();
    h.socket.start();
    h.last().reject(502);
    expect(h.socket.status.state).toBe('reconnecting');
  });

  it('a socket that cannot even be created closes the stream with a reason, logged, no retry', () => {
    const h = harness({
      factory: () => {
        throw new Error('Invalid URL');
      },
    });
    h.socket.start();
    expect(h.socket.status).toEqual({
      state: 'closed',
      reason: 'the stream socket could not be created (check its URL)',
    });
    expect(h.logger.records.some((l) => l.level === 'error' && l.msg === 'stream: cannot open socket')).toBe(
      true,
    );
    expect(h.clock.pendingSleeps).toBe(0);
  });

  it('a throwing frame or open handler is logged, and the socket carries on', () => {
    const h = harness();
    const socket = new ReconnectingSocket({
      url: 'wss://x',
      headers: {},
      policy: POLICY,
      clock: h.clock,
      logger: h.logger,
      peer: 'TestBroker',
      socket: (url, options, events) => {
        const fake = new FakeSocket(url, options.headers, events);
        h.sockets.push(fake);
        return fake;
      },
      onOpen: () => {
        throw new Error('open boom');
      },
      onBinary: () => {
        throw new Error('frame boom');
      },
      onText: () => {},
    });
    socket.start();
    h.last().open();
    h.last().receive(new Uint8Array([1]));
    expect(h.logger.records.filter((l) => l.level === 'error').map((l) => l.msg)).toEqual([
      'stream open handler threw',
      'stream frame handler threw',
    ]);
    expect(socket.status.state).toBe('open');
  });

  it('close() closes an open socket politely, waits for it, and nothing reconnects', async () => {
    const h = harness();
    h.socket.start();
    const first = h.last();
    first.open();
    await h.socket.close();
    expect(first.closedBy).toBe('close');
    expect(h.statuses[h.statuses.length - 1]).toEqual({ state: 'closed', reason: 'closed by the client' });
    await h.clock.advance(60_000);
    expect(h.sockets).toHaveLength(1);
    h.socket.start();
    expect(h.sockets).toHaveLength(1);
  });

  it('close() terminates a socket still connecting, and cancels a pending reconnect', async () => {
    const connecting = harness();
    connecting.socket.start();
    await connecting.socket.close();
    expect(connecting.last().closedBy).toBe('terminate');

    const waiting = harness();
    waiting.socket.start();
    waiting.last().drop();
    expect(waiting.clock.pendingSleeps).toBe(1);
    await waiting.socket.close();
    expect(waiting.clock.pendingSleeps).toBe(0);
    await waiting.clock.advance(60_000);
    expect(waiting.sockets).toHaveLength(1);
  });
});
