import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startSimulator, type TestSimulator } from './support.js';

let t: TestSimulator;
let tokens: Record<string, string>;
beforeEach(async () => {
  t = await startSimulator();
  tokens = await t.login();
});
afterEach(() => t.close());

interface Client {
  ws: WebSocket;
  frames: Array<Buffer | string>;
  /** Resolves once `check` holds, re-checked on every frame (no timers). */
  until(check: () => boolean): Promise<void>;
}

function open(url: string, headers: Record<string, string>): Promise<Client> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const frames: Array<Buffer | string> = [];
    const waiters = new Set<() => void>();
    ws.on('message', (data, binary) => {
      frames.push(binary ? (data as Buffer) : data.toString());
      for (const waiter of [...waiters]) waiter();
    });
    const until = (check: () => boolean) =>
      new Promise<void>((done) => {
        const test = () => {
          if (!check()) return;
          waiters.delete(test);
          done();
        };
        waiters.add(test);
        test();
      });
    ws.once('open', () => resolve({ ws, frames, until }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade answered ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

describe('the sockets on the simulator port', () => {
  it('SmartStream takes the session of a REST login and streams a packet for a subscribed token', async () => {
    const { ws, frames, until } = await open(t.sim.wsUrl, {
      Authorization: tokens.jwtToken as string,
      'x-api-key': t.sim.credentials.apiKey,
      'x-client-code': t.sim.credentials.clientCode,
      'x-feed-token': tokens.feedToken as string,
    });
    ws.send(
      JSON.stringify({ action: 1, params: { mode: 1, tokenList: [{ exchangeType: 1, tokens: ['3045'] }] } }),
    );
    await until(() => frames.some((f) => Buffer.isBuffer(f)));
    const packet = frames.find((f): f is Buffer => Buffer.isBuffer(f));
    expect(packet?.length).toBe(51);
    expect(packet?.subarray(2, 6).toString()).toBe('3045');
    ws.close();
  });

  it('SmartStream refuses a feed token the simulator never issued', async () => {
    await expect(
      open(t.sim.wsUrl, {
        Authorization: `Bearer ${tokens.jwtToken}`,
        'x-api-key': t.sim.credentials.apiKey,
        'x-client-code': t.sim.credentials.clientCode,
        'x-feed-token': 'eyJ.bogus.x',
      }),
    ).rejects.toThrow(/401/);
  });

  it('the order socket greets with AB00 and sends the statuses of a placed order', async () => {
    const { ws, frames, until } = await open(t.sim.orderWsUrl, {
      Authorization: `Bearer ${tokens.jwtToken}`,
    });
    await until(() => frames.length > 0);
    expect(JSON.parse(String(frames[0]))).toMatchObject({ 'order-status': 'AB00', 'status-code': '200' });
    t.sim.backdoor.setPrice({ symbol: 'SBIN', exchange: 'NSE' }, 800);
    await t.data('/order/v1/placeOrder', {
      json: {
        variety: 'NORMAL',
        tradingsymbol: 'SBIN-EQ',
        symboltoken: '3045',
        transactiontype: 'BUY',
        exchange: 'NSE',
        ordertype: 'LIMIT',
        producttype: 'INTRADAY',
        duration: 'DAY',
        price: '700',
        quantity: '1',
      },
    });
    await until(() => frames.length >= 3);
    const codes = frames
      .slice(1)
      .map((f) => (JSON.parse(String(f)) as Record<string, unknown>)['order-status']);
    expect(codes).toEqual(['AB09', 'AB01']);
    ws.close();
  });

  it('the order socket refuses an expired session with 403', async () => {
    t.sim.backdoor.expireSession();
    await expect(open(t.sim.orderWsUrl, { Authorization: `Bearer ${tokens.jwtToken}` })).rejects.toThrow(
      /403/,
    );
  });
});
