import { isOpenAlgoError } from '@openalgo/core';
import type { TradeRecord } from '@openalgo/sandbox';
import type { Route } from '@openalgo/testkit/simulator';
import { angelTimeOfDay } from './angel-time.js';
import { type AngelRouteContext, fieldsOf, SECURE_PREFIX, secureRoute } from './context.js';
import { angelSuccess, inputError } from './envelope.js';
import { ANGEL_PRODUCT, parseCancel, parseModify, parsePlace } from './order-form.js';
import { moneyText } from './order-rows.js';

const ORDER = `${SECURE_PREFIX}/order/v1`;

/** A trade-book row (§2.4 Trade): every value a string, `filltime` a bare time of day. */
function tradeJson(ctx: AngelRouteContext, trade: TradeRecord, orderId: string): Record<string, unknown> {
  const { instrument } = ctx.orders.entry(orderId);
  const option = instrument.kind === 'option';
  return {
    exchange: instrument.scrip.exch_seg,
    producttype: ANGEL_PRODUCT[trade.product],
    tradingsymbol: instrument.scrip.symbol,
    instrumenttype: instrument.scrip.instrumenttype,
    symbolgroup: instrument.kind === 'equity' ? 'EQ' : 'XX',
    strikeprice: option ? String(instrument.strike) : '-1',
    optiontype: option ? instrument.scrip.symbol.slice(-2) : '',
    expirydate: instrument.scrip.expiry,
    marketlot: instrument.scrip.lotsize,
    precision: instrument.scrip.exch_seg === 'CDS' ? '4' : '2',
    multiplier: '-1',
    tradevalue: moneyText(Math.round(trade.price * trade.quantity * 100) / 100),
    transactiontype: trade.action,
    fillprice: moneyText(trade.price),
    fillsize: String(trade.quantity),
    orderid: orderId,
    fillid: String(50_000_000 + trade.sequence),
    filltime: angelTimeOfDay(trade.at),
  };
}

/** An engine refusal at placement (not a recorded rejection) → Angel's AB1007 with the reason. */
async function engineCall<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isOpenAlgoError(error)) throw inputError(error.message);
    throw error;
  }
}

/** Orders and trades (§2.4): place, modify, cancel, the book, one order's details, trades. */
export function tradingRoutes(ctx: AngelRouteContext): Route[] {
  return [
    {
      method: 'POST',
      path: `${ORDER}/placeOrder`,
      handler: secureRoute(ctx, async (req) => {
        const params = parsePlace(fieldsOf(req.body), ctx.master);
        const entry = await engineCall(() => ctx.orders.place(params));
        return angelSuccess({
          script: entry.instrument.scrip.symbol,
          orderid: entry.orderId,
          uniqueorderid: entry.uniqueOrderId,
        });
      }),
    },
    {
      method: 'POST',
      path: `${ORDER}/modifyOrder`,
      handler: secureRoute(ctx, async (req) => {
        const params = parseModify(fieldsOf(req.body), ctx.master);
        const entry = await ctx.orders.modify(params);
        return angelSuccess({ orderid: entry.orderId, uniqueorderid: entry.uniqueOrderId });
      }),
    },
    {
      method: 'POST',
      path: `${ORDER}/cancelOrder`,
      handler: secureRoute(ctx, async (req) => {
        const { orderId } = parseCancel(fieldsOf(req.body));
        const entry = await ctx.orders.cancel(orderId);
        return angelSuccess({ orderid: entry.orderId, uniqueorderid: entry.uniqueOrderId });
      }),
    },
    {
      method: 'GET',
      path: `${ORDER}/getOrderBook`,
      handler: secureRoute(ctx, async () => {
        // Reading the engine first lets it catch up on time-based work (square-off, expiry).
        await ctx.engine.orders();
        const rows = ctx.orders.book();
        // An empty book is `data: null` at Angel (§2.4; OpenAlgo guards `data is None`).
        return angelSuccess(rows.length === 0 ? null : rows);
      }),
    },
    {
      method: 'GET',
      path: `${ORDER}/details/:uniqueOrderId`,
      handler: secureRoute(ctx, async (req) => {
        await ctx.engine.orders();
        return angelSuccess(ctx.orders.details(req.params.uniqueOrderId ?? ''));
      }),
    },
    {
      method: 'GET',
      path: `${ORDER}/getTradeBook`,
      handler: secureRoute(ctx, async () => {
        const rows: unknown[] = [];
        for (const trade of await ctx.engine.trades()) {
          const orderId = ctx.orders.angelIdOf(trade.orderId);
          if (orderId !== undefined) rows.push(tradeJson(ctx, trade, orderId));
        }
        return angelSuccess(rows.length === 0 ? null : rows);
      }),
    },
  ];
}
