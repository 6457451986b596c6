import type { Route } from '@openalgo/testkit/simulator';
import { answer, authed, type FyersRouteContext } from './context.js';
import { FyersApiError, fyersOk, LOGOUT_ERROR } from './envelope.js';
import { jsonObject } from './order-form.js';

/** The user's profile as `GET /api/v3/profile` shows it (brokers.md §3.2 field list). */
function profile(ctx: FyersRouteContext): Record<string, unknown> {
  const { userId } = ctx.sessions.credentials;
  return {
    fy_id: userId,
    name: 'FYERS SIMULATOR',
    image: null,
    display_name: 'Simulator',
    email_id: `${userId.toLowerCase()}@fyers-simulator.invalid`,
    PAN: 'AAAPZ1234C',
    pin_change_date: '01-01-2026 00:00:00',
    mobile_number: '9999999999',
    totp: true,
    pwd_change_date: '01-01-2026 00:00:00',
    pwd_to_expire: 90,
    ddpi_enabled: false,
    mtf_enabled: false,
  };
}

/** Token exchange and refresh (no Authorization header), profile and logout. */
export function authRoutes(ctx: FyersRouteContext): Route[] {
  return [
    {
      method: 'POST',
      path: '/api/v3/validate-authcode',
      handler: (req) => answer(() => fyersOk(ctx.sessions.exchange(jsonObject(req)))),
    },
    {
      method: 'POST',
      path: '/api/v3/validate-refresh-token',
      handler: (req) => answer(() => fyersOk(ctx.sessions.refresh(jsonObject(req)))),
    },
    {
      method: 'GET',
      path: '/api/v3/profile',
      handler: authed(ctx, () => fyersOk({ data: profile(ctx) })),
    },
    {
      method: 'POST',
      path: '/api/v3/logout',
      handler: (req) =>
        answer(() => {
          const header = req.headers.authorization;
          const colon = typeof header === 'string' ? header.indexOf(':') : -1;
          const token = colon > 0 ? (header as string).slice(colon + 1) : undefined;
          const app = colon > 0 ? (header as string).slice(0, colon) : undefined;
          if (app !== ctx.sessions.credentials.appId || !ctx.sessions.isValid(token)) {
            throw new FyersApiError(401, LOGOUT_ERROR.code, LOGOUT_ERROR.message);
          }
          ctx.sessions.logout(token as string);
          return fyersOk({}, 200, 'you are successfully logged out');
        }),
    },
  ];
}
