import dgram from 'node:dgram';
import net from 'node:net';
import { afterAll, beforeAll, expect } from 'vitest';

/** Where every TCP connection and UDP datagram sent while the guard was on tried to go (`host:port`). */
export interface LoopbackGuard {
  readonly destinations: readonly string[];
  /** Destinations other than 127.0.0.1: each was refused before any DNS lookup or packet. */
  readonly refused: readonly string[];
  /** The refused destinations so far, cleared (for a test that provokes one on purpose). */
  takeRefused(): string[];
  restore(): void;
}

export const LOOPBACK_REFUSED = 'ELOOPBACKONLY';

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
 * The SDK's REST client (axios over node:http), its sockets (`ws`) and the simulator's clients open
 * TCP through `net.Socket#connect`, TLS included; the SDK's public-IP lookup also sends UDP DNS
 * queries (`dgram`). The guard records each destination and refuses anything but 127.0.0.1, so a
 * default host left in play (`https://apiconnect.angelone.in`, `wss://smartapisocket.angelone.in`,
 * OpenDNS) fails loudly instead of reaching Angel. Same idea as broker-zerodha/test/sdk, plus UDP.
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
 * Guards the whole test file: on before the first test, and after the last one asserts that every
 * connection went to 127.0.0.1 and that there was at least one (the guard saw the traffic).
 */
export function onlyLoopbackInThisFile(): () => LoopbackGuard {
  let guard: LoopbackGuard | undefined;
  beforeAll(() => {
    guard = guardLoopback();
  });
  afterAll(() => {
    guard?.restore();
    expect(guard?.refused).toEqual([]);
    expect(guard?.destinations.length).toBeGreaterThan(0);
  });
  return () => {
    if (!guard) throw new Error('the loopback guard is not on yet');
    return guard;
  };
}
