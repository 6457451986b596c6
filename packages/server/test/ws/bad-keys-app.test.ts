import { ManualClock } from '@openalgo/core';
import { DEFAULT_SANDBOX_START } from '@openalgo/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer, type ServerHandle } from '../../src/app.js';
import { DEFAULT_BAD_KEY_THROTTLE } from '../../src/auth/bad-key-throttle.js';
import { resolveServeConfig } from '../../src/config.js';
import { createServerLogger } from '../../src/logging.js';
import { TEST_SECRET_HEX, tempDir } from '../helpers/tmp.js';
import { TestClient } from './client.js';

/** The served app: the REST API and the feed at /ws count invalid keys of an address together. */

const clock = new ManualClock(DEFAULT_SANDBOX_START);
const WRONG = 'e'.repeat(64);
let server: ServerHandle;
let cleanup: () => void;
const clients: TestClient[] = [];

beforeAll(async () => {
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  const env = { OPENALGO_SECRET_KEY: TEST_SECRET_HEX };
  const config = resolveServeConfig({ port: '0', wsPort: 'off', dataDir: 'data' }, env, tmp.dir);
  const logger = createServerLogger({ level: 'warn', destination: { write: () => undefined } });
  server = await buildServer({ config, clock, env, logger });
  await server.start();
}, 60_000);
afterAll(async () => {
  for (const c of clients) await c.close();
  await server?.close();
  cleanup?.();
});

describe('one invalid-key budget per address across REST and the feed', () => {
  it('an address that used its budget over REST is refused by the feed without a lookup', async () => {
    for (let i = 0; i < DEFAULT_BAD_KEY_THROTTLE.limit; i++) {
      const answer = await server.app.inject({
        method: 'POST',
        url: '/api/v1/ping',
        payload: { apikey: WRONG },
        remoteAddress: '127.0.0.1',
      });
      expect(answer.statusCode).toBe(403);
    }
    const client = await TestClient.connect(server.urls().ws);
    clients.push(client);
    expect(await client.authenticate(WRONG)).toMatchObject({
      type: 'auth',
      status: 'error',
      code: 'AUTHENTICATION_ERROR',
      message: expect.stringMatching(/Too many invalid API keys from this address/),
    });
  });
});
