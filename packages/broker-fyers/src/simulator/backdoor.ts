import { type InstrumentRef, ManualClock, NotSupportedError, SymbolNotFoundError } from '@openalgo/core';
import type { OrderRecord, SandboxEngine, SyntheticMarket } from '@openalgo/sandbox';
import type { FaultController, SimulatorRequest, SimulatorServer } from '@openalgo/testkit/simulator';
import type { FyersRouteContext } from './context.js';
import type { FyersInstrument } from './master.js';
import type { OrderUpdateListener } from './order-book.js';
import { STATUS_INTS } from './order-rows.js';
import type { FyersSockets } from './sockets.js';

/** An order as the simulated Fyers holds it, read past the API. */
export interface FyersBackdoorOrder {
  id: string;
  tag: string | undefined;
  /** `NSE:SBIN-EQ`. */
  ticker: string;
  /** The OpenAlgo instrument behind it. */
  instrument: InstrumentRef;
  quantity: number;
  /** Fyers' status int. */
  status: number;
  /** The engine's status (`open`, `complete`…), for unified comparisons. */
  engineStatus: OrderRecord['status'];
}

/** What a test (or a curious user) can see and do behind the API's back. */
export interface FyersSimulatorBackdoor {
  orders(): Promise<FyersBackdoorOrder[]>;
  /** Every request received so far, oldest first, headers included. */
  requests(): readonly SimulatorRequest[];
  clearRequests(): void;
  /** Pins a price: an OpenAlgo reference (`{symbol:'SBIN', exchange:'NSE'}`) or Fyers' `NSE:SBIN-EQ`. */
  setPrice(ref: InstrumentRef | string, price: number): void;
  clearPrice(ref: InstrumentRef | string): void;
  /** Moves a ManualClock forward (time-based work and price steps run on the way). */
  advanceClock(ms: number): Promise<void>;
  /** Every access and refresh token issued so far stops working at `atMs` (default: now). A new login works. */
  expireSession(atMs?: number): void;
  /** Opens a session without the login page; answers what `validate-authcode` would. */
  issueSession(): { accessToken: string; refreshToken: string };
  /** Every order change as the order socket reports it (engine record + REST row), until unsubscribed. */
  onOrderUpdate(listener: OrderUpdateListener): () => void;
  /** Drops every socket connection without a close frame. */
  dropSocketConnections(): number;
  /** The kit's faults: latency, 429 bursts, 5xx, reset after commit, malformed and slow bodies. */
  readonly faults: FaultController;
  readonly engine: SandboxEngine;
  readonly market: SyntheticMarket;
}

export interface BackdoorParts {
  ctx: FyersRouteContext;
  server: SimulatorServer;
  sockets: FyersSockets;
  requests: () => readonly SimulatorRequest[];
}

function instrumentOf(ctx: FyersRouteContext, ref: InstrumentRef | string): FyersInstrument {
  const row = typeof ref === 'string' ? ctx.master.get(ref) : ctx.master.forSandbox(ref.exchange, ref.symbol);
  if (!row?.sandbox) {
    const name = typeof ref === 'string' ? ref : `${ref.exchange}:${ref.symbol}`;
    throw new SymbolNotFoundError(`${name} is not an instrument the Fyers simulator prices`, {
      broker: 'fyers',
      field: 'symbol',
    });
  }
  return row;
}

export function createBackdoor(parts: BackdoorParts): FyersSimulatorBackdoor {
  const { ctx, server, sockets } = parts;
  return {
    async orders() {
      const out: FyersBackdoorOrder[] = [];
      for (const record of await ctx.engine.orders()) {
        const row = ctx.master.forSandbox(record.exchange, record.symbol);
        out.push({
          id: record.orderId,
          tag: record.tag,
          ticker: row?.ticker ?? `${record.exchange}:${record.symbol}`,
          instrument: { symbol: record.symbol, exchange: record.exchange },
          quantity: record.quantity,
          status: STATUS_INTS[record.status],
          engineStatus: record.status,
        });
      }
      return out;
    },
    requests: parts.requests,
    clearRequests: () => server.clearRequests(),
    setPrice(ref, price) {
      ctx.market.setPrice(instrumentOf(ctx, ref).sandbox as InstrumentRef, price);
    },
    clearPrice(ref) {
      ctx.market.clearPrice(instrumentOf(ctx, ref).sandbox as InstrumentRef);
    },
    async advanceClock(ms) {
      if (!(ctx.clock instanceof ManualClock)) {
        throw new NotSupportedError('advanceClock needs the simulator to run on a ManualClock');
      }
      await ctx.clock.advance(ms);
    },
    expireSession(atMs) {
      server.faults.expireTokensAt(atMs ?? ctx.clock.now());
    },
    issueSession() {
      const data = ctx.sessions.openSession();
      return { accessToken: String(data.access_token), refreshToken: String(data.refresh_token) };
    },
    onOrderUpdate: (listener) => ctx.orders.onUpdate(listener),
    dropSocketConnections: () => sockets.dropAll(),
    faults: server.faults,
    engine: ctx.engine,
    market: ctx.market,
  };
}
