import type { Route } from '@openalgo/testkit/simulator';
import { answer, authed, type KiteRouteContext } from './context.js';
import { inputError, kiteSuccess } from './envelope.js';
import { kiteBasketMargin, kiteMargin, parseMarginLegs } from './margins.js';
import type { KiteInstrument } from './master.js';
import { formOf } from './order-form.js';
import { kiteHolding, kiteMargins, kitePosition } from './portfolio-json.js';

function closePrice(ctx: KiteRouteContext, instrument: KiteInstrument): number {
  return instrument.sandbox ? ctx.market.snapshotSync(instrument.sandbox).prevClose : 0;
}

function rowOf(ctx: KiteRouteContext, exchange: string, symbol: string): KiteInstrument | undefined {
  return ctx.master.forSandbox(exchange, symbol);
}

/** Session, profile, positions, holdings, funds and margins. */
export function accountRoutes(ctx: KiteRouteContext): Route[] {
  return [
    {
      method: 'POST',
      path: '/session/token',
      handler: (req) => answer(() => kiteSuccess(ctx.sessions.exchange(formOf(req.body)))),
    },
    {
      method: 'DELETE',
      path: '/session/token',
      handler: (req) =>
        answer(() => {
          // The same route invalidates a refresh token; none is ever issued here, and answering a
          // TokenException would fire a client's session-expiry hook over a live session.
          if (req.query.access_token === undefined && req.query.refresh_token !== undefined) {
            throw inputError('The simulator issues no refresh tokens.');
          }
          ctx.sessions.logout(req.query.api_key, req.query.access_token);
          return kiteSuccess(true);
        }),
    },
    {
      method: 'GET',
      path: '/user/profile',
      handler: authed(ctx, () => {
        const session = ctx.sessions.credentials;
        return kiteSuccess({
          user_id: session.userId,
          user_type: 'individual',
          email: `${session.userId.toLowerCase()}@kite-simulator.invalid`,
          user_name: 'Kite Simulator',
          user_shortname: 'Simulator',
          broker: 'ZERODHA',
          exchanges: ['BFO', 'MCX', 'NSE', 'CDS', 'BSE', 'BCD', 'MF', 'NFO'],
          products: ['CNC', 'NRML', 'MIS', 'BO', 'CO'],
          order_types: ['MARKET', 'LIMIT', 'SL', 'SL-M'],
          avatar_url: null,
          meta: { demat_consent: 'physical' },
        });
      }),
    },
    {
      method: 'GET',
      path: '/portfolio/positions',
      handler: authed(ctx, async () => {
        const net: unknown[] = [];
        const day: unknown[] = [];
        for (const view of await ctx.engine.positions()) {
          const instrument = rowOf(ctx, view.record.exchange, view.record.symbol);
          if (!instrument) continue;
          const close = closePrice(ctx, instrument);
          net.push(kitePosition(view, instrument, close, 'net'));
          if (view.record.dayBuyQuantity > 0 || view.record.daySellQuantity > 0) {
            day.push(kitePosition(view, instrument, close, 'day'));
          }
        }
        return kiteSuccess({ net, day });
      }),
    },
    {
      method: 'GET',
      path: '/portfolio/holdings',
      handler: authed(ctx, async () => {
        const rows: unknown[] = [];
        for (const view of await ctx.engine.holdings()) {
          const instrument = rowOf(ctx, view.exchange, view.symbol);
          if (instrument)
            rows.push(kiteHolding(view, instrument, closePrice(ctx, instrument), ctx.clock.now()));
        }
        return kiteSuccess(rows);
      }),
    },
    {
      method: 'GET',
      path: '/user/margins',
      handler: authed(ctx, async () => kiteSuccess(kiteMargins(await ctx.engine.funds()))),
    },
    {
      method: 'GET',
      path: '/user/margins/:segment',
      handler: authed(ctx, async (req) => {
        const segment = req.params.segment;
        if (segment !== 'equity' && segment !== 'commodity') throw inputError('Invalid segment.');
        return kiteSuccess(kiteMargins(await ctx.engine.funds())[segment]);
      }),
    },
    {
      method: 'POST',
      path: '/margins/orders',
      handler: authed(ctx, (req) => {
        const legs = parseMarginLegs(req.body, ctx.master);
        return kiteSuccess(legs.map((leg) => kiteMargin(leg, ctx.market, ctx.engine.settings.leverage)));
      }),
    },
    {
      method: 'POST',
      path: '/margins/basket',
      handler: authed(ctx, (req) => {
        const legs = parseMarginLegs(req.body, ctx.master);
        const margins = legs.map((leg) => kiteMargin(leg, ctx.market, ctx.engine.settings.leverage));
        return kiteSuccess(kiteBasketMargin(margins));
      }),
    },
  ];
}
