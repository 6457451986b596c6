import { ManualClock } from '@openalgo/core';
import { DEFAULT_SANDBOX_START } from '@openalgo/sandbox';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ServerHandle } from '../src/app.js';
import type { ServerUrls } from '../src/auth/pages.js';
import { startSandboxServer, type TestServer } from './helpers/sandbox-server.js';

/** The parts of OpenAlgo's JSON replies and feed messages these tests read. */
interface Msg {
  type?: string;
  status?: string;
  orderid?: string;
  data?: { ltp?: number; orders?: Array<Record<string, unknown>> };
  [key: string]: unknown;
}

let server: ServerHandle;
let urls: ServerUrls;
let key: string;
const clock = new ManualClock(DEFAULT_SANDBOX_START);

let sandbox: TestServer;

beforeAll(async () => {
  sandbox = await startSandboxServer(clock);
  ({ server, urls, key } = sandbox);
}, 60_000);
afterAll(async () => {
  await sandbox?.close();
});

async function post(path: string, body: Record<string, unknown>) {
  const res = await request(`${urls.http}/api/v1/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ apikey: key, ...body }),
  });
  return { status: res.statusCode, body: (await res.body.json()) as Msg };
}

describe('end to end over real sockets (sandbox)', () => {
  it('places, lists and cancels an order over REST', async () => {
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const quote = await post('quotes', { symbol: 'SBIN', exchange: 'NSE' });
    expect(quote.status).toBe(200);
    const ltp = quote.body.data?.ltp ?? 0;
    expect(ltp).toBeGreaterThan(0);
    const price = Math.round(ltp * 0.9 * 20) / 20;
    const placed = await post('placeorder', {
      strategy: 'e2e',
      symbol: 'SBIN',
      exchange: 'NSE',
      action: 'BUY',
      quantity: 1,
      pricetype: 'LIMIT',
      price,
      product: 'MIS',
    });
    expect(placed).toMatchObject({ status: 200, body: { status: 'success' } });
    const orderid = placed.body.orderid as string;
    expect(orderid).toBeTruthy();
    const book = await post('orderbook', {});
    const listed = (book.body.data?.orders ?? []).find((o) => o.orderid === orderid);
    expect(listed).toMatchObject({ symbol: 'SBIN', action: 'BUY', quantity: 1, order_status: 'open' });
    const cancelled = await post('cancelorder', { strategy: 'e2e', orderid });
    expect(cancelled).toMatchObject({ status: 200, body: { status: 'success', orderid } });
    const after = await post('orderbook', {});
    expect((after.body.data?.orders ?? []).find((o) => o.orderid === orderid)).toMatchObject({
      order_status: 'cancelled',
    });
    // The order went through the journal.
    const journal = server.store.journal.list('sandbox');
    expect(journal.find((e) => e.brokerOrderId === orderid)?.state).toBe('acknowledged');
    // A wrong key is OpenAlgo's 403.
    const wrong = await request(`${urls.http}/api/v1/orderbook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apikey: 'f'.repeat(64) }),
    });
    expect(wrong.statusCode).toBe(403);
    await wrong.body.dump();
  });

  it.each(['standalone port', '/ws path'])(
    'streams market data over the WebSocket (%s)',
    async (which) => {
      const url = which === 'standalone port' ? (urls.wsPort as string) : urls.ws;
      const socket = new WebSocket(url);
      const messages: Array<Msg> = [];
      const waiters: Array<{
        test: (m: Msg) => boolean;
        resolve: (m: Msg) => void;
      }> = [];
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as Msg;
        messages.push(message);
        for (const w of [...waiters]) {
          if (w.test(message)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(message);
          }
        }
      });
      const next = (test: (m: Msg) => boolean) =>
        new Promise<Msg>((resolve) => {
          const found = messages.find(test);
          if (found) resolve(found);
          else waiters.push({ test, resolve });
        });
      await new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      });
      socket.send(JSON.stringify({ action: 'authenticate', api_key: key }));
      expect(await next((m) => m.type === 'auth')).toMatchObject({ status: 'success', broker: 'sandbox' });
      socket.send(
        JSON.stringify({ action: 'subscribe', symbols: [{ symbol: 'SBIN', exchange: 'NSE' }], mode: 1 }),
      );
      expect(await next((m) => m.type === 'subscribe')).toMatchObject({ status: 'success' });
      const tick = next((m) => m.type === 'market_data');
      let received: Msg | undefined;
      void tick.then((m) => {
        received = m;
      });
      for (let i = 0; i < 30 && !received; i++) await clock.advance(1000);
      const data = await tick;
      expect(data).toMatchObject({ type: 'market_data', symbol: 'SBIN', exchange: 'NSE', mode: 1 });
      expect(data.data?.ltp).toBeGreaterThan(0);
      socket.close();
    },
    30_000,
  );
});
