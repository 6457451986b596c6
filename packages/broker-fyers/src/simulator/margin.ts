import type { FyersRouteContext } from './context.js';
import { badRequest } from './envelope.js';
import { instrumentOf, PRODUCT_TO_ENGINE, TYPE_TO_PRICE_TYPE } from './order-form.js';

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/**
 * `POST /api/v3/multiorder/margin` `{data:[{symbol, qty, side, type, productType, limitPrice, stopPrice…}]}`
 * → `{margin_avail, margin_total, margin_new_order}` (brokers.md §3.4; no SPAN/exposure split). Each
 * leg is margined under the sandbox's rules (trade value ÷ leverage, MARKET at the touch) so the
 * figure agrees with what the engine then blocks. The leverage choice mirrors the sandbox's own
 * `basketMargin`, which the sandbox does not export.
 */
export async function marginOf(ctx: FyersRouteContext, body: Record<string, unknown>) {
  const legs = body.data;
  if (!Array.isArray(legs) || legs.length === 0)
    throw badRequest(-50, 'Invalid input: data must be a non-empty list');
  const leverage = ctx.engine.settings.leverage;
  let total = 0;
  for (const [i, raw] of legs.entries()) {
    if (typeof raw !== 'object' || raw === null)
      throw badRequest(-50, `Invalid input: data[${i}] is not an object`);
    const leg = raw as Record<string, unknown>;
    const instrument = instrumentOf(ctx.master, leg.symbol);
    const priceType = TYPE_TO_PRICE_TYPE[Number(leg.type)];
    if (!priceType) throw badRequest(-101, 'Invalid order type');
    const product = PRODUCT_TO_ENGINE[String(leg.productType)];
    if (!product) throw badRequest(-314, `Invalid productType: ${JSON.stringify(leg.productType)}`);
    const side = Number(leg.side);
    if (side !== 1 && side !== -1) throw badRequest(-313, 'Invalid side: use 1 (buy) or -1 (sell)');
    const qty = Number(leg.qty);
    if (!Number.isInteger(qty) || qty <= 0)
      throw badRequest(-310, 'Invalid qty: must be a whole number above 0');
    const snapshot = instrument.sandbox ? ctx.market.snapshotSync(instrument.sandbox) : undefined;
    const touch = snapshot
      ? side === 1
        ? snapshot.ask || snapshot.ltp
        : snapshot.bid || snapshot.ltp
      : instrument.lastPrice;
    const price =
      priceType === 'MARKET'
        ? touch
        : priceType === 'SL-M'
          ? Number(leg.stopPrice ?? 0)
          : Number(leg.limitPrice ?? 0);
    const kind = instrument.kind;
    const multiple =
      kind === 'future'
        ? leverage.futures
        : kind === 'option'
          ? side === 1
            ? leverage.optionBuy
            : leverage.optionSell
          : product === 'CNC'
            ? leverage.equityCnc
            : leverage.equityMis;
    total += (qty * price) / multiple;
  }
  const funds = await ctx.engine.funds();
  return { margin_avail: funds.availableCash, margin_total: round2(total), margin_new_order: round2(total) };
}
