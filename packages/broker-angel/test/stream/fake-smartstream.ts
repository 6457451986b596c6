import type { IncomingHttpHeaders } from 'node:http';
import { type Instrument, InstrumentIndex, ManualClock, type StreamStatus } from '@openalgo/core';
import { RecordingLogger } from '@openalgo/core/testing';
import {
  createSimulatorWebSocket,
  type SimulatorSocket,
  type SimulatorWebSocket,
} from '@openalgo/testkit/simulator';
import type { AngelStreamOptions } from '../../src/stream/options.js';

/** One client connection as the fake server saw it. */
export interface SeenConnection {
  socket: SimulatorSocket;
  headers: IncomingHttpHeaders;
  /** Control frames (parsed JSON), in order. */
  controls: Array<{
    correlationID?: string;
    action: number;
    params: { mode: number; tokenList: Array<{ exchangeType: number; tokens: string[] }> };
  }>;
  texts: string[];
  closed: boolean;
}

/**
 * A bare loopback socket for the adapter's streams: records every upgrade and frame, answers `ping`
 * with `pong` (unless `answerPings` is off), and lets a test push packets or error frames. `until`
 * resolves once a condition holds, re-checked on every event (no sleeps).
 */
export class FakeSmartStream {
  readonly connections: SeenConnection[] = [];
  answerPings = true;
  refuseWith: number | undefined;
  private waiters: Array<{ check: () => boolean; resolve: () => void }> = [];

  private constructor(private endpoint: SimulatorWebSocket | undefined) {}

  static async start(path = '/smart-stream'): Promise<FakeSmartStream> {
    const fake = new FakeSmartStream(undefined);
    fake.endpoint = await createSimulatorWebSocket({
      path,
      authorize: () => (fake.refuseWith === undefined ? true : { status: fake.refuseWith }),
      onConnection: (socket) => fake.accept(socket),
    });
    return fake;
  }

  get url(): string {
    return this.server.url;
  }

  get server(): SimulatorWebSocket {
    if (!this.endpoint) throw new Error('not started');
    return this.endpoint;
  }

  get open(): SeenConnection[] {
    return this.connections.filter((c) => !c.closed);
  }

  until(check: () => boolean): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ check, resolve }));
  }

  /** Every token subscribed on a connection (action 1 minus action 0), by `mode|exchangeType|token`. */
  static subscribed(connection: SeenConnection): Set<string> {
    const held = new Set<string>();
    for (const control of connection.controls) {
      for (const entry of control.params.tokenList) {
        for (const token of entry.tokens) {
          const key = `${control.params.mode}|${entry.exchangeType}|${token}`;
          if (control.action === 1) held.add(key);
          else held.delete(key);
        }
      }
    }
    return held;
  }

  async close(): Promise<void> {
    await this.server.close();
  }

  private accept(socket: SimulatorSocket): void {
    const seen: SeenConnection = {
      socket,
      headers: socket.request.headers,
      controls: [],
      texts: [],
      closed: false,
    };
    this.connections.push(seen);
    socket.onMessage((data, isBinary) => {
      if (isBinary) return;
      const text = String(data);
      seen.texts.push(text);
      if (text === 'ping') {
        if (this.answerPings) socket.send('pong');
      } else {
        seen.controls.push(JSON.parse(text) as SeenConnection['controls'][number]);
      }
      this.notify();
    });
    socket.onClose(() => {
      seen.closed = true;
      this.notify();
    });
    this.notify();
  }

  private notify(): void {
    const ready = this.waiters.filter((w) => w.check());
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const waiter of ready) waiter.resolve();
  }
}

function row(
  symbol: string,
  exchange: Instrument['exchange'],
  brexchange: string,
  token: string,
): Instrument {
  return {
    symbol,
    exchange,
    brsymbol: symbol,
    brexchange,
    token,
    name: symbol,
    expiry: '',
    strike: 0,
    lotSize: 1,
    tickSize: 0.05,
    instrumentType: 'EQ',
  };
}

export const SBIN = { symbol: 'SBIN', exchange: 'NSE' as const };
export const NIFTY = { symbol: 'NIFTY', exchange: 'NSE_INDEX' as const };
export const USDINR = { symbol: 'USDINR', exchange: 'CDS' as const };

/** SBIN (nse_cm 3045), the NIFTY index (nse_cm 99926000), a CDS row, and `many` filler equities. */
export function streamRows(many = 0): Instrument[] {
  const rows = [
    { ...row('SBIN', 'NSE', 'NSE', '3045'), brsymbol: 'SBIN-EQ' },
    { ...row('NIFTY', 'NSE_INDEX', 'NSE', '99926000'), brsymbol: 'Nifty 50', instrumentType: 'INDEX' },
    row('USDINR', 'CDS', 'CDS', '1234'),
  ];
  for (let i = 0; i < many; i++) rows.push(row(`STOCK${i}`, 'NSE', 'NSE', String(100_000 + i)));
  return rows;
}

export function stocks(from: number, count: number) {
  return Array.from({ length: count }, (_, i) => ({ symbol: `STOCK${from + i}`, exchange: 'NSE' as const }));
}

export const JWT = 'eyJhbGciOiJIUzUxMiJ9.eyJzdWIiOiJBMTIzNDU2In0.c2lnbmF0dXJl';

export function streamOptions(url: string, overrides: Partial<AngelStreamOptions> = {}) {
  const clock = new ManualClock();
  const logger = new RecordingLogger();
  const options: AngelStreamOptions = {
    url,
    clientId: 'A123456',
    accessToken: `Bearer ${JWT}`,
    apiKey: 'api-key-1',
    feedToken: 'feed-token-1',
    instruments: InstrumentIndex.fromRows(streamRows(3100)),
    clock,
    logger,
    reconnect: { initialMs: 1000, maxMs: 8000, maxAttempts: 5 },
    stallMs: 20_000,
    ...overrides,
  };
  return { options, clock: options.clock as ManualClock, logger };
}

export function statuses(stream: { onStatus(l: (s: StreamStatus) => void): unknown }): StreamStatus[] {
  const seen: StreamStatus[] = [];
  stream.onStatus((s) => seen.push(s));
  return seen;
}

/** One macrotask: the stream sends what a turn's subscribe calls changed on the next one. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Re-checks `check` once per event-loop turn until it holds (for state no server event announces). */
export async function eventually(check: () => boolean): Promise<void> {
  while (!check()) await nextTurn();
}
