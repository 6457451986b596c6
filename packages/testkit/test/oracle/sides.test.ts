import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { recordingMockAgent, recordSdkRequests, UNREACHABLE_ROOT, useNock } from '../../src/oracle/index.js';

describe('recordSdkRequests', () => {
  useNock({ beforeAll, afterEach, afterAll });

  it('answers every request to the root with the reply and records it as written', async () => {
    const answers: unknown[] = [];
    const seen = await recordSdkRequests({
      reply: { status: 200, body: { status: true } },
      call: async () => {
        for (const method of ['GET', 'PATCH'] as const) {
          const res = await fetchNode(
            method,
            `${UNREACHABLE_ROOT}/orders?x=1`,
            method === 'PATCH' ? '{"q":1}' : '',
          );
          answers.push(res);
        }
      },
    });
    expect(answers).toEqual([
      { status: 200, type: 'application/json', body: '{"status":true}' },
      { status: 200, type: 'application/json', body: '{"status":true}' },
    ]);
    expect(seen.map((r) => [r.method, r.path, r.body])).toEqual([
      ['GET', '/orders?x=1', undefined],
      ['PATCH', '/orders?x=1', '{"q":1}'],
    ]);
    expect(seen[1]?.headers).toMatchObject({ 'x-test': 'yes' });
  });

  it('ends its interceptors with the call: a later request finds nothing listening', async () => {
    await recordSdkRequests({ reply: { status: 204, body: '' }, call: () => undefined });
    await expect(fetchNode('GET', `${UNREACHABLE_ROOT}/late`, '')).rejects.toThrow();
  });
});

describe('recordingMockAgent', () => {
  it('answers from the function and records each request as undici sent it', async () => {
    const { agent, seen } = recordingMockAgent({
      origins: ['https://api.broker.invalid'],
      answer: (req) => ({ status: req.method === 'GET' ? 200 : 400, body: { path: req.path } }),
    });
    try {
      const res = await request('https://api.broker.invalid/orders?x=1', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"q":1}',
        dispatcher: agent,
      });
      expect(res.statusCode).toBe(400);
      expect(await res.body.json()).toEqual({ path: '/orders?x=1' });
      expect(seen).toEqual([
        {
          method: 'POST',
          path: '/orders?x=1',
          headers: { 'content-type': 'application/json' },
          body: '{"q":1}',
        },
      ]);
      await expect(request('https://elsewhere.invalid/', { dispatcher: agent })).rejects.toThrow();
    } finally {
      await agent.close();
    }
  });
});

/** A node:http request (what SDKs use, and what nock intercepts). */
async function fetchNode(
  method: string,
  url: string,
  body: string,
): Promise<{ status: number; type: string; body: string }> {
  const http = await import('node:http');
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: { 'x-test': 'yes' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body: text }),
      );
    });
    req.on('error', reject);
    req.end(body || undefined);
  });
}
