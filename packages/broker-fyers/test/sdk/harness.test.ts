import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LOOPBACK_REFUSED, onlyLoopback } from '@openalgo/testkit/oracle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fyersClient, HARD_CODED_SYMBOL_TOKEN_URL, loadFyersSdk, rejectionOf } from './fyers-sdk.js';

/**
 * The harness itself, on a bare loopback server (no simulator): the SDK goes where `Config` says,
 * the hard-coded symbol-token URL is moved, and anything left at a Fyers host is refused by the guard.
 */
const guard = onlyLoopback({ beforeAll, afterAll });

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}

let server: Server;
let root: string;
const seen: Seen[] = [];

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    seen.push({
      method: req.method ?? '',
      url: req.url ?? '',
      authorization: req.headers.authorization,
      body: await bodyOf(req),
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ s: 'ok', code: 200, message: '', validSymbol: {}, invalidSymbol: [] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('loading the SDK onto loopback hosts', () => {
  it('sends REST calls to Config.SYNC_API and Config.data_Api1, read at call time', async () => {
    const sdk = loadFyersSdk({ api: `${root}/api/v3`, data: `${root}/data` });
    const client = fyersClient(sdk, 'HRN0001-100', 'tok');
    expect(await client.get_profile()).toMatchObject({ s: 'ok' });
    expect(await client.getQuotes(['NSE:SBIN-EQ'])).toMatchObject({ s: 'ok' });
    expect(seen.slice(-2).map((r) => [r.method, r.url, r.authorization])).toEqual([
      ['GET', '/api/v3/profile', 'HRN0001-100:tok'],
      ['GET', '/data/quotes?symbols=NSE%3ASBIN-EQ', 'HRN0001-100:tok'],
    ]);
  });

  it('moves the data socket’s hard-coded symbol-token URL to Config.data_Api1', async () => {
    const sdk = loadFyersSdk({ api: `${root}/api/v3`, data: `${root}/data` });
    await sdk.axiosInstance.post(HARD_CODED_SYMBOL_TOKEN_URL, '{"symbols":["NSE:SBIN-EQ"]}', {
      headers: { Authorization: 'HRN0001-100:tok' },
    });
    expect(seen.at(-1)).toEqual({
      method: 'POST',
      url: '/data/symbol-token',
      authorization: 'HRN0001-100:tok',
      body: '{"symbols":["NSE:SBIN-EQ"]}',
    });
  });

  it('refuses to move the data socket once the SDK captured its host (a per-process setting)', () => {
    loadFyersSdk({ api: `${root}/api/v3`, data: `${root}/data` });
    expect(() =>
      loadFyersSdk({ api: `${root}/api/v3`, data: `${root}/data`, dataSocket: 'ws://127.0.0.1:9/hsm' }),
    ).toThrow(/reads Config.HSM_SOCKET once per process/);
  });

  it('keeps the SDK’s logger off: nothing is written next to the tests', async () => {
    const sdk = loadFyersSdk({ api: `${root}/api/v3`, data: `${root}/data` });
    const client = fyersClient(sdk, 'HRN0001-100', 'tok');
    expect((client as unknown as { LoggingFlag: boolean }).LoggingFlag).toBe(false);
  });
});

describe('the loopback guard', () => {
  it('refuses the SDK’s own host before anything leaves the machine, as the SDK’s error body', async () => {
    const sdk = loadFyersSdk({ api: `${root}/api/v3`, data: `${root}/data` });
    const client = fyersClient(sdk, 'HRN0001-100', 'tok');
    sdk.Config.SYNC_API = 'https://api-t1.fyers.in/api/v3';
    try {
      // The SDK turns a transport error into `{s:"error", code:500, message:<error code>}`.
      expect(await rejectionOf(client.get_funds())).toEqual({
        s: 'error',
        code: 500,
        message: LOOPBACK_REFUSED,
      });
    } finally {
      sdk.Config.SYNC_API = `${root}/api/v3`;
    }
    expect(guard().takeRefused()).toEqual(['api-t1.fyers.in:443']);
  });
});
