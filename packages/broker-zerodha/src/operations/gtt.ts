import {
  type CallOptions,
  type Gtt,
  type GttAck,
  type GttModifyRequest,
  type GttRequest,
  isOpenAlgoError,
  OrderNotFoundError,
  parseOrThrow,
} from '@openalgo/core';
import { z } from 'zod';
import { type KiteContext, readCall } from '../context.js';
import { gttForm, KiteGttSchema, KiteTriggerIdSchema, mapGtt } from '../mapping/gtt.js';

/** GTT writes share Kite's order bucket: they are order-entry calls to the same OMS. */
const GTT_LIMITS = ['orders'] as const;

/** Kite trigger ids are digits; the id is spliced into the URL path, so nothing else may pass. */
const TriggerIdSchema = z
  .string({ error: 'must be a string' })
  .regex(/^[0-9]{1,25}$/, { error: 'must be a Kite trigger id (digits only)' });

function checkTriggerId(triggerId: string): string {
  return parseOrThrow(z.object({ triggerId: TriggerIdSchema }), { triggerId }, 'trigger id').triggerId;
}

/**
 * A 404 on the trigger's own URL, or Kite's "invalid trigger id", means Kite does not know the GTT:
 * ORDER_NOT_FOUND naming the trigger id.
 */
async function triggerScoped<T>(triggerId: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const unknown =
      isOpenAlgoError(err) && (err.raw?.status === 404 || /invalid trigger id/i.test(err.message));
    if (!unknown) throw err;
    throw new OrderNotFoundError(`GTT ${triggerId} was not found at Zerodha`, {
      field: 'triggerId',
      details: { triggerId },
      cause: err,
    });
  }
}

/** `POST /gtt/triggers`. The last price comes with the request (Kite judges the triggers against it). */
export async function placeGtt(
  ctx: KiteContext,
  request: GttRequest,
  options?: CallOptions,
): Promise<GttAck> {
  const row = ctx.symbols.resolveTradable(request);
  const data = await ctx.http.post('/gtt/triggers', KiteTriggerIdSchema, {
    body: { form: gttForm(request, row) },
    limits: GTT_LIMITS,
    signal: options?.signal,
    what: 'place GTT',
  });
  return { triggerId: String(data.trigger_id), raw: data };
}

/** `PUT /gtt/triggers/{id}`: Kite replaces the trigger's condition and orders whole. */
export async function modifyGtt(
  ctx: KiteContext,
  request: GttModifyRequest,
  options?: CallOptions,
): Promise<GttAck> {
  const id = checkTriggerId(request.triggerId);
  const row = ctx.symbols.resolveTradable(request);
  const data = await triggerScoped(id, () =>
    ctx.http.requestData({
      method: 'PUT',
      path: `/gtt/triggers/${id}`,
      body: { form: gttForm(request, row) },
      kind: 'write',
      limits: GTT_LIMITS,
      signal: options?.signal,
      schema: KiteTriggerIdSchema,
      what: 'modify GTT',
    }),
  );
  return { triggerId: String(data.trigger_id), raw: data };
}

/** `DELETE /gtt/triggers/{id}`. */
export async function cancelGtt(ctx: KiteContext, triggerId: string, options?: CallOptions): Promise<GttAck> {
  const id = checkTriggerId(triggerId);
  const data = await triggerScoped(id, () =>
    ctx.http.requestData({
      method: 'DELETE',
      path: `/gtt/triggers/${id}`,
      kind: 'write',
      limits: GTT_LIMITS,
      signal: options?.signal,
      schema: KiteTriggerIdSchema,
      what: 'cancel GTT',
    }),
  );
  return { triggerId: String(data.trigger_id), raw: data };
}

/** `GET /gtt/triggers`: every GTT Kite still lists, whatever its status. */
export async function getGtts(ctx: KiteContext, options?: CallOptions): Promise<Gtt[]> {
  const rows = await ctx.http.get('/gtt/triggers', z.array(KiteGttSchema), readCall(options, 'GTT book'));
  return rows.map((row) => mapGtt(row, ctx.symbols));
}
