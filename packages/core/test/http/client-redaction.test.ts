import { inspect } from 'node:util';
import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../src/http/client.js';
import type { HttpClient, HttpRequest } from '../../src/http/types.js';
import { type LogRecord, RecordingLogger } from '../../src/testing/index.js';
import { closedPort } from './helpers.js';
import { ORIGIN } from './mock-broker.js';

const SECRETS = {
  accessToken: 'ACCESS-TOKEN-9f8e7d6c',
  apiKeyInHeader: 'APIKEY-in-header-55',
  querySecret: 'QUERY-ACCESS-TOKEN-1234',
  apiSecret: 'API-SECRET-abcdef12',
  checksum: 'CHECKSUM-0a1b2c3d4e',
  password: 'P4ssw0rd!-trader',
  totp: '918273',
  jsonRefresh: 'REFRESH-TOKEN-in-json-77',
};
const ALL = Object.values(SECRETS);

function secretsIn(text: string): string[] {
  return ALL.filter((s) => text.includes(s));
}

const agents: MockAgent[] = [];
afterEach(async () => {
  for (const agent of agents.splice(0)) await agent.close();
});

function secretRequest(path: string): HttpRequest {
  return {
    method: 'POST',
    path,
    kind: 'write',
    query: { access_token: SECRETS.querySecret, symbol: 'SBIN' },
    headers: {
      Authorization: `token ${SECRETS.apiKeyInHeader}:${SECRETS.accessToken}`,
      'X-Api-Secret': SECRETS.apiSecret,
    },
    body: {
      form: {
        api_secret: SECRETS.apiSecret,
        checksum: SECRETS.checksum,
        password: SECRETS.password,
        totp: SECRETS.totp,
        quantity: 1,
      },
    },
  };
}

async function errorOf(client: HttpClient, req: HttpRequest): Promise<unknown> {
  return client.request(req).then(
    () => {
      throw new Error('expected a failure');
    },
    (err: unknown) => err,
  );
}

function assertClean(lines: LogRecord[], err: unknown): void {
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) expect(secretsIn(JSON.stringify(line)), JSON.stringify(line)).toEqual([]);
  expect(secretsIn(JSON.stringify(err))).toEqual([]);
  expect(secretsIn(String((err as Error).message))).toEqual([]);
  expect(secretsIn(inspect(err, { depth: 6 }))).toEqual([]);
}

describe('HttpClient never leaks secrets into logs or errors', () => {
  it('redacts headers, query and form body in the debug line and scrubs a broker message that echoes them', async () => {
    const agent = new MockAgent();
    agents.push(agent);
    agent.disableNetConnect();
    const echo = `invalid session ${SECRETS.accessToken} / checksum ${SECRETS.checksum} / ${SECRETS.apiSecret}`;
    agent
      .get(ORIGIN)
      .intercept({ path: () => true, method: 'POST' })
      .reply(500, { status: 'error', error_type: SECRETS.password, message: echo });
    const logger = new RecordingLogger();
    const client = createHttpClient({
      broker: 'kite',
      baseUrl: ORIGIN,
      dispatcher: agent,
      logger,
      retry: false,
    });
    const err = await errorOf(client, secretRequest('/session/token'));
    expect(err).toMatchObject({ code: 'BROKER_UNAVAILABLE', mayHaveReachedBroker: true });
    assertClean(logger.records, err);
    // The useful parts survive: the line says what happened, the error keeps the broker's words.
    const line = logger.records[0]?.fields as Record<string, unknown>;
    expect(line).toMatchObject({
      method: 'POST',
      path: '/session/token',
      status: 500,
      error: 'BROKER_UNAVAILABLE',
    });
    expect(line.query).toEqual({ access_token: '[REDACTED]', symbol: 'SBIN' });
    expect(line.body).toMatchObject({ api_secret: '[REDACTED]', totp: '[REDACTED]', quantity: 1 });
    expect((line.headers as Record<string, string>).authorization).toBe('[REDACTED]');
    expect((err as Error).message).toContain('invalid session [REDACTED]');
  });

  it('keeps a malformed login response (which carries tokens) out of the error', async () => {
    const agent = new MockAgent();
    agents.push(agent);
    agent.disableNetConnect();
    agent
      .get(ORIGIN)
      .intercept({ path: '/session/token', method: 'POST' })
      .reply(
        200,
        `{"data":{"access_token":"${SECRETS.accessToken}","refresh_token":"${SECRETS.jsonRefresh}"`,
      );
    const logger = new RecordingLogger();
    const client = createHttpClient({
      broker: 'kite',
      baseUrl: ORIGIN,
      dispatcher: agent,
      logger,
      retry: false,
    });
    const err = await errorOf(client, { method: 'POST', path: '/session/token', kind: 'write' });
    expect(err).toMatchObject({ code: 'BROKER_ERROR' });
    assertClean(logger.records, err);
  });

  it('redacts a JSON body and scrubs secrets echoed from it', async () => {
    const agent = new MockAgent();
    agents.push(agent);
    agent.disableNetConnect();
    agent
      .get(ORIGIN)
      .intercept({ path: '/token', method: 'POST' })
      .reply(400, { message: `bad refresh token ${SECRETS.jsonRefresh}` });
    const logger = new RecordingLogger();
    const client = createHttpClient({
      broker: 'fyers',
      baseUrl: ORIGIN,
      dispatcher: agent,
      logger,
      retry: false,
    });
    const err = await errorOf(client, {
      method: 'POST',
      path: '/token',
      kind: 'write',
      body: { json: { grant_type: 'refresh_token', refresh_token: SECRETS.jsonRefresh, pin: SECRETS.totp } },
    });
    assertClean(logger.records, err);
    expect(logger.records[0]?.fields).toHaveProperty('body', {
      grant_type: 'refresh_token',
      refresh_token: '[REDACTED]',
      pin: '[REDACTED]',
    });
  });

  it('leaks nothing on a transport failure either', async () => {
    const port = await closedPort();
    const logger = new RecordingLogger();
    const client = createHttpClient({
      broker: 'kite',
      baseUrl: `http://127.0.0.1:${port}`,
      logger,
      retry: false,
    });
    try {
      const err = await errorOf(client, secretRequest('/orders'));
      expect(err).toMatchObject({ code: 'NETWORK', mayHaveReachedBroker: false });
      assertClean(logger.records, err);
    } finally {
      await client.close();
    }
  });
});
