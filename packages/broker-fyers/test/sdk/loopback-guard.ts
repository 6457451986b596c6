import net from 'node:net';
import { afterAll, beforeAll, expect } from 'vitest';

/**
 * Where every TCP connection opened while the guard was on tried to go (`host:port`).
 *
 * The same guard as broker-zerodha's `test/sdk/loopback-guard.ts`: testkit offers none yet, so each
 * SDK suite keeps its own copy until it moves there (see this helper's report).
 */
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

/** The `{host, port, path}` of `socket.connect(...)` in any of its forms (Node passes normalized arrays). */
function targetOf(args: readonly unknown[]): { host?: string; port?: unknown; path?: string | null } {
  const first = args[0];
  if (Array.isArray(first)) return targetOf(first);
  if (typeof first === 'object' && first !== null) return first as { host?: string; port?: unknown };
  if (typeof first === 'string' && Number.isNaN(Number(first))) return { path: first };
  return { port: first, host: typeof args[1] === 'string' ? args[1] : 'localhost' };
}

/**
 * Every client of the Fyers SDK (axios for REST and the symbol-token lookup, `ws` for the HSM data
 * socket and the order socket) opens its sockets through `net.Socket#connect`, TLS included. The
 * guard records each destination and refuses anything but 127.0.0.1, so a host left at its default
 * (`https://api-t1.fyers.in`, `wss://socket.fyers.in/...`) fails loudly instead of reaching Fyers.
 */
export function guardLoopback(): LoopbackGuard {
  const original = net.Socket.prototype.connect;
  const destinations: string[] = [];
  const refused: string[] = [];
  net.Socket.prototype.connect = function guarded(this: net.Socket, ...args: unknown[]) {
    const target = targetOf(args);
    // TLS passes `path: null` next to host and port; only a string path is a local socket.
    const local = typeof target.path === 'string';
    const where = local ? String(target.path) : `${target.host ?? 'localhost'}:${String(target.port)}`;
    destinations.push(where);
    if (!local && target.host !== '127.0.0.1') {
      refused.push(where);
      const error = Object.assign(new Error(`test guard: ${where} is not 127.0.0.1`), {
        code: LOOPBACK_REFUSED,
      });
      process.nextTick(() => this.destroy(error));
      return this;
    }
    return original.apply(this, args as ConnectArgs);
  } as typeof original;
  return {
    destinations,
    refused,
    takeRefused: () => refused.splice(0),
    restore() {
      net.Socket.prototype.connect = original;
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
