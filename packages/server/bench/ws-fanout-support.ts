import { once } from 'node:events';
import type { Tick } from '@openalgo/core';
import { type WebSocket, WebSocketServer } from 'ws';
import { marketDataPayload } from '../src/ws/index.js';

/** Support for `ws-fanout.bench.ts`: the clients' worker code and the bare `ws` baseline. */

export type Mode = 1 | 2 | 3;
export interface Item {
  symbol: string;
  exchange: 'NSE';
  mode: Mode;
}

/** A fan-out under test: a server the clients connect to, and the upstream that feeds it. */
export interface Fanout {
  url: string;
  emit(tick: Tick): void;
  close(): Promise<void>;
}

/** The clients: connect, (authenticate,) subscribe, then count frames and sample latency. */
export const CLIENT_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const { WebSocket } = require('ws');
const { url, apiKey, subscriptions } = workerData;
const wall = () => performance.timeOrigin + performance.now();
let received = 0, target = Infinity, latency = null;
const sockets = [];
function onFrame(data) {
  received++;
  if (latency) latency.push(wall() - JSON.parse(data.toString()).data.timestamp);
  if (received >= target) {
    parentPort.postMessage({ type: 'reached', received, latency });
    target = Infinity;
  }
}
function reply(ws, type) {
  return new Promise((resolve) => ws.once('message', (d) => {
    const m = JSON.parse(d.toString());
    if (m.type !== type || m.status !== 'success') throw new Error('bad reply ' + d.toString().slice(0, 200));
    resolve();
  }));
}
async function connect(items) {
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  ws.send(JSON.stringify({ action: 'authenticate', api_key: apiKey }));
  await reply(ws, 'auth');
  ws.send(JSON.stringify({ action: 'subscribe', symbols: items }));
  await reply(ws, 'subscribe');
  ws.on('message', onFrame);
  sockets.push(ws);
}
parentPort.on('message', async (m) => {
  if (m.cmd === 'connect') {
    for (const items of subscriptions) await connect(items);
    parentPort.postMessage({ type: 'ready' });
  } else if (m.cmd === 'expect') {
    received = 0; latency = m.latency ? [] : null; target = m.count;
  } else if (m.cmd === 'close') {
    await Promise.all(sockets.map((ws) => new Promise((r) => { ws.once('close', r); ws.close(); })));
    parentPort.postMessage({ type: 'closed' });
  }
});`;

/** The bare baseline: a plain table of sockets per symbol and mode, each tick's frames rendered once. */
export async function bareFanout(): Promise<Fanout> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await once(wss, 'listening');
  const table = new Map<string, Array<[WebSocket, Mode]>>();
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString()) as { action: string; symbols?: Item[] };
      if (m.action === 'authenticate') ws.send(JSON.stringify({ type: 'auth', status: 'success' }));
      if (m.action !== 'subscribe') return;
      for (const item of m.symbols ?? []) {
        const list = table.get(item.symbol) ?? [];
        list.push([ws, item.mode]);
        table.set(item.symbol, list);
      }
      ws.send(JSON.stringify({ type: 'subscribe', status: 'success' }));
    });
  });
  return {
    url: `ws://127.0.0.1:${(wss.address() as { port: number }).port}`,
    emit(tick) {
      const frames: Array<Buffer | undefined> = [];
      for (const [ws, mode] of table.get(tick.symbol) ?? []) {
        let frame = frames[mode];
        if (!frame) {
          const data = marketDataPayload(tick, mode, 5);
          const message = {
            type: 'market_data',
            symbol: tick.symbol,
            exchange: tick.exchange,
            mode,
            broker: 'fakebroker',
            data,
          };
          frame = Buffer.from(JSON.stringify(message), 'utf8');
          frames[mode] = frame;
        }
        ws.send(frame, { binary: false });
      }
    },
    async close() {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
