import type { Route } from '@openalgo/testkit/simulator';
import { authed, type KiteRouteContext } from './context.js';
import { KiteApiError, kiteSuccess } from './envelope.js';
import type { KiteInstrument } from './master.js';
import { checkVariety, formOf, parseModifyForm, parsePlaceForm } from './order-form.js';
import { checkOrderTerms, type MarketView } from './order-rules.js';
import { kiteTrade } from './portfolio-json.js';
import { fromSnapshot, stillQuote } from './quote-json.js';

/** Kite's ambiguous answer when the OMS did not confirm in time: the order may well exist. */
export const ORDER_TIMEOUT_MESSAGE =
  'Order request timed out. Please check the order book for the order status before retrying.';

/** What the order rules read of the market now: the same figures the quote routes publish. */
function marketView(ctx: KiteRouteContext, instrument: KiteInstrument): MarketView {
  return instrument.sandbox
    ? fromSnapshot(ctx.market.snapshotSync(instrument.sandbox))
    : stillQuote(instrument, ctx.clock.now());
}

async function tradesJson(ctx: KiteRouteContext, onlyOrder?: string): Promise<unknown[]> {
  const trades = await ctx.engine.trades();
  const out: unknown[] = [];
  for (const trade of trades) {
    const orderId = ctx.orders.kiteIdOf(trade.orderId);
    if (orderId === undefined || (onlyOrder !== undefined && orderId !== onlyOrder)) continue;
    const entry = ctx.orders.entry(orderId);
    out.push(
      kiteTrade(trade, {
        instrument: entry.instrument,
        orderId,
        exchangeOrderId: entry.exchangeOrderId,
      }),
    );
  }
  return out;
}

/** Orders and trades (docs/reference/brokers.md §1.4): place, modify, cancel, the book, history rows, trades. */
export function tradingRoutes(ctx: KiteRouteContext): Route[] {
  return [
    {
      method: 'POST',
      path: '/orders/:variety',
      handler: authed(ctx, async (req) => {
        checkVariety(req.params.variety);
        const params = parsePlaceForm(formOf(req.body), ctx.master);
        checkOrderTerms(params, marketView(ctx, params.instrument));
        const orderId = await ctx.orders.place(params);
        if (ctx.orderTimeouts.left > 0) {
          ctx.orderTimeouts.left -= 1;
          throw new KiteApiError(400, 'InputException', ORDER_TIMEOUT_MESSAGE);
        }
        return kiteSuccess({ order_id: orderId });
      }),
    },
    {
      method: 'PUT',
      path: '/orders/:variety/:orderId',
      handler: authed(ctx, async (req) => {
        checkVariety(req.params.variety);
        const id = req.params.orderId ?? '';
        const params = parseModifyForm(formOf(req.body));
        const terms = ctx.orders.modifiedTerms(id, params);
        checkOrderTerms(terms, marketView(ctx, terms.instrument));
        const orderId = await ctx.orders.modify(id, params);
        return kiteSuccess({ order_id: orderId });
      }),
    },
    {
      method: 'DELETE',
      path: '/orders/:variety/:orderId',
      handler: authed(ctx, async (req) => {
        checkVariety(req.params.variety);
        const orderId = await ctx.orders.cancel(req.params.orderId ?? '');
        return kiteSuccess({ order_id: orderId });
      }),
    },
    {
      method: 'GET',
      path: '/orders',
      handler: authed(ctx, async () => {
        // Reading the book first lets the engine catch up on time-based work (square-off, expiry).
        await ctx.engine.orders();
        return kiteSuccess(ctx.orders.orders());
      }),
    },
    {
      method: 'GET',
      path: '/orders/:orderId',
      handler: authed(ctx, async (req) => {
        await ctx.engine.orders();
        return kiteSuccess(ctx.orders.history(req.params.orderId ?? ''));
      }),
    },
    {
      method: 'GET',
      path: '/orders/:orderId/trades',
      handler: authed(ctx, async (req) => {
        const orderId = req.params.orderId ?? '';
        ctx.orders.entry(orderId);
        return kiteSuccess(await tradesJson(ctx, orderId));
      }),
    },
    {
      method: 'GET',
      path: '/trades',
      handler: authed(ctx, async () => kiteSuccess(await tradesJson(ctx))),
    },
  ];
}
