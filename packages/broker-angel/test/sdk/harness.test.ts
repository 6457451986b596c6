import dgram from 'node:dgram';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LOOPBACK_REFUSED, onlyLoopback } from '@openalgo/testkit/oracle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officialSdk, STUB_LOCAL_IP, STUB_MAC } from './official-sdk.js';

const guard = onlyLoopback({ beforeAll, afterAll });

/** The harness itself: what it stubs and what it refuses, or every SDK test could pass by accident. */
describe('the official SDK, loaded for loopback tests', () => {
  it('takes its local IP and MAC from the stubbed lookup and asks the stubbed public-IP lookup', async () => {
    const sdk = officialSdk();
    const before = { ...sdk.lookups };
    const client = new sdk.SmartAPI({ api_key: 'harnesskey', root: 'http://127.0.0.1:1' });
    expect([client.local_ip, client.mac_addr]).toEqual([STUB_LOCAL_IP, STUB_MAC]);
    expect(sdk.lookups).toEqual({ address: before.address + 1, publicIp: before.publicIp + 1 });
    // The public IP arrives after the HTTP client was built: the header keeps `null` (§2.2).
    await Promise.resolve();
    expect(client.public_ip).toBe(STUB_LOCAL_IP);
  });

  it('keeps the SDK’s error log in memory: no error.log (with the JWT and API key in it) on disk', async () => {
    const sdk = officialSdk();
    const client = new sdk.SmartAPI({ api_key: 'harnesskey', root: 'http://127.0.0.1:1' });
    client.setAccessToken('jwt-not-to-be-written');
    const logged = sdk.errorLog.length;
    // Nothing listens on port 1: the SDK resolves an empty object for a failed connection.
    expect(await client.getProfile()).toEqual({});
    expect(sdk.errorLog.length).toBe(logged + 1);
    expect(existsSync(join(process.cwd(), 'error.log'))).toBe(false);
  });

  it('refuses the SDK’s default root (https://apiconnect.angelone.in) before it leaves the machine', async () => {
    const sdk = officialSdk();
    const offline = new sdk.SmartAPI({ api_key: 'harnesskey', access_token: 'x' });
    expect(await offline.getRMS()).toEqual({});
    expect(guard().takeRefused()).toEqual(['apiconnect.angelone.in:443']);
  });

  it('refuses a UDP datagram to anything but 127.0.0.1 (the real public-IP lookup asks OpenDNS by UDP)', async () => {
    const socket = dgram.createSocket('udp4');
    const error = await new Promise<Error & { code?: string }>((resolve) => {
      socket.send(Buffer.from('probe'), 53, '208.67.222.222', (e) => resolve(e as Error));
    });
    socket.close();
    expect(error.code).toBe(LOOPBACK_REFUSED);
    expect(guard().takeRefused()).toEqual(['udp 208.67.222.222:53']);
  });
});
