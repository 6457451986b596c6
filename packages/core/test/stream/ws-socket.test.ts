import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { StreamStatus } from '../../src/contract/adapter.js';
import { ReconnectingSocket, type StreamSocketEvents } from '../../src/stream/reconnecting-socket.js';
import {
  handshakeStatusOf,
  type WsLikeSocket,
  type WsRawData,
  wsSocketFactory,
} from '../../src/stream/ws-socket.js';
import { RecordingLogger } from '../../src/testing/index.js';
import { ManualClock } from '../../src/time/clock.js';

/** A stand-in for a `ws` WebSocket: the test fires its events and reads what was sent. */
class FakeWs extends EventEmitter implements WsLikeSocket {
  binaryType: WsLikeSocket['binaryType'] = 'arraybuffer';
  readyState = 0;
  readonly sent: { data: string | Uint8Array; binary: boolean | undefined }[] = [];
  closedWith: { code?: number; reason?: string } | undefined;
  terminated = false;

  constructor(
    readonly url: string,
    readonly headers: Record<string, string>,
  ) {
    super();
  }

  open(): void {
    this.readyState = 1;
    this.emit('open');
  }
  message(data: WsRawData, isBinary: boolean): void {
    this.emit('message', data, isBinary);
  }
  send(data: string | Uint8Array, options?: { binary?: boolean }): void {
    this.sent.push({ data, binary: options?.binary });
  }
  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
    this.readyState = 3;
    this.emit('close', code ?? 1005);
  }
  terminate(): void {
    this.terminated = true;
    this.readyState = 3;
    this.emit('close', 1006);
  }
}

function recordingEvents() {
  const seen: {
    opens: number;
    messages: (string | Uint8Array)[];
    errors: [string, number | undefined][];
    closes: number[];
  } = { opens: 0, messages: [], errors: [], closes: [] };
  const events: StreamSocketEvents = {
    open: () => seen.opens++,
    message: (data) => seen.messages.push(data),
    error: (error, status) => seen.errors.push([error.message, status]),
    close: (code) => seen.closes.push(code),
  };
  return { seen, events };
}

function open(options: Parameters<typeof wsSocketFactory>[1] = {}) {
  const made: FakeWs[] = [];
  const factory = wsSocketFactory((url, init) => {
    const ws = new FakeWs(url, init.headers);
    made.push(ws);
    return ws;
  }, options);
  const { seen, events } = recordingEvents();
  const socket = factory('wss://broker.test/feed', { headers: { Authorization: 'app:token' } }, events);
  const ws = made[0];
  if (!ws) throw new Error('the factory opened no socket');
  return { ws, socket, seen };
}

describe('wsSocketFactory', () => {
  it('opens with the URL and upgrade headers and asks ws for Node buffers', () => {
    const { ws } = open();
    expect(ws.url).toBe('wss://broker.test/feed');
    expect(ws.headers).toEqual({ Authorization: 'app:token' });
    expect(ws.binaryType).toBe('nodebuffer');
  });

  it('hands binary frames on as bytes and text frames as UTF-8 strings, fragments joined', () => {
    const { ws, seen } = open();
    ws.open();
    ws.message(new Uint8Array([1, 2, 3]), true);
    ws.message(new TextEncoder().encode('{"s":"ok","ltp":"₹"}'), false);
    ws.message([new Uint8Array([4]), new Uint8Array([5, 6])], true);
    ws.message(new Uint8Array([7, 8]).buffer, true);
    expect(seen.opens).toBe(1);
    expect(seen.messages).toEqual([
      new Uint8Array([1, 2, 3]),
      '{"s":"ok","ltp":"₹"}',
      new Uint8Array([4, 5, 6]),
      new Uint8Array([7, 8]),
    ]);
  });

  it('sends a string as a text frame and bytes as a binary frame, only reporting open when open', () => {
    const { ws, socket } = open();
    expect(socket.isOpen).toBe(false);
    ws.open();
    expect(socket.isOpen).toBe(true);
    socket.send('ping');
    socket.send(new Uint8Array([0, 1, 0x0b]));
    expect(ws.sent).toEqual([
      { data: 'ping', binary: undefined },
      { data: new Uint8Array([0, 1, 0x0b]), binary: true },
    ]);
  });

  it('reports the HTTP status of a refused upgrade, and none for other errors', () => {
    const { ws, seen } = open();
    ws.emit('error', new Error('Unexpected server response: 401'));
    ws.emit('error', new Error('read ECONNRESET'));
    expect(seen.errors).toEqual([
      ['Unexpected server response: 401', 401],
      ['read ECONNRESET', undefined],
    ]);
    expect(handshakeStatusOf(new Error('Unexpected server response: 503 Service'))).toBe(503);
  });

  it('closes politely with 1000 and terminates on request', () => {
    const first = open();
    first.ws.open();
    first.socket.close();
    expect(first.ws.closedWith).toEqual({ code: 1000, reason: 'client closed' });
    const second = open();
    second.socket.terminate();
    expect(second.ws.terminated).toBe(true);
    expect(second.seen.closes).toEqual([1006]);
  });
});

