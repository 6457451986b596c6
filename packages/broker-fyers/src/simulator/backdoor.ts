import type { InstrumentRef } from '@openalgo/core';
import type { OrderRecord } from '@openalgo/sandbox';
import { type SimulatorBackdoor, type SimulatorServer, simulatorBackdoor } from '@openalgo/testkit/simulator';
import type { FyersRouteContext } from './context.js';
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

/**
 * What a test (or a curious user) can see and do behind the API's back: the kit's back door (prices
 * pinned by OpenAlgo reference or Fyers' `NSE:SBIN-EQ`; `expireSession` expires every access and
 * refresh token) and Fyers' own.
 */
export interface FyersSimulatorBackdoor extends SimulatorBackdoor {
  orders(): Promise<FyersBackdoorOrder[]>;
  /** Opens a session without the login page; answers what `validate-authcode` would. */
  issueSession(): { accessToken: string; refreshToken: string };
  /** Every order change as the order socket reports it (engine record + REST row), until unsubscribed. */
  onOrderUpdate(listener: OrderUpdateListener): () => void;
  /** Drops every socket connection without a close frame. */
  dropSocketConnections(): number;
}

export interface BackdoorParts {
  ctx: FyersRouteContext;
  server: SimulatorServer;
  sockets: FyersSockets;
}

/** The sandbox instrument behind an OpenAlgo reference or a Fyers ticker (`NSE:SBIN-EQ`). */
function sandboxRefOf(ctx: FyersRouteContext, ref: InstrumentRef | string): InstrumentRef | undefined {
  const row = typeof ref === 'string' ? ctx.master.get(ref) : ctx.master.forSandbox(ref.exchange, ref.symbol);
  return row?.sandbox;
}

export function createBackdoor(parts: BackdoorParts): FyersSimulatorBackdoor {
  const { ctx, server, sockets } = parts;
  return {
    ...simulatorBackdoor({
      name: 'the Fyers simulator',
      broker: 'fyers',
      server,
      clock: ctx.clock,
      engine: ctx.engine,
      market: ctx.market,
      sandboxRef: (ref) => sandboxRefOf(ctx, ref),
    }),
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
    issueSession() {
      const data = ctx.sessions.openSession();
      return { accessToken: String(data.access_token), refreshToken: String(data.refresh_token) };
    },
    onOrderUpdate: (listener) => ctx.orders.onUpdate(listener),
    dropSocketConnections: () => sockets.dropAll(),
  };
}
