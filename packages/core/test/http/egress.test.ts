import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createEgressDispatcher,
  describeEgress,
  parseEgress,
  redactProxyUrl,
} from '../../src/http/egress.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A loopback server answering with the source address it saw. */
async function echoSource(): Promise<string> {
  const server = createServer((req, res) => res.end(req.socket.remoteAddress));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

describe('parseEgress', () => {
  it('takes exactly one of localAddress (an IP literal) or proxy (an http(s) URL)', () => {
    expect(parseEgress({ localAddress: '2001:db8::7' })).toEqual({
      ok: true,
      egress: { localAddress: '2001:db8::7' },
    });
    expect(parseEgress({ proxy: 'https://p.example:8443' })).toEqual({
      ok: true,
      egress: { proxy: 'https://p.example:8443' },
    });
    expect(parseEgress({ localAddress: 'eth0' })).toMatchObject({
      ok: false,
      issues: [{ field: 'egress.localAddress' }],
    });
    expect(parseEgress({})).toMatchObject({ ok: false, issues: [{ field: 'egress' }] });
  });

  it('never echoes a refused proxy URL', () => {
    const parsed = parseEgress({ proxy: 'socks5://user:topsecret@h:1' });
    expect(JSON.stringify(parsed)).not.toContain('topsecret');
  });
});

describe('redaction', () => {
  it('replaces the proxy credentials', () => {
    expect(redactProxyUrl('http://user:topsecret@proxy.example:3128/')).toBe('http://***@proxy.example:3128');
    expect(redactProxyUrl('http://proxy.example:3128')).toBe('http://proxy.example:3128');
    expect(describeEgress({ proxy: 'http://user:topsecret@p:1' })).toBe('proxy http://***@p:1');
    expect(describeEgress({ localAddress: '127.0.0.2' })).toBe('local address 127.0.0.2');
  });
});

describe('createEgressDispatcher', () => {
  it('binds connections to the local address', async () => {
    const url = await echoSource();
    const dispatcher = createEgressDispatcher({ localAddress: '127.0.0.1' });
    try {
      const response = await request(url, { dispatcher });
      expect(await response.body.text()).toBe('127.0.0.1');
    } finally {
      await dispatcher.close();
    }
  });
});