describe('wsSocketFactory handshake deadline', () => {
  it('terminates an upgrade still pending at the deadline on the injected clock', async () => {
    const clock = new ManualClock();
    const { ws, seen } = open({ handshake: { clock, timeoutMs: 5000 } });
    await clock.advance(4999);
    expect(ws.terminated).toBe(false);
    await clock.advance(1);
    expect(ws.terminated).toBe(true);
    expect(seen.closes).toEqual([1006]);
  });

  it('leaves a socket alone once it has opened', async () => {
    const clock = new ManualClock();
    const { ws } = open({ handshake: { clock, timeoutMs: 5000 } });
    ws.open();
    await clock.advance(10_000);
    expect(ws.terminated).toBe(false);
    expect(ws.readyState).toBe(1);
  });

  it('without a deadline a pending upgrade is never cut', async () => {
    const clock = new ManualClock();
    const { ws } = open();
    await clock.advance(60_000);
    expect(ws.terminated).toBe(false);
  });
});

describe('ReconnectingSocket over wsSocketFactory', () => {
  it('sends binary frames as bytes and text as text, and stops on a 403 upgrade', async () => {
    const clock = new ManualClock();
    const made: FakeWs[] = [];
    const statuses: StreamStatus[] = [];
    const binary: Uint8Array[] = [];
    const socket = new ReconnectingSocket({
      url: 'wss://broker.test/hsm',
      headers: {},
      policy: { initialDelayMs: 1000, maxDelayMs: 8000, maxAttempts: 0, stallMs: 30_000 },
      clock,
      logger: new RecordingLogger(),
      socket: wsSocketFactory((url, init) => {
        const ws = new FakeWs(url, init.headers);
        made.push(ws);
        return ws;
      }),
      peer: 'TestBroker',
      onOpen: () => {},
      onBinary: (frame) => binary.push(frame),
      onText: () => {},
    });
    socket.onStatus((status) => statuses.push(status));
    expect(socket.send(new Uint8Array([9]))).toBe(false);
    socket.start();
    made[0]?.open();
    expect(socket.send(new Uint8Array([0, 1, 0x0b]))).toBe(true);
    expect(socket.send('ping')).toBe(true);
    made[0]?.message(new Uint8Array([42]), true);
    expect(made[0]?.sent).toEqual([
      { data: new Uint8Array([0, 1, 0x0b]), binary: true },
      { data: 'ping', binary: undefined },
    ]);
    expect(binary).toEqual([new Uint8Array([42])]);

    made[0]?.terminate();
    await clock.advance(1000);
    made[1]?.emit('error', new Error('Unexpected server response: 403'));
    made[1]?.emit('close', 1006);
    expect(statuses.at(-1)).toEqual({
      state: 'closed',
      reason: 'TestBroker rejected the access token (HTTP 403): the session has expired, log in again',
    });
    await socket.close();
  });
});
