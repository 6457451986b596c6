import type { Route } from '@openalgo/testkit/simulator';
import { angelDateTime } from './angel-time.js';
import {
  type AngelRouteContext,
  AUTH_PREFIX,
  fieldsOf,
  publicRoute,
  SECURE_PREFIX,
  secureRoute,
} from './context.js';
import { angelSuccess, appError } from './envelope.js';
import type { AngelInstrument } from './master.js';
import { holdingJson, holdingTotals, positionJson, rmsJson } from './portfolio-json.js';

function closePrice(ctx: AngelRouteContext, instrument: AngelInstrument): number {
  return instrument.sandbox ? ctx.market.snapshotSync(instrument.sandbox).prevClose : instrument.price;
}

async function holdingRows(ctx: AngelRouteContext): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  for (const view of await ctx.engine.holdings()) {
    const instrument = ctx.master.forSandbox(view.exchange, view.symbol);
    if (instrument) rows.push(holdingJson(view, instrument, closePrice(ctx, instrument)));
  }
  return rows;
}

/** Session (login, refresh, logout), profile, funds, positions and holdings (§2.2, §2.4). */
export function accountRoutes(ctx: AngelRouteContext): Route[] {
  return [
    {
      method: 'POST',
      path: `${AUTH_PREFIX}/user/v1/loginByPassword`,
      handler: publicRoute(ctx, (req) => angelSuccess(ctx.sessions.login(fieldsOf(req.body)))),
    },
    {
      method: 'POST',
      path: `${AUTH_PREFIX}/jwt/v1/generateTokens`,
      // Sent with the current jwt as `Authorization`; that jwt may have lapsed (that is when clients
      // refresh), so only the refresh token decides.
      handler: publicRoute(ctx, (req) => angelSuccess(ctx.sessions.refresh(fieldsOf(req.body)))),
    },
    {
      method: 'POST',
      path: `${SECURE_PREFIX}/user/v1/logout`,
      handler: secureRoute(ctx, (req, jwt) => {
        ctx.sessions.logout(jwt, fieldsOf(req.body));
        // The docs print `data: ""`; the SDK's mock `null` (§2.2).
        return angelSuccess('');
      }),
    },
    {
      method: 'GET',
      path: `${SECURE_PREFIX}/user/v1/getProfile`,
      handler: secureRoute(ctx, () => {
        const { clientCode } = ctx.sessions.credentials;
        const last = ctx.sessions.lastLogin();
        return angelSuccess({
          clientcode: clientCode,
          name: 'ANGEL SIMULATOR',
          email: `${clientCode.toLowerCase()}@angel-simulator.invalid`,
          mobileno: '',
          exchanges: ['NSE', 'BSE', 'NFO', 'BFO', 'CDS', 'MCX'],
          products: ['DELIVERY', 'INTRADAY', 'CARRYFORWARD', 'MARGIN', 'BO'],
          lastlogintime: last === undefined ? '' : angelDateTime(last),
          brokerid: 'B2C',
        });
      }),
    },
    {
      method: 'GET',
      path: `${SECURE_PREFIX}/user/v1/getRMS`,
      handler: secureRoute(ctx, async () => angelSuccess(rmsJson(await ctx.engine.funds()))),
    },
    {
      method: 'GET',
      path: `${SECURE_PREFIX}/order/v1/getPosition`,
      handler: secureRoute(ctx, async () => {
        const rows: unknown[] = [];
        for (const view of await ctx.engine.positions()) {
          const instrument = ctx.master.forSandbox(view.record.exchange, view.record.symbol);
          if (instrument) rows.push(positionJson(view, instrument));
        }
        return angelSuccess(rows.length === 0 ? null : rows);
      }),
    },
    {
      method: 'GET',
      path: `${SECURE_PREFIX}/portfolio/v1/getHolding`,
      handler: secureRoute(ctx, async () => {
        const rows = await holdingRows(ctx);
        // An empty demat answers the not-found code rather than an empty list (§2.6, §2.10).
        if (rows.length === 0) throw appError('AB1015', 'Holding not found');
        return angelSuccess(rows);
      }),
    },
    {
      method: 'GET',
      path: `${SECURE_PREFIX}/portfolio/v1/getAllHolding`,
      handler: secureRoute(ctx, async () => {
        const rows = await holdingRows(ctx);
        return angelSuccess({ holdings: rows, totalholding: holdingTotals(rows) });
      }),
    },
  ];
}
