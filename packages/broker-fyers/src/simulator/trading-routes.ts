import type { Route, SimulatorRequest } from '@openalgo/testkit/simulator';
import { authed, type FyersRouteContext } from './context.js';
import { badRequest, FyersApiError, fyersOk } from './envelope.js';
import { jsonObject, orderIdOf, parseModify, parsePlace } from './order-form.js';

/**
 * Orders through `/api/v3/orders/sync` (brokers.md §3.4, §3.10): POST places, PATCH modifies, DELETE
 * (JSON body) cancels; the books; the success codes 1101/1102/1103 [unverified] with the id. An order
 * the RMS rejects on arrival answers `{s:"error", code:-99, message:<reason>, id}` — Fyers' error
 * replies may carry the id (OpenAlgo keeps it) — and stays in the book as status 5.
 */
export function tradingRoutes(ctx: FyersRouteContext): Route[] {
  return [
    {
      method: 'POST',
      path: '/api/v3/orders/sync',
      handler: authed(ctx, async (req) => {
        const record = await ctx.orders.place(parsePlace(ctx.master, jsonObject(req)));
        if (record.status === 'rejected') {
          throw new FyersApiError(400, -99, record.statusMessage ?? 'Order rejected', { id: record.orderId });
        }
        return fyersOk(
          { id: record.orderId },
          1101,
          `Order submitted successfully. Your Order Ref. No.${record.orderId}`,
        );
      }),
    },
    {
      method: 'PATCH',
      path: '/api/v3/orders/sync',
      handler: authed(ctx, async (req) => {
        const record = await ctx.orders.modify(parseModify(jsonObject(req)));
        return fyersOk({ id: record.orderId }, 1102, 'Successfully modified order');
      }),
    },
    {
      method: 'DELETE',
      path: '/api/v3/orders/sync',
      handler: authed(ctx, async (req) => {
        const record = await ctx.orders.cancel(orderIdOf(jsonObject(req)));
        return fyersOk({ id: record.orderId }, 1103, 'Successfully cancelled order');
      }),
    },
    {
      method: 'GET',
      path: '/api/v3/orders',
      handler: authed(ctx, async (req: SimulatorRequest) => {
        const id = req.query.id;
        const tag = req.query.order_tag;
        const rows = await ctx.orders.orderRows({
          ...(id === undefined ? {} : { id }),
          ...(tag === undefined ? {} : { tag }),
        });
        if (id !== undefined && rows.length === 0) throw badRequest(-159, 'Invalid order number');
        return fyersOk({ orderBook: rows });
      }),
    },
    {
      method: 'GET',
      path: '/api/v3/tradebook',
      handler: authed(ctx, async (req) => {
        const tag = req.query.order_tag;
        return fyersOk({ tradeBook: await ctx.orders.tradeRows(tag === undefined ? {} : { tag }) });
      }),
    },
  ];
}
