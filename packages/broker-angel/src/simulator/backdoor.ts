import { type InstrumentRef, totpCode } from '@openalgo/core';
import { type SimulatorBackdoor, type SimulatorServer, simulatorBackdoor } from '@openalgo/testkit/simulator';
import type { AngelRouteContext } from './context.js';
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

/**
 * What a test (or a curious user) can see and do behind the API's back: the kit's back door (prices
 * pinned by OpenAlgo reference or Angel's `NSE:3045`; `expireSession` expires every jwt, refresh and
 * feed token) and Angel's own.
 */
export interface AngelSimulatorBackdoor extends SimulatorBackdoor {
  orders(): AngelBackdoorOrder[];
  /** Opens a session without a login; answers what `loginByPassword` would in `data`. */
  issueSession(): AngelTokens;
  /** The TOTP code the simulator accepts right now (its clock, the account's secret). */
  totpNow(): string;
}

export interface BackdoorParts {
  ctx: AngelRouteContext;
  server: SimulatorServer;
}

/** The sandbox instrument behind an OpenAlgo reference or Angel's `EXCHANGE:SYMBOLTOKEN`. */
function sandboxRefOf(ctx: AngelRouteContext, ref: InstrumentRef | string): InstrumentRef | undefined {
  if (typeof ref !== 'string') return ctx.master.forSandbox(ref.exchange, ref.symbol)?.sandbox;
  const colon = ref.indexOf(':');
  return colon > 0
    ? ctx.master.byExchangeToken(ref.slice(0, colon), ref.slice(colon + 1))?.sandbox
    : undefined;
}

export function createBackdoor({ ctx, server }: BackdoorParts): AngelSimulatorBackdoor {
  return {
    ...simulatorBackdoor({
      name: 'the Angel simulator',
      broker: 'angel',
      server,
      clock: ctx.clock,
      engine: ctx.engine,
      market: ctx.market,
      sandboxRef: (ref) => sandboxRefOf(ctx, ref),
    }),
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
    issueSession: () => ctx.sessions.openSession(),
    totpNow: () => totpCode(ctx.sessions.credentials.totpSecret, ctx.clock.now()),
  };
}
