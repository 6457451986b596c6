import {
  type Instrument,
  InstrumentIndex,
  ManualClock,
  type MarketStream,
  type OrderStream,
  type StreamStatus,
  type Tick,
} from '@openalgo/core';
import { RecordingLogger } from '@openalgo/core/testing';
import { afterEach, beforeEach } from 'vitest';
import type { ZerodhaAdapterOptions } from '../src/adapter.js';
import { fixtureText, ROWS, testConfig, testSession, zerodhaAdapter } from './helpers.js';
import { base64Packet } from './packets.js';
import { TickerServer } from './ticker-server.js';

export const QUOTE_PACKET = base64Packet(fixtureText('ticker_quote.packet'));
export const FULL_PACKET = base64Packet(fixtureText('ticker_full.packet'));
export const INFY = { symbol: 'INFY', exchange: 'NSE' as const };
export const SBIN = { symbol: 'SBIN', exchange: 'NSE' as const };

type CapturingLogger = RecordingLogger;

/**
 * Per test: a loopback ticker on 127.0.0.1 and a manual clock that drives reconnect backoff and the
 * stall watchdog (sockets are real, timers are not).
 */
export function useStreamHarness() {
  const state = {
    server: undefined as unknown as TickerServer,
    clock: new ManualClock(),
    cleanups: [] as Array<() => Promise<void>>,
  };
  beforeEach(async () => {
    state.server = await TickerServer.start();
    state.clock = new ManualClock();
  });
  afterEach(async () => {
    for (const cleanup of state.cleanups.splice(0).reverse()) await cleanup();
    await state.server.close();
  });

  function adapterFor(url: string, rows: readonly Instrument[] = ROWS, options?: ZerodhaAdapterOptions) {
    const logger = new RecordingLogger();
    const adapter = zerodhaAdapter(
      {
        config: testConfig({ baseUrls: { ws: url } }),
        session: testSession(),
        instruments: InstrumentIndex.fromRows(rows),
        http: {},
        clock: state.clock,
        logger,
      },
      options,
    );
    state.cleanups.push(async () => {
      await adapter.close?.();
    });
    return { adapter, logger };
  }

  return {
    get server(): TickerServer {
      return state.server;
    },
    get clock(): ManualClock {
      return state.clock;
    },
    onCleanup(cleanup: () => Promise<void>): void {
      state.cleanups.push(cleanup);
    },
    adapterFor,
    marketStream(
      url = state.server.url,
      rows?: readonly Instrument[],
      options?: ZerodhaAdapterOptions,
    ): { stream: MarketStream; logger: CapturingLogger } {
      const { adapter, logger } = adapterFor(url, rows, options);
      const stream = adapter.marketStream?.();
      if (!stream) throw new Error('no market stream');
      return { stream, logger };
    },
    orderStream(): { stream: OrderStream; logger: CapturingLogger } {
      const { adapter, logger } = adapterFor(state.server.url);
      const stream = adapter.orderStream?.();
      if (!stream) throw new Error('no order stream');
      return { stream, logger };
    },
  };
}

export function statusReached(
  stream: MarketStream | OrderStream,
  state: StreamStatus['state'],
): Promise<StreamStatus> {
  return new Promise((resolve) => {
    const off = stream.onStatus((status) => {
      if (status.state === state) {
        off();
        resolve(status);
      }
    });
  });
}

export function nextTicks(stream: MarketStream, count: number): Promise<Tick[]> {
  const ticks: Tick[] = [];
  return new Promise((resolve) => {
    const off = stream.onTick((tick) => {
      ticks.push(tick);
      if (ticks.length === count) {
        off();
        resolve(ticks);
      }
    });
  });
}
