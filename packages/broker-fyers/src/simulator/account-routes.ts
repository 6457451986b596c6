import type { PositionView } from '@openalgo/sandbox';
import type { Route } from '@openalgo/testkit/simulator';
import { authed, type FyersRouteContext } from './context.js';
import { badRequest, fyersOk } from './envelope.js';
import { SEGMENTS } from './fyers-symbols.js';
import { marginOf } from './margin.js';
import type { FyersInstrument } from './master.js';
import { ENGINE_TO_PRODUCT, jsonObject } from './order-form.js';
import { fundLimits, holdingRow, holdingsOverall, positionRow, positionsOverall } from './portfolio-json.js';

interface OpenPosition {
  view: PositionView;
  instrument: FyersInstrument;
}

async function positionsWithRows(ctx: FyersRouteContext): Promise<OpenPosition[]> {
  const out: OpenPosition[] = [];
  for (const view of await ctx.engine.positions()) {
    const instrument = ctx.master.forSandbox(view.record.exchange, view.record.symbol);
    if (instrument) out.push({ view, instrument });
  }
  return out;
}

function asList(value: unknown): unknown[] | undefined {
  if (value === undefined || value === null) return undefined;
  return Array.isArray(value) ? value : [value];
}

/**
 * Which open positions a `DELETE /api/v3/positions` body names (§3.4): `{id:"NSE:SBIN-EQ-INTRADAY"}`,
 * `{exit_all:1}`, `{segment:[10], side:[1,-1], productType:[…]}`, or `{pending_orders_cancel:1}`.
 */
function selectExits(body: Record<string, unknown>, open: readonly OpenPosition[]): OpenPosition[] {
  const idOf = (p: OpenPosition) => `${p.instrument.ticker}-${ENGINE_TO_PRODUCT[p.view.record.product]}`;
  if (typeof body.id === 'string' && body.id !== '') {
    const chosen = open.filter((p) => idOf(p) === body.id);
    if (chosen.length === 0) throw badRequest(-397, 'Position quantity is zero: nothing to exit');
    return chosen;
  }
  const segments = asList(body.segment)?.map(Number);
  const sides = asList(body.side)?.map(Number);
  const products = asList(body.productType)?.map(String);
  return open.filter((p) => {
    const side = p.view.quantity > 0 ? 1 : -1;
    return (
      (!segments || segments.includes(SEGMENTS[p.instrument.file].segment)) &&
      (!sides || sides.includes(side)) &&
      (!products || products.includes(ENGINE_TO_PRODUCT[p.view.record.product]))
    );
  });
}

/** Positions (and exit, convert), holdings, funds and the margin calculator. */
export function accountRoutes(ctx: FyersRouteContext): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/v3/positions',
      handler: authed(ctx, async () => {
        const rows = (await positionsWithRows(ctx)).map((p, i) => positionRow(p.view, p.instrument, i + 1));
        return fyersOk({ netPositions: rows, overall: positionsOverall(rows) });
      }),
    },
    {
      method: 'DELETE',
      path: '/api/v3/positions',
      handler: authed(ctx, async (req) => {
        const body = jsonObject(req);
        if (Number(body.pending_orders_cancel) === 1) {
          for (const order of await ctx.engine.orders()) {
            if (order.status === 'open' || order.status === 'trigger_pending')
              await ctx.engine.cancelOrder(order.orderId);
          }
        }
        const open = (await positionsWithRows(ctx)).filter((p) => p.view.quantity !== 0);
        const chosen = selectExits(body, open);
        if (chosen.length === 0) throw badRequest(-398, 'Looks like you have no open positions.');
        for (const { view, instrument } of chosen) {
          await ctx.engine.placeOrder({
            instrument: instrument.sandbox as NonNullable<FyersInstrument['sandbox']>,
            action: view.quantity > 0 ? 'SELL' : 'BUY',
            quantity: Math.abs(view.quantity),
            priceType: 'MARKET',
            product: view.record.product,
            price: 0,
            triggerPrice: 0,
          });
        }
        return fyersOk({}, 200, 'Positions exited successfully');
      }),
    },
    ...['POST', 'PUT'].map(
      (method): Route => ({
        method,
        path: '/api/v3/positions',
        // The sandbox engine has no product conversion; refused rather than faked.
        handler: authed(ctx, () => {
          throw badRequest(-99, 'Position conversion is not served by the Fyers simulator');
        }),
      }),
    ),
    {
      method: 'GET',
      path: '/api/v3/holdings',
      handler: authed(ctx, async () => {
        const views = await ctx.engine.holdings();
        const rows: Record<string, unknown>[] = [];
        for (const view of views) {
          const instrument = ctx.master.forSandbox(view.exchange, view.symbol);
          if (instrument) rows.push(holdingRow(view, instrument, rows.length + 1));
        }
        return fyersOk({ holdings: rows, overall: holdingsOverall(views) });
      }),
    },
    {
      method: 'GET',
      path: '/api/v3/funds',
      handler: authed(ctx, async () => fyersOk({ fund_limit: fundLimits(await ctx.engine.funds()) })),
    },
    {
      method: 'POST',
      path: '/api/v3/multiorder/margin',
      handler: authed(ctx, async (req) => fyersOk({ data: await marginOf(ctx, jsonObject(req)) })),
    },
  ];
}
