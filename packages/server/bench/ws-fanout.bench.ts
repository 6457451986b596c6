import { once } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import {
  type Instrument,
  InstrumentIndex,
  MarketStreams,
  noopLogger,
  systemClock,
  type Tick,
} from '@openalgo/core';
import { test } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { recordResult, summarise } from '../../core/bench/harness.js';
import { createFeedServer, marketDataPayload } from '../src/ws/index.js';
import { depthTick, FakeResolver, feedBroker, makeAccount } from '../test/ws/fakes.js';

/**
 * `server.ws.fanout`: market_data frames delivered per second from one upstream market stream to 100
 * WebSocket clients, each subscribed to 100 of 500 symbols in mixed modes (LTP, Quote, Depth by
 * turns; about 20 clients per symbol), through the feed server as `openalgo serve` composes it
 * (createFeedServer over the login's SharedMarketStream). The baseline, in the same run, is a bare
 * `ws` server that knows the same subscriptions as a plain table and, for each tick, renders the
 * same frames once per mode (same JSON, same UTF-8 bytes) and sends them to the same sockets: what
 * fan-out costs with no protocol, bookkeeping or shared stream around it. The clients live in a
 * worker thread (both sides pay the same for them); upstream ticks are depth ticks emitted in bursts
 * of 20 per event-loop turn. Reported: best-of-runs frames/s and its ratio to the baseline (target
 * ≥ 0.67); p50/p99 tick latency (upstream emit → client receipt) at a fixed 2 000 ticks/s; memory
 * per client on the server thread (heap + external after GC, over 100 subscribed clients). The feed
 * runs with a large send backlog limit so a burst cannot get a client dropped as a slow consumer.
 */

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const CLIENTS = 100;
const PER_CLIENT = 100;
const UNIVERSE = 500;
const BURST = 20;
const TICKS_PER_RUN = 5_000;
const RUNS = 3;
const LATENCY_TICKS = 2_000;
const API_KEY = 'f'.repeat(64);

type Mode = 1 | 2 | 3;
interface Item {
  symbol: string;
  exchange: 'NSE';
  mode: Mode;
}

const symbols = Array.from({ length: UNIVERSE }, (_, i) => `SYM${i}`);
/** Client c holds symbols (7c + 5k) mod 500 for k < 100 (distinct), in mode 1 + (c + k) mod 3. */
const subscriptions: Item[][] = Array.from({ length: CLIENTS }, (_, c) =>
  Array.from({ length: PER_CLIENT }, (_, k) => ({
    symbol: symbols[(7 * c + 5 * k) % UNIVERSE] as string,
    exchange: 'NSE' as const,
    mode: (1 + ((c + k) % 3)) as Mode,
  })),
);
const recipients = new Map<string, number>();
for (const items of subscriptions)
  for (const item of items) recipients.set(item.symbol, (recipients.get(item.symbol) ?? 0) + 1);
const framesPerRound = (ticks: number) => {
  let total = 0;
  for (let i = 0; i < ticks; i++) total += recipients.get(symbols[i % UNIVERSE] as string) ?? 0;
  return total;
};

const wallMs = () => performance.timeOrigin + performance.now();
const templates = symbols.map((s, i) => depthTick(s, 'NSE', 100 + i));
const tickAt = (i: number): Tick => ({ ...(templates[i % UNIVERSE] as Tick), timestamp: wallMs() });

/** The clients: connect, (authenticate,) subscribe, then count frames and sample latency. */
const CLIENT_CODE = `
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

interface Fanout {
  url: string;
  emit(tick: Tick): void;
  close(): Promise<void>;
}

/** Our feed over one fake login whose upstream stream the bench drives. */
async function feedFanout(): Promise<Fanout> {
  const adapter = feedBroker();
  const account = makeAccount(adapter, noopLogger);
  account.instruments = InstrumentIndex.fromRows(templates.map(row));
  const streams = new MarketStreams({ clock: systemClock, logger: noopLogger });
  const feed = createFeedServer({
    resolver: new FakeResolver().add(API_KEY, account),
    streams,
    logger: noopLogger,
    pingIntervalMs: 0,
    maxBufferedAmount: 1 << 30,
  });
  const { port } = await feed.listen({ host: '127.0.0.1', port: 0 });
  return {
    url: `ws://127.0.0.1:${port}`,
    emit: (tick) => adapter.stream.emit(tick),
    async close() {
      await feed.close();
      await streams.close();
    },
  };
}

