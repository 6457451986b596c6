import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulatorServer, relisten, type SimulatorServer } from '../../src/simulator/index.js';

let server: SimulatorServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function hello(): Promise<SimulatorServer> {
  return createSimulatorServer({
    routes: [{ method: 'GET', path: '/hello', handler: () => ({ body: 'hi' }) }],
  });
}

describe('relisten', () => {
  it('keeps the server where it is when asked for any port on the same host', async () => {
    server = await hello();
    expect(await relisten(server.httpServer, 0, '127.0.0.1')).toBe(server.port);
    expect(await relisten(server.httpServer, server.port, '127.0.0.1')).toBe(server.port);
    expect(server.httpServer.listening).toBe(true);
  });

  it('moves the same server (routes and all) to the port asked for', async () => {
    const probe = await hello();
    const wanted = probe.port;
    await probe.close(); // a port known to be free now
    server = await hello();
    expect(await relisten(server.httpServer, wanted, '127.0.0.1')).toBe(wanted);
    expect((server.httpServer.address() as AddressInfo).port).toBe(wanted);
    const res = await request(`http://127.0.0.1:${wanted}/hello`);
    expect(await res.body.text()).toBe('hi');
  });

  it('rejects with the listen error when the port is taken', async () => {
    const holder = await hello();
    try {
      server = await hello();
      await expect(relisten(server.httpServer, holder.port, '127.0.0.1')).rejects.toThrow(/EADDRINUSE/);
      expect(server.httpServer.listening).toBe(false);
      server = undefined; // closed by the move; nothing left to close
    } finally {
      await holder.close();
    }
  });
});
