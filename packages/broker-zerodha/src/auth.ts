import { createHash } from 'node:crypto';
import {
  AuthFailedError,
  type BrokerAuth,
  type Clock,
  type HttpClient,
  istParts,
  istToEpoch,
  type RuntimeContext,
  type Session,
  SessionExpiredError,
} from '@openalgo/core';
import { z } from 'zod';
import { createKiteClient } from './client.js';
import type { ZerodhaConfig } from './config.js';
import { BROKER_ID, mapKiteLoginError } from './errors.js';
import { KiteSessionSchema } from './mapping/kite-types.js';

/** Kite invalidates every access token daily at about 06:00 IST (a regulatory flush). */
export const KITE_SESSION_CUTOFF_HOUR_IST = 6;

/** The first 06:00 IST strictly after `nowMs`. */
export function kiteSessionExpiry(nowMs: number): number {
  const p = istParts(nowMs);
  const today = istToEpoch(p.year, p.month, p.day, KITE_SESSION_CUTOFF_HOUR_IST);
  return today > nowMs ? today : istToEpoch(p.year, p.month, p.day + 1, KITE_SESSION_CUTOFF_HOUR_IST);
}

/** `sha256_hex(api_key + token + api_secret)`, plain concatenation (the token exchange and refresh). */
export function kiteChecksum(apiKey: string, token: string, apiSecret: string): string {
  return createHash('sha256')
    .update(apiKey + token + apiSecret)
    .digest('hex');
}

/**
 * Kite's login page with the app's api key. Kite redirects to the app's registered URL and appends
 * whatever `redirect_params` holds, so the server's CSRF `state` comes back next to the request token.
 */
export function kiteLoginUrl(config: ZerodhaConfig, state: string): string {
  const url = new URL(config.baseUrls.login);
  url.searchParams.set('v', '3');
  url.searchParams.set('api_key', config.apiKey);
  url.searchParams.set('redirect_params', new URLSearchParams({ state }).toString());
  return url.toString();
}

/**
 * Login calls run before the adapter exists, outside the contract boundary: their errors name the
 * broker themselves. Token exchanges are one-shot, so nothing here is retried.
 */
function authClient(config: ZerodhaConfig, runtime: RuntimeContext, accessToken?: string): HttpClient {
  return createKiteClient({
    config,
    http: runtime.http,
    clock: runtime.clock,
    logger: runtime.logger,
    mapError: mapKiteLoginError,
    retry: false,
    rateLimited: false,
    ...(accessToken === undefined ? {} : { accessToken }),
  });
}

async function withClient<T>(client: HttpClient, use: (client: HttpClient) => Promise<T>): Promise<T> {
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

function toSession(data: z.output<typeof KiteSessionSchema>, clock: Clock): Session {
  const session: Session = {
    broker: BROKER_ID,
    userId: data.user_id,
    accessToken: data.access_token,
    expiresAt: kiteSessionExpiry(clock.now()),
  };
  // Kite sends "" when the app is not approved for refresh tokens.
  if (data.refresh_token) session.refreshToken = data.refresh_token;
  const meta: Record<string, string> = {};
  if (data.user_name) meta.userName = data.user_name;
  if (data.login_time) meta.loginTime = data.login_time;
  if (Object.keys(meta).length > 0) session.meta = meta;
  return session;
}

const KiteRefreshSchema = z
  .object({ access_token: z.string().min(1), refresh_token: z.string().nullable().optional() })
  .loose();

const LoginParamsSchema = z.object({
  request_token: z.string({ error: 'is missing' }).trim().min(1, { error: 'is missing' }),
  status: z.string().optional(),
});

/** Kite Connect login (docs/reference/brokers.md §1.2): redirect → `request_token` → `POST /session/token`. */
export function createZerodhaAuth(config: ZerodhaConfig, runtime: RuntimeContext): BrokerAuth {
  return {
    loginUrl: (state) => kiteLoginUrl(config, state),

    async completeLogin(params) {
      const parsed = LoginParamsSchema.safeParse(params);
      if (params.status !== undefined && params.status !== 'success') {
        throw new AuthFailedError(`Zerodha login did not succeed (status "${params.status}"): log in again`, {
          broker: BROKER_ID,
        });
      }
      if (!parsed.success) {
        throw new AuthFailedError('Zerodha login callback has no request_token: log in again', {
          broker: BROKER_ID,
          field: 'request_token',
        });
      }
      const requestToken = parsed.data.request_token;
      const data = await withClient(authClient(config, runtime), (client) =>
        client.post('/session/token', KiteSessionSchema, {
          body: {
            form: {
              api_key: config.apiKey,
              request_token: requestToken,
              checksum: kiteChecksum(config.apiKey, requestToken, config.apiSecret),
            },
          },
          what: 'session token exchange',
        }),
      );
      return toSession(data, runtime.clock);
    },

    /** Only apps Zerodha approved for refresh tokens get one; others must log in again each day. */
    async refresh(session) {
      const refreshToken = session.refreshToken;
      if (!refreshToken) {
        throw new SessionExpiredError(
          'This Zerodha session cannot be renewed (no refresh token): log in again',
          {
            broker: BROKER_ID,
          },
        );
      }
      const data = await withClient(authClient(config, runtime), (client) =>
        client.post('/session/refresh_token', KiteRefreshSchema, {
          body: {
            form: {
              api_key: config.apiKey,
              refresh_token: refreshToken,
              checksum: kiteChecksum(config.apiKey, refreshToken, config.apiSecret),
            },
          },
          what: 'session refresh',
        }),
      );
      return {
        ...session,
        accessToken: data.access_token,
        refreshToken: data.refresh_token || refreshToken,
        expiresAt: kiteSessionExpiry(runtime.clock.now()),
      };
    },

    async logout(session) {
      await withClient(authClient(config, runtime, session.accessToken), (client) =>
        client.requestData({
          method: 'DELETE',
          path: '/session/token',
          query: { api_key: config.apiKey, access_token: session.accessToken },
          kind: 'write',
          schema: z.boolean(),
          what: 'logout',
        }),
      );
    },
  };
}
