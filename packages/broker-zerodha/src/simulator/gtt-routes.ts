import type { Route } from '@openalgo/testkit/simulator';
import { authed, type KiteRouteContext } from './context.js';
import { kiteSuccess } from './envelope.js';
import { parseGttForm } from './gtt-form.js';
import { formOf } from './order-form.js';

/**
 * Kite's GTT API (docs/reference/brokers.md, GTT): place, list, one, modify, delete. Every answer is
 * Kite's envelope; a write answers `{trigger_id}`.
 */
export function gttRoutes(ctx: KiteRouteContext): Route[] {
  return [
    {
      method: 'POST',
      path: '/gtt/triggers',
      handler: authed(ctx, async (req) => {
        const params = parseGttForm(formOf(req.body), ctx.master);
        return kiteSuccess({ trigger_id: await ctx.gtts.place(params) });
      }),
    },
    {
      method: 'GET',
      path: '/gtt/triggers',
      handler: authed(ctx, () => kiteSuccess(ctx.gtts.list())),
    },
    {
      method: 'GET',
      path: '/gtt/triggers/:id',
      handler: authed(ctx, (req) => kiteSuccess(ctx.gtts.get(req.params.id ?? ''))),
    },
    {
      method: 'PUT',
      path: '/gtt/triggers/:id',
      handler: authed(ctx, async (req) => {
        const params = parseGttForm(formOf(req.body), ctx.master);
        return kiteSuccess({ trigger_id: await ctx.gtts.modify(req.params.id ?? '', params) });
      }),
    },
    {
      method: 'DELETE',
      path: '/gtt/triggers/:id',
      handler: authed(ctx, (req) => kiteSuccess({ trigger_id: ctx.gtts.delete(req.params.id ?? '') })),
    },
  ];
}