/** The bare baseline: a plain table of sockets per symbol and mode, each tick's frames rendered once. */
async function bareFanout(): Promise<Fanout> {
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

function row(tick: Tick): Instrument {
  const s = tick.symbol;
  return {
    symbol: s,
    exchange: 'NSE',
    brsymbol: s,
    brexchange: 'NSE',
    token: s,
    name: s,
    expiry: '',
    strike: 0,
    lotSize: 1,
    tickSize: 0.05,
    instrumentType: 'EQ',
  };
}

function memory(): number {
  for (let i = 0; i < 3; i++) gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

const nextMessage = (worker: Worker, type: string) =>
  new Promise<{ latency: number[] | null }>((resolve) => {
    const on = (m: { type: string; latency: number[] | null }) => {
      if (m.type !== type) return;
      worker.off('message', on);
      resolve(m);
    };
    worker.on('message', on);
  });
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Measured {
  framesPerSecond: number;
  latency: { p50: number; p99: number };
  bytesPerClient: number;
}

async function measure(open: () => Promise<Fanout>): Promise<Measured> {
  const before = memory();
  const fanout = await open();
  const worker = new Worker(CLIENT_CODE, {
    eval: true,
    workerData: { url: fanout.url, apiKey: API_KEY, subscriptions },
  });
  try {
    const ready = nextMessage(worker, 'ready');
    worker.postMessage({ cmd: 'connect' });
    await ready;
    const bytesPerClient = (memory() - before) / CLIENTS;
    let best = 0;
    for (let run = 0; run < RUNS + 1; run++) {
      const reached = nextMessage(worker, 'reached');
      const frames = framesPerRound(TICKS_PER_RUN);
      worker.postMessage({ cmd: 'expect', count: frames, latency: false });
      await turn();
      const started = performance.now();
      for (let i = 0; i < TICKS_PER_RUN; i++) {
        fanout.emit(tickAt(i));
        if (i % BURST === BURST - 1) await turn();
      }
      await reached;
      const rate = frames / ((performance.now() - started) / 1000);
      if (run > 0) best = Math.max(best, rate); // the first run warms up
    }
    // Latency at a fixed pace well under capacity: 2 ticks per millisecond.
    const reached = nextMessage(worker, 'reached');
    worker.postMessage({ cmd: 'expect', count: framesPerRound(LATENCY_TICKS), latency: true });
    await turn();
    for (let i = 0; i < LATENCY_TICKS; i += 2) {
      fanout.emit(tickAt(i));
      fanout.emit(tickAt(i + 1));
      await pause(1);
    }
    const samples = (await reached).latency ?? [];
    const stats = summarise(samples.map((ms) => ms * 1e6));
    const closed = nextMessage(worker, 'closed');
    worker.postMessage({ cmd: 'close' });
    await closed;
    return { framesPerSecond: best, latency: { p50: stats.p50 / 1e6, p99: stats.p99 / 1e6 }, bytesPerClient };
  } finally {
    await worker.terminate();
    await fanout.close();
  }
}

test('server.ws.fanout', async () => {
  const bare = await measure(bareFanout);
  const feed = await measure(feedFanout);
  const ratio = feed.framesPerSecond / bare.framesPerSecond;
  recordResult('server.ws.fanout', {
    value: feed.framesPerSecond,
    unit: 'frames/s',
    baseline: bare.framesPerSecond,
    ratio,
    target: { ratio: '>= 0.67' },
    extra: {
      clients: CLIENTS,
      symbols_per_client: PER_CLIENT,
      frames_per_tick_avg: framesPerRound(UNIVERSE) / UNIVERSE,
      feed_p50_latency_ms: feed.latency.p50,
      feed_p99_latency_ms: feed.latency.p99,
      bare_p50_latency_ms: bare.latency.p50,
      bare_p99_latency_ms: bare.latency.p99,
      feed_bytes_per_client: Math.round(feed.bytesPerClient),
      bare_bytes_per_client: Math.round(bare.bytesPerClient),
    },
  });
});
