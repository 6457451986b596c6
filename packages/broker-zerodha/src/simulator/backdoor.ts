import { type InstrumentRef, ManualClock, NotSupportedError, SymbolNotFoundError } from '@openalgo/core';
import type { SandboxEngine, SyntheticMarket } from '@openalgo/sandbox';
import type { FaultController, SimulatorRequest, SimulatorServer } from '@openalgo/testkit/simulator';
import type { KiteRouteContext } from './context.js';
import type { KiteInstrument } from './master.js';
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

/** What a test (or a curious user) can see and do behind the API's back. */
export interface KiteSimulatorBackdoor {
  orders(): KiteBackdoorOrder[];
  /** Every request received so far, oldest first, headers included. */
  requests(): readonly SimulatorRequest[];
  clearRequests(): void;
  /** Pins a price: an OpenAlgo reference (`{symbol:'SBIN', exchange:'NSE'}`) or Kite's `NSE:SBIN`. */
  setPrice(ref: InstrumentRef | string, price: number): void;
  clearPrice(ref: InstrumentRef | string): void;
  /** Moves a ManualClock forward (time-based work and price steps run on the way). */
  advanceClock(ms: number): Promise<void>;
  /** Every access token issued so far stops working at `atMs` (default: now). A new login works again. */
  expireSession(atMs?: number): void;
  /** Opens a session without the login page; answers what `POST /session/token` would. */
  issueSession(): { accessToken: string; userId: string; data: Record<string, unknown> };
  /** The next `count` places are committed and then answered "Order request timed out" (HTTP 400). */
  orderTimeout(count?: number): void;
  /** Drops every ticker connection without a close frame. */
  dropTickerConnections(): number;
  /** The kit's faults: latency, 429 bursts, 5xx, reset after commit, malformed and slow bodies. */
  readonly faults: FaultController;
  readonly engine: SandboxEngine;
  readonly market: SyntheticMarket;
}

export interface BackdoorParts {
  ctx: KiteRouteContext;
  server: SimulatorServer;
  ticker: KiteTicker;
  requests: () => readonly SimulatorRequest[];
}

function instrumentOf(ctx: KiteRouteContext, ref: InstrumentRef | string): KiteInstrument {
  let row: KiteInstrument | undefined;
  if (typeof ref === 'string') {
    const colon = ref.indexOf(':');
    row = colon > 0 ? ctx.master.get(ref.slice(0, colon), ref.slice(colon + 1)) : undefined;
  } else {
    row = ctx.master.forSandbox(ref.exchange, ref.symbol);
  }
  if (!row?.sandbox) {
    const name = typeof ref === 'string' ? ref : `${ref.exchange}:${ref.symbol}`;
    throw new SymbolNotFoundError(`${name} is not an instrument the Kite simulator prices`, {
      broker: 'zerodha',
      field: 'symbol',
    });
  }
  return row;
}

export function createBackdoor(parts: BackdoorParts): KiteSimulatorBackdoor {
  const { ctx, server, ticker } = parts;
  return {
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
    requests: parts.requests,
    clearRequests: () => server.clearRequests(),
    setPrice(ref, price) {
      const sandbox = instrumentOf(ctx, ref).sandbox;
      if (sandbox) ctx.market.setPrice(sandbox, price);
    },
    clearPrice(ref) {
      const sandbox = instrumentOf(ctx, ref).sandbox;
      if (sandbox) ctx.market.clearPrice(sandbox);
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
      return { accessToken: String(data.access_token), userId: String(data.user_id), data };
    },
    orderTimeout(count = 1) {
      ctx.orderTimeouts.left += count;
    },
    dropTickerConnections: () => ticker.dropAll(),
    faults: server.faults,
    engine: ctx.engine,
    market: ctx.market,
  };
}
