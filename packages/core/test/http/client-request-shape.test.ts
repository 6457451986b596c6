import { getEventListeners } from 'node:events';
import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../src/http/client.js';
import { mockBroker, ORIGIN } from './mock-broker.js';

const agents: MockAgent[] = [];
afterEach(async () => {
  for (const agent of agents.splice(0)) await agent.close();
});

function broker(...args: Parameters<typeof mockBroker>) {
  const made = mockBroker(...args);
  agents.push(made.agent);
  return made;
}

describe('HttpClient request shape (MockAgent)', () => {
  it('sends a GET with an encoded query (arrays repeat, undefined dropped) and merged default headers', async () => {
    const { client, seen } = broker(
      { defaultHeaders: { 'X-Kite-Version': '3', Authorization: 'token key:old' } },
      [{ status: 200, body: { status: 'success', data: { n: 1 } } }],
    );
    const res = await client.request<{ data: { n: number } }>({
      method: 'GET',
      path: '/quote',
      query: { i: ['NSE:INFY', 'NSE:M&M'], mode: 'full', skip: undefined, from: '2026-01-05 09:15:00' },
      headers: { authorization: 'token key:new' },
      kind: 'read',
    });
    expect(res.status).toBe(200);
    expect(res.data.data.n).toBe(1);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.method).toBe('GET');
    expect(seen[0]?.path).toBe(
      '/api/quote?i=NSE%3AINFY&i=NSE%3AM%26M&mode=full&from=2026-01-05%2009%3A15%3A00',
    );
    expect(seen[0]?.headers).toEqual({ 'x-kite-version': '3', authorization: 'token key:new' });
    expect(seen[0]?.body).toBeUndefined();
  });

  it('sends a form-urlencoded POST, leaving out undefined fields', async () => {
    const { client, seen } = broker();
    await client.request({
      method: 'POST',
      path: 'orders/regular',
      body: {
        form: { tradingsymbol: 'M&M', quantity: 1, price: 0, disclosed: undefined, tag: 'a b', amo: false },
      },
      kind: 'write',
    });
    expect(seen[0]?.path).toBe('/api/orders/regular');
    expect(seen[0]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(seen[0]?.body).toBe('tradingsymbol=M%26M&quantity=1&price=0&tag=a%20b&amo=false');
    expect(new URLSearchParams(seen[0]?.body).get('tag')).toBe('a b');
  });

  it('sends a JSON body with its content type', async () => {
    const { client, seen } = broker();
    const order = { symbol: 'NSE:SBIN-EQ', qty: 5, type: 2, side: 1, orderTag: 'oa1' };
    await client.request({ method: 'POST', path: '/orders/sync', body: { json: order }, kind: 'write' });
    expect(seen[0]?.method).toBe('POST');
    expect(seen[0]?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual(order);
  });

  it('sends a text body with the given content type, which a per-call header may still override', async () => {
    const { client, seen } = broker();
    await client.request({
      method: 'PUT',
      path: '/x',
      body: { text: '<a/>', contentType: 'application/xml' },
      kind: 'write',
    });
    await client.request({
      method: 'PUT',
      path: '/x',
      headers: { 'Content-Type': 'text/plain' },
      body: { text: 'hi', contentType: 'application/xml' },
      kind: 'write',
    });
    expect(seen.map((s) => [s.headers['content-type'], s.body])).toEqual([
      ['application/xml', '<a/>'],
      ['text/plain', 'hi'],
    ]);
  });

  it('sends an absolute URL to its own origin, outside the base path', async () => {
    const agent = new MockAgent();
    agents.push(agent);
    agent.disableNetConnect();
    agent
      .get('https://masters.test')
      .intercept({ path: '/files/master.json?v=2', method: 'GET' })
      .reply(200, '[1]');
    const client = createHttpClient({
      broker: 'b',
      baseUrl: `${ORIGIN}/api`,
      dispatcher: agent,
      retry: false,
    });
    const res = await client.request({
      method: 'GET',
      path: 'https://masters.test/files/master.json?v=2',
      kind: 'read',
    });
    expect(res.data).toEqual([1]);
  });

  it('returns text, csv and buffer bodies, and an empty 204 as undefined', async () => {
    const { client } = broker({}, [
      { status: 200, body: 'plain' },
      { status: 200, body: 'a,b\r\n"1,5",2\r\n' },
      { status: 200, body: 'bytes' },
      { status: 204, body: '' },
    ]);
    const text = await client.request({ method: 'GET', path: '/t', kind: 'read', responseType: 'text' });
    const csv = await client.request({ method: 'GET', path: '/c', kind: 'read', responseType: 'csv' });
    const buffer = await client.request({ method: 'GET', path: '/b', kind: 'read', responseType: 'buffer' });
    const empty = await client.request({ method: 'DELETE', path: '/d', kind: 'write' });
    expect(text.data).toBe('plain');
    expect(csv.data).toEqual([
      ['a', 'b'],
      ['1,5', '2'],
    ]);
    expect(new TextDecoder().decode(buffer.data)).toBe('bytes');
    expect(empty.status).toBe(204);
    expect(empty.data).toBeUndefined();
  });

  it('exposes response headers', async () => {
    const { client } = broker({}, [{ status: 200, body: {}, headers: { 'x-request-id': 'r-42' } }]);
    const res = await client.request({ method: 'GET', path: '/h', kind: 'read' });
    expect(res.headers['x-request-id']).toBe('r-42');
  });

  it('leaves an injected dispatcher open on close, and refuses requests afterwards without sending', async () => {
    const { client, agent, seen } = broker();
    await client.close();
    await expect(client.request({ method: 'POST', path: '/o', kind: 'write' })).rejects.toMatchObject({
      code: 'NETWORK',
      mayHaveReachedBroker: false,
    });
    expect(seen).toHaveLength(0);
    // The MockAgent still works for its owner.
    const other = createHttpClient({ broker: 'b', baseUrl: ORIGIN, dispatcher: agent, retry: false });
    await other.request({ method: 'GET', path: '/still-open', kind: 'read' });
    expect(seen).toHaveLength(1);
  });

  it('leaves nothing attached to a long-lived caller signal after requests finish', async () => {
    const { client } = broker({}, [{ status: 200, body: {} }]);
    const appShutdown = new AbortController();
    for (let i = 0; i < 5; i++) {
      await client.request({ method: 'GET', path: '/q', kind: 'read', signal: appShutdown.signal });
    }
    expect(getEventListeners(appShutdown.signal, 'abort')).toHaveLength(0);
  });
});
