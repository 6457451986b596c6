import dgram from 'node:dgram';
import net from 'node:net';

/** Where every TCP connection and UDP datagram sent while the guard was on tried to go (`host:port`). */
export interface LoopbackGuard {
  readonly destinations: readonly string[];
  /** Destinations other than 127.0.0.1: each was refused before any DNS lookup or packet. */
  readonly refused: readonly string[];
  /** The refused destinations so far, cleared (for a test that provokes one on purpose). */
  takeRefused(): string[];
  restore(): void;
}

/** The `code` of the error a refused connection is destroyed with (and a refused datagram's callback gets). */
export const LOOPBACK_REFUSED = 'ELOOPBACKONLY';

/** The hooks of the caller's test runner (vitest, jest, mocha and node:test all have them). */
export interface FileHooks {
  beforeAll(fn: () => unknown): unknown;
  afterAll(fn: () => unknown): unknown;
}

type ConnectArgs = Parameters<net.Socket['connect']>;
type SendArgs = Parameters<dgram.Socket['send']>;

/** The `{host, port, path}` of `socket.connect(...)` in any of its forms (Node passes normalized arrays). */
function targetOf(args: readonly unknown[]): { host?: string; port?: unknown; path?: string | null } {
  const first = args[0];
  if (Array.isArray(first)) return targetOf(first);
  if (typeof first === 'object' && first !== null) return first as { host?: string; port?: unknown };
  if (typeof first === 'string' && Number.isNaN(Number(first))) return { path: first };
  return { port: first, host: typeof args[1] === 'string' ? args[1] : 'localhost' };
}

/** `send(msg, [offset, length,] port[, address][, callback])`: the port is the first number after the data. */
function datagramTarget(args: readonly unknown[]): string {
  const numbers = args.slice(1).filter((a) => typeof a === 'number') as number[];
  const port = numbers.length >= 3 ? numbers[2] : numbers[0];
  const host = args.slice(1).find((a) => typeof a === 'string') as string | undefined;
  return `${host ?? 'localhost'}:${String(port)}`;
}

/**
 * An official SDK keeps its broker's real hosts as defaults (REST root, login page, socket URL, a
 * public-IP lookup over UDP DNS), and one left in play would reach the broker from a test. Every
 * Node client (http, https, axios, `ws`, undici) opens TCP through `net.Socket#connect`, TLS
 * included, and UDP goes through `dgram.Socket#send`; the guard patches both, records each
 * destination and refuses anything but 127.0.0.1 before any DNS lookup or packet, so such a default
 * fails loudly instead. `restore()` puts the originals back.
 */
export function guardLoopback(): LoopbackGuard {
  const connect = net.Socket.prototype.connect;
  const send = dgram.Socket.prototype.send;
  const destinations: string[] = [];
  const refused: string[] = [];
  const refuse = (where: string) => {
    refused.push(where);
    return Object.assign(new Error(`test guard: ${where} is not 127.0.0.1`), { code: LOOPBACK_REFUSED });
  };
  net.Socket.prototype.connect = function guarded(this: net.Socket, ...args: unknown[]) {
    const target = targetOf(args);
    // TLS passes `path: null` next to host and port; only a string path is a local socket.
    const local = typeof target.path === 'string';
    const where = local ? String(target.path) : `${target.host ?? 'localhost'}:${String(target.port)}`;
    destinations.push(where);
    if (!local && target.host !== '127.0.0.1') {
      const error = refuse(where);
      process.nextTick(() => this.destroy(error));
      return this;
    }
    return connect.apply(this, args as ConnectArgs);
  } as typeof connect;
  dgram.Socket.prototype.send = function guardedSend(this: dgram.Socket, ...args: unknown[]) {
    const where = datagramTarget(args);
    destinations.push(`udp ${where}`);
    if (!where.startsWith('127.0.0.1:')) {
      const error = refuse(`udp ${where}`);
      const callback = args.find((a) => typeof a === 'function') as ((e: Error) => void) | undefined;
      if (callback) process.nextTick(() => callback(error));
      return;
    }
    return send.apply(this, args as SendArgs);
  } as typeof send;
  return {
    destinations,
    refused,
    takeRefused: () => refused.splice(0),
    restore() {
      net.Socket.prototype.connect = connect;
      dgram.Socket.prototype.send = send;
    },
  };
}

/**
 * Guards a whole test file: on before the first test; after the last one it fails if anything was
 * refused (and not taken by a test that provoked it) or if the guard saw no connection at all (then
 * it was not in the path of the traffic and proved nothing). Returns the guard, for tests that look.
 */
export function onlyLoopback(hooks: FileHooks): () => LoopbackGuard {
  let guard: LoopbackGuard | undefined;
  hooks.beforeAll(() => {
    guard = guardLoopback();
  });
  hooks.afterAll(() => {
    if (!guard) return;
    guard.restore();
    if (guard.refused.length > 0) {
      throw new Error(`the loopback guard refused connections: ${guard.refused.join(', ')}`);
    }
    if (guard.destinations.length === 0) {
      throw new Error(
        'the loopback guard saw no connection: the file proved nothing about where it connects',
      );
    }
  });
  return () => {
    if (!guard) throw new Error('the loopback guard is not on yet');
    return guard;
  };
}
