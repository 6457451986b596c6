import { ManualClock } from '@openalgo/core';
import { DEFAULT_SANDBOX_START } from '@openalgo/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildServer, type ServerHandle } from '../../src/app.js';
import { resolveServeConfig } from '../../src/config.js';
import { createServerLogger } from '../../src/logging.js';
import { REJECTION_LOG_WINDOW_MS, RejectionLog } from '../../src/rejection-log.js';
import { TEST_SECRET_HEX, tempDir } from '../helpers/tmp.js';

/** The served app: 404/405 in OpenAlgo's envelope without the query, one log line per request. */

const SECRET = 'SECRETSECRETSECRET0123456789';
const clock = new ManualClock(DEFAULT_SANDBOX_START);
let server: ServerHandle;
let cleanup: () => void;
let lines: Array<Record<string, unknown>> = [];
let rawLog = '';

beforeAll(async () => {
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  const env = { OPENALGO_SECRET_KEY: TEST_SECRET_HEX };
  const config = resolveServeConfig({ port: '0', wsPort: 'off', dataDir: 'data' }, env, tmp.dir);
  const logger = createServerLogger({
    level: 'info',
    destination: {
      write(chunk: string) {
        rawLog += chunk;
        for (const line of chunk.split('\n')) if (line) lines.push(JSON.parse(line));
      },
    },
  });
  server = await buildServer({ config, clock, env, logger });
  await server.app.ready();
}, 60_000);
afterAll(async () => {
  await server?.close();
  cleanup?.();
});
beforeEach(() => {
  lines = [];
  rawLog = '';
});

function inject(method: 'GET' | 'POST' | 'DELETE' | 'PUT', url: string, payload?: object, ip = '10.0.0.1') {
  return server.app.inject({ method, url, remoteAddress: ip, ...(payload ? { payload } : {}) });
}

/** Log lines of the requests fastify numbered (reqId), i.e. everything a request wrote. */
const requestLines = () => lines.filter((l) => l.reqId !== undefined);

describe('404 and 405 answer the envelope and never echo the query', () => {
  it.each([
    ['GET', `/api/v1/nope?apikey=${SECRET}`, 404, 'NOT_FOUND'],
    ['GET', `/nope?apikey=${SECRET}`, 404, 'NOT_FOUND'],
    ['GET', `/api/v2/funds?apikey=${SECRET}&x=1`, 404, 'NOT_FOUND'],
    ['POST', `/auth/nope/nope?apikey=${SECRET}`, 404, 'NOT_FOUND'],
    ['GET', `/api/v1/placeorder?apikey=${SECRET}`, 405, 'METHOD_NOT_ALLOWED'],
    ['DELETE', `/api/v1/ping?apikey=${SECRET}`, 405, 'METHOD_NOT_ALLOWED'],
  ] as const)('%s %s → %i %s', async (method, url, status, code) => {
    // Each case from its own address: repeats of one rejection from one address are not logged.
    const response = await inject(
      method,
      url,
      undefined,
      `10.1.0.${url.length % 250}.${method.length}`.slice(0, 15),
    );
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const body = JSON.parse(response.body) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 'error', code });
    expect(String(body.message)).toMatch(/^(No endpoint|[A-Z]+ is not allowed)/);
    expect(response.body).not.toContain(SECRET);
    expect(response.body).not.toContain('apikey');
    expect(rawLog).not.toContain(SECRET);
    expect(requestLines()).toHaveLength(1);
  });

  it('a very long unknown path is echoed bounded', async () => {
    const response = await inject('GET', `/${'x'.repeat(5000)}?apikey=${SECRET}`);
    expect(response.statusCode).toBe(404);
    expect(response.body.length).toBeLessThan(300);
  });
});

describe('one log line per request; repeated rejections rate-limited per route, code and address', () => {
  it('a success writes one line, without the key', async () => {
    const key = server.newApiKey as string;
    const response = await inject('POST', '/api/v1/ping', { apikey: key });
    expect(response.statusCode).toBe(200);
    expect(requestLines()).toHaveLength(1);
    expect(requestLines()[0]).toMatchObject({ msg: 'request completed', status: 200 });
    expect(rawLog).not.toContain(key);
  });

  it('a flood of one rejection from one address: one line, then one line per window with the count', async () => {
    const bad = { apikey: SECRET, strategy: 'x' }; // placeorder without its fields: 400
    for (let i = 0; i < 5; i++)
      expect((await inject('POST', '/api/v1/placeorder', bad)).statusCode).toBe(400);
    expect(requestLines()).toHaveLength(1);
    expect(requestLines()[0]).toMatchObject({
      msg: 'request rejected',
      status: 400,
      code: 'INVALID_REQUEST',
      route: '/api/v1/placeorder',
      remoteAddress: '10.0.0.1',
    });
    expect(requestLines()[0]?.suppressed).toBeUndefined();

    // Another address, or another code from the same address, is its own kind.
    await inject('POST', '/api/v1/placeorder', bad, '10.0.0.2');
    await inject('POST', '/api/v1/cancelorder', bad, '10.0.0.1');
    expect(requestLines()).toHaveLength(3);

    await clock.advance(REJECTION_LOG_WINDOW_MS - 1);
    await inject('POST', '/api/v1/placeorder', bad);
    expect(requestLines()).toHaveLength(3);
    await clock.advance(1);
    await inject('POST', '/api/v1/placeorder', bad);
    expect(requestLines()).toHaveLength(4);
    expect(requestLines()[3]).toMatchObject({
      msg: 'request rejected (5 similar rejections suppressed)',
      suppressed: 5,
      code: 'INVALID_REQUEST',
    });
    expect(rawLog).not.toContain(SECRET);
  });
});

describe('RejectionLog', () => {
  it('holds a bounded number of windows: expired ones are swept, then clients share one', async () => {
    const own = new ManualClock(0);
    const log = new RejectionLog(own, 1000, 3);
    expect(['a', 'b', 'c'].map((ip) => log.note('/r', 'X', ip).log)).toEqual([true, true, true]);
    expect(log.note('/r', 'X', 'd')).toEqual({ log: true, suppressed: 0 });
    // The table is full: 'd' opened the shared window, so 'e' (a new client) is a repeat of it.
    expect(log.note('/r', 'X', 'e')).toEqual({ log: false, suppressed: 0 });
    for (const ip of ['g', 'h', 'i']) log.note('/r', 'X', ip);
    expect(log.size).toBe(4);
    // Once the windows expire they are swept and clients get their own again.
    await own.set(1000);
    expect(log.note('/r', 'X', 'f')).toEqual({ log: true, suppressed: 0 });
    expect(log.size).toBeLessThanOrEqual(2);
  });
});
