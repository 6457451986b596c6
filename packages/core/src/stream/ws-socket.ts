import type { Egress } from '../http/egress.js';
import type { Clock } from '../time/clock.js';
import type { StreamSocketFactory } from './reconnecting-socket.js';
import { type WsEgressOptions, wsEgressOptions } from './ws-egress.js';

/**
 * The part of a `ws` package `WebSocket` the stream socket uses. Core has no `ws` dependency: a
 * broker passes its `(url, { headers }) => new WebSocket(url, options)` and the `ws` class fits this
 * shape structurally. (The platform's `WebSocket` cannot send upgrade headers, so it is not one.)
 */
export interface WsLikeSocket {
  binaryType: 'nodebuffer' | 'arraybuffer' | 'fragments';
  /** 0 connecting, 1 open, 2 closing, 3 closed: the WebSocket standard's values, which `ws` uses. */
  readonly readyState: number;
  on(event: 'open', listener: () => void): unknown;
  on(event: 'message', listener: (data: WsRawData, isBinary: boolean) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'close', listener: (code: number) => void): unknown;
  send(data: string | Uint8Array, options?: { binary?: boolean }): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
}

/** What `ws` hands a message listener: one buffer, an ArrayBuffer, or fragments. */
export type WsRawData = Uint8Array | ArrayBuffer | readonly Uint8Array[];

/**
 * Opens one `ws` socket with the upgrade headers (the adapter's `webSocket` option). With an egress,
 * the options also carry `localAddress` or `createConnection` (a proxy tunnel): a factory passes
 * its options on to `new WebSocket(url, options)` whole, and `ws` applies them.
 */
export type WsFactory = (
  url: string,
  options: { headers: Record<string, string> } & WsEgressOptions,
) => WsLikeSocket;

export interface WsSocketOptions {
  /**
   * Cuts an upgrade that has not completed after `timeoutMs` on `clock` (a half-open TCP path, a
   * proxy holding the request), so the socket reconnects instead of sitting in `connecting` for
   * ever: the reconnecting socket's stall watchdog only starts at the open.
   */
  handshake?: { clock: Clock; timeoutMs: number };
  /**
   * Where the connection leaves this host from — the account's `TransportOptions.egress`, so the
   * streams leave from the same address (or proxy) as its REST calls.
   */
  egress?: Egress;
}

const CONNECTING = 0;
const OPEN = 1;

/** Like `Buffer#toString()`: invalid bytes become U+FFFD and a leading BOM is kept. */
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

function toBytes(data: WsRawData): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (data instanceof Uint8Array) return data;
  // Fragments: join them in order.
  const joined = new Uint8Array(data.reduce((n, part) => n + part.byteLength, 0));
  let offset = 0;
  for (const part of data) {
    joined.set(part, offset);
    offset += part.byteLength;
  }
  return joined;
}

/** `ws` reports a refused upgrade as "Unexpected server response: 403"; the status is all we need. */
export function handshakeStatusOf(error: Error): number | undefined {
  const match = /Unexpected server response: (\d{3})\b/.exec(error.message);
  return match ? Number(match[1]) : undefined;
}

/**
 * The reconnecting socket's factory over a `ws`-style socket: binary frames arrive as bytes, text
 * frames as strings; `send` takes text (a text frame) or bytes (a binary frame, as Fyers' HSM
 * speaks); a refused upgrade reports its HTTP status so a 401/403 ends the stream; `close` is a
 * polite 1000. With `handshake`, an upgrade still pending at the deadline is terminated.
 */
export function wsSocketFactory(create: WsFactory, options: WsSocketOptions = {}): StreamSocketFactory {
  const { handshake } = options;
  const egress = options.egress ? wsEgressOptions(options.egress) : {};
  return (url, init, events) => {
    const socket = create(url, { ...init, ...egress });
    const pending = new AbortController();
    socket.binaryType = 'nodebuffer';
    socket.on('open', () => {
      pending.abort();
      events.open();
    });
    socket.on('message', (data, isBinary) => {
      const bytes = toBytes(data);
      events.message(isBinary ? bytes : utf8.decode(bytes));
    });
    socket.on('error', (error) => events.error(error, handshakeStatusOf(error)));
    socket.on('close', (code) => {
      pending.abort();
      events.close(code);
    });
    if (handshake) {
      handshake.clock.sleep(handshake.timeoutMs, pending.signal).then(
        () => {
          if (socket.readyState === CONNECTING) socket.terminate();
        },
        () => {}, // opened or closed first
      );
    }
    return {
      get isOpen() {
        return socket.readyState === OPEN;
      },
      send: (data) => (typeof data === 'string' ? socket.send(data) : socket.send(data, { binary: true })),
      close: () => socket.close(1000, 'client closed'),
      terminate: () => {
        pending.abort();
        socket.terminate();
      },
    };
  };
}
