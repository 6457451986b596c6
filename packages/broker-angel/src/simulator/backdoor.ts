import {
  type InstrumentRef,
  ManualClock,
  NotSupportedError,
  SymbolNotFoundError,
  totpCode,
} from '@openalgo/core';
import type { SandboxEngine, SyntheticMarket } from '@openalgo/sandbox';
import type { FaultController, SimulatorRequest, SimulatorServer } from '@openalgo/testkit/simulator';
import type { AngelRouteContext } from './context.js';
import type { AngelInstrument } from './master.js';
import type { AngelOrderStatus } from './order-rows.js';
import type { AngelTokens } from './sessions.js';

/** An order as the simulated Angel holds it, read past the API. */
export interface AngelBackdoorOrder {
  orderId: string;
  uniqueOrderId: string;
  /** The `ordertag` it was placed with ('' when none). */
  tag: string;
  exchange: string;
  tradingsymbol: string;
  symboltoken: string;
  /** The OpenAlgo instrument behind it (absent for a listed but unpriced instrument). */
  instrument?: InstrumentRef;
  quantity: number;
  /** Angel's status string now, and every status it went through. */
  status: AngelOrderStatus;
  history: AngelOrderStatus[];
  /** The engine's status (`open`, `complete`…), for unified comparisons. */
  engineStatus: string | undefined;
}

/** What a test (or a curious user) can see and do behind the API's back. */
export interface AngelSimulatorBackdoor {
  orders(): AngelBackdoorOrder[];
  /** Every request received so far, oldest first, headers included. */
  requests(): readonly SimulatorRequest[];
  clearRequests(): void;
  /** Pins a price: an OpenAlgo reference (`{symbol:'SBIN', exchange:'NSE'}`) or Angel's `NSE:3045`. */
  setPrice(ref: InstrumentRef | string, price: number): void;
  clearPrice(ref: InstrumentRef | string): void;
  /** Moves a ManualClock forward (time-based work and price steps run on the way). */
  advanceClock(ms: number): Promise<void>;
  /** Every token issued so far (jwt, refresh, feed) stops working at `atMs` (default: now). */
  expireSession(atMs?: number): void;
  /** Opens a session without a login; answers what `loginByPassword` would in `data`. */
  issueSession(): AngelTokens;
  /** The TOTP code the simulator accepts right now (its clock, the account's secret). */
  totpNow(): string;
  faults: FaultController;
  engine: SandboxEngine;
  market: SyntheticMarket;
}

export interface BackdoorParts {
  ctx: AngelRouteContext;
  server: SimulatorServer;
}

function instrumentOf(ctx: AngelRouteContext, ref: InstrumentRef | string): AngelInstrument {
  let row: AngelInstrument | undefined;
  if (typeof ref === 'string') {
    const colon = ref.indexOf(':');
    row = colon > 0 ? ctx.master.byExchangeToken(ref.slice(0, colon), ref.slice(colon + 1)) : undefined;
  } else {
    row = ctx.master.forSandbox(ref.exchange, ref.symbol);
  }
  if (!row?.sandbox) {
    const name = typeof ref === 'string' ? ref : `${ref.exchange}:${ref.symbol}`;
    throw new SymbolNotFoundError(`${name} is not an instrument the Angel simulator prices`, {
      broker: 'angel',
      field: 'symbol',
    });
  }
  return row;
}

export function createBackdoor({ ctx, server }: BackdoorParts): AngelSimulatorBackdoor {
  return {
    orders: () =>
      ctx.orders.allEntries().map((entry) => {
        const sandbox = entry.instrument.sandbox;
        return {
          orderId: entry.orderId,
          uniqueOrderId: entry.uniqueOrderId,
          tag: entry.tag,
          exchange: entry.instrument.scrip.exch_seg,
          tradingsymbol: entry.instrument.scrip.symbol,
          symboltoken: entry.instrument.scrip.token,
          ...(sandbox ? { instrument: { symbol: sandbox.symbol, exchange: sandbox.exchange } } : {}),
          quantity: entry.last?.quantity ?? 0,
          status: entry.status,
          history: entry.history.map((h) => h.status),
          engineStatus: entry.last?.status,
        };
      }),
    requests: () => server.requests,
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
    issueSession: () => ctx.sessions.openSession(),
    totpNow: () => totpCode(ctx.sessions.credentials.totpSecret, ctx.clock.now()),
    faults: server.faults,
    engine: ctx.engine,
    market: ctx.market,
  };
}
