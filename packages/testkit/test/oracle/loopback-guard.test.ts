import dgram from 'node:dgram';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardLoopback, LOOPBACK_REFUSED, onlyLoopback } from '../../src/oracle/index.js';

function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on('error', reject);
  });
}

describe('guardLoopback', () => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    server = http.createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('lets 127.0.0.1 through and refuses any other host before it resolves, with a coded error', async () => {
    const guard = guardLoopback();
    try {
      expect(await get(`http://127.0.0.1:${port}/`)).toBe(200);
      const refused = await get('http://broker.invalid:443/').catch((e: NodeJS.ErrnoException) => e);
      expect(refused).toMatchObject({ code: LOOPBACK_REFUSED });
      expect(guard.destinations).toEqual([`127.0.0.1:${port}`, 'broker.invalid:443']);
      expect(guard.takeRefused()).toEqual(['broker.invalid:443']);
      expect(guard.refused).toEqual([]);
    } finally {
      guard.restore();
    }
  });

  it('refuses a UDP datagram to another host (an SDK public-IP lookup), calling back with the error', async () => {
    const guard = guardLoopback();
    const socket = dgram.createSocket('udp4');
    try {
      const error = await new Promise<Error | null>((resolve) =>
        socket.send('q', 53, '208.67.222.222', resolve),
      );
      expect(error).toMatchObject({ code: LOOPBACK_REFUSED });
      expect(guard.refused).toEqual(['udp 208.67.222.222:53']);
    } finally {
      guard.restore();
      socket.close();
    }
  });

  it('puts the originals back on restore', async () => {
    guardLoopback().restore();
    const refused = await get('http://127.0.0.1:1/').catch((e: NodeJS.ErrnoException) => e);
    expect(refused).toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('onlyLoopback', () => {
  function runAll(fns: readonly (() => unknown)[]): void {
    for (const fn of fns) fn();
  }

  function hooks() {
    const before: (() => unknown)[] = [];
    const after: (() => unknown)[] = [];
    return {
      before,
      after,
      hooks: {
        beforeAll: (fn: () => unknown) => before.push(fn),
        afterAll: (fn: () => unknown) => after.push(fn),
      },
    };
  }

  it('fails the file when a connection was refused, or when the guard saw none', async () => {
    const refusing = hooks();
    const guard = onlyLoopback(refusing.hooks);
    expect(() => guard()).toThrow(/not on yet/);
    for (const fn of refusing.before) fn();
    await get('http://broker.invalid/').catch(() => undefined);
    expect(() => runAll(refusing.after)).toThrow(/refused connections: broker.invalid:80/);

    const silent = hooks();
    onlyLoopback(silent.hooks);
    for (const fn of silent.before) fn();
    expect(() => runAll(silent.after)).toThrow(/saw no connection/);
  });
});
