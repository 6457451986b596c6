import type { InstrumentRef } from '@openalgo/core';
import { type SimulatorBackdoor, type SimulatorServer, simulatorBackdoor } from '@openalgo/testkit/simulator';
import type { KiteRouteContext } from './context.js';
import type { KiteOrderStatus } from './order-rows.js';
import type { KiteTicker } from './ticker.js';

/** An order as the simulated Kite holds it, read past the API. */
export interface KiteBackdoorOrder {
  orderId: string;
  tag: string | null;
  exchange: string;
  tradingsymbol: string;
  /** The OpenAlgo instrument behind it (absent for a listed but unpriced instrument). */
  instrument?: InstrumentRef;
  quantity: number;
  /** Kite's status string of the latest history row. */
  status: KiteOrderStatus | undefined;
  /** The engine's status (`open`, `complete`…), for unified comparisons. */
  engineStatus: string | undefined;
}

/**
 * What a test (or a curious user) can see and do behind the API's back: the kit's back door (prices
 * pinned by OpenAlgo reference or Kite's `NSE:SBIN`; every access token expires with `expireSession`)
 * and Kite's own.
 */
export interface KiteSimulatorBackdoor extends SimulatorBackdoor {
  orders(): KiteBackdoorOrder[];
  /** Opens a session without the login page; answers what `POST /session/token` would. */
  issueSession(): { accessToken: string; userId: string; data: Record<string, unknown> };
  /** The next `count` places are committed and then answered "Order request timed out" (HTTP 400). */
  orderTimeout(count?: number): void;
  /** Drops every ticker connection without a close frame. */
  dropTickerConnections(): number;
}

export interface BackdoorParts {
  ctx: KiteRouteContext;
  server: SimulatorServer;
  ticker: KiteTicker;
}

/** The sandbox instrument behind an OpenAlgo reference or Kite's `EXCHANGE:TRADINGSYMBOL`. */
function sandboxRefOf(ctx: KiteRouteContext, ref: InstrumentRef | string): InstrumentRef | undefined {
  if (typeof ref !== 'string') return ctx.master.forSandbox(ref.exchange, ref.symbol)?.sandbox;
  const colon = ref.indexOf(':');
  return colon > 0 ? ctx.master.get(ref.slice(0, colon), ref.slice(colon + 1))?.sandbox : undefined;
}

export function createBackdoor(parts: BackdoorParts): KiteSimulatorBackdoor {
  const { ctx, server, ticker } = parts;
  return {
    ...simulatorBackdoor({
      name: 'the Kite simulator',
      broker: 'zerodha',
      server,
      clock: ctx.clock,
      engine: ctx.engine,
      market: ctx.market,
      sandboxRef: (ref) => sandboxRefOf(ctx, ref),
    }),
    orders: () =>
      ctx.orders.allEntries().map((entry) => {
        const latest = entry.history[entry.history.length - 1];
        const sandbox = entry.instrument.sandbox;
        return {
          orderId: entry.orderId,
          tag: entry.tag,
          exchange: entry.instrument.exchange,
          tradingsymbol: entry.instrument.tradingsymbol,
          ...(sandbox ? { instrument: { symbol: sandbox.symbol, exchange: sandbox.exchange } } : {}),
          quantity: latest?.quantity ?? 0,
          status: latest?.status,
          engineStatus: entry.last?.status,
        };
      }),
    issueSession() {
      const data = ctx.sessions.openSession();
      return { accessToken: String(data.access_token), userId: String(data.user_id), data };
    },
    orderTimeout(count = 1) {
      ctx.orderTimeouts.left += count;
    },
    dropTickerConnections: () => ticker.dropAll(),
  };
}
