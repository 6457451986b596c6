import { createHash } from 'node:crypto';
import {
  AuthFailedError,
  type BrokerAuth,
  type HttpClient,
  InvalidRequestError,
  isOpenAlgoError,
  istParts,
  istToEpoch,
  type Logger,
  type OpenAlgoError,
  type RuntimeContext,
  type Session,
  SessionExpiredError,
} from '@openalgo/core';
import { z } from 'zod';
import { createFyersClient } from './client.js';
import type { FyersConfig } from './config.js';
import { BROKER_ID, mapFyersLoginError } from './errors.js';

/** `sha256_hex(app_id + ":" + secret)`, app id with its suffix (brokers.md §3.2; JS, Python and Go SDKs). */
export function fyersAppIdHash(appId: string, secretKey: string): string {
  return createHash('sha256').update(`${appId}:${secretKey}`).digest('hex');
}

/**
 * The claims of a JWT, decoded without checking the signature (the SDKs do the same to read `exp` and
 * `hsm_key`, brokers.md §3.2): Fyers signs the token for itself, we only read when it runs out.
 * Undefined when the text is not a JWT with a JSON object payload.
 */
export function decodeJwtClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const json: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return typeof json === 'object' && json !== null && !Array.isArray(json)
      ? (json as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Fyers access tokens roll over daily at about 03:00 IST [OA]; used only when the JWT has no `exp`. */
export const FYERS_ROLLOVER_HOUR_IST = 3;

function nextRollover(nowMs: number): number {
  const p = istParts(nowMs);
  const today = istToEpoch(p.year, p.month, p.day, FYERS_ROLLOVER_HOUR_IST);
  return today > nowMs ? today : istToEpoch(p.year, p.month, p.day + 1, FYERS_ROLLOVER_HOUR_IST);
}

/** Epoch ms when the access token expires: its JWT `exp` (seconds), else the next 03:00 IST rollover. */
export function fyersTokenExpiry(accessToken: string, nowMs: number, logger?: Logger): number {
  const exp = decodeJwtClaims(accessToken)?.exp;
  if (typeof exp === 'number' && Number.isFinite(exp) && exp > 0) return Math.floor(exp) * 1000;
  logger?.warn({ broker: BROKER_ID }, 'access token carries no JWT exp: assuming the 03:00 IST rollover');
  return nextRollover(nowMs);
}

/**
 * Fyers' login page with the app id, redirect URL and the server's CSRF state. Intended difference
 * from the JS SDK, which pastes `redirect_uri` in unencoded: every value here is URL-encoded (as the
 * Python SDK does), so a redirect URL with its own query cannot bleed into this one.
 */
export function fyersLoginUrl(config: FyersConfig, state: string): string {
  const url = new URL(config.baseUrls.login);
  url.searchParams.set('client_id', config.appId);
  url.searchParams.set('redirect_uri', config.redirectUrl);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('state', state);
  return url.toString();
}

const TokenReplySchema = z
  .object({
    access_token: z.string().min(1, { error: 'is empty' }),
    refresh_token: z.string().nullable().optional(),
  })
  .loose();

const ProfileSchema = z
  .object({ data: z.object({ fy_id: z.string().min(1), name: z.string().optional() }).loose() })
  .loose();

const LogoutSchema = z.object({}).loose();

const CallbackSchema = z.object({
  auth_code: z.string({ error: 'is missing' }).trim().min(1, { error: 'is missing' }),
  // The user's PIN from the server's login form (perLogin field); digits only at Fyers.
  pin: z
    .string()
    .trim()
    .regex(/^\d{4,8}$/, { error: 'must be 4 to 8 digits' })
    .optional(),
});

/** The token exchanges are one-shot and run outside the contract boundary: nothing here is retried. */
function authClient(config: FyersConfig, runtime: RuntimeContext, accessToken?: string): HttpClient {
  return createFyersClient({
    config,
    http: runtime.http,
    clock: runtime.clock,
    logger: runtime.logger,
    mapError: mapFyersLoginError,
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

/**
 * A JSON body sent as prepared text: the bytes are what the SDK sends (`JSON.stringify` of the same
 * object), but the request log shows only its size — the auth code travels under the innocent key `code`,
 * which key-based redaction would not hide.
 */
function opaqueJson(value: unknown) {
  return { text: JSON.stringify(value), contentType: 'application/json' };
}

function fail(message: string, field?: string): OpenAlgoError {
  return new AuthFailedError(message, { broker: BROKER_ID, ...(field ? { field } : {}) });
}

/** Fyers API v3 login (brokers.md §3.2): redirect → `auth_code` → `validate-authcode` (+ refresh, logout). */
export function createFyersAuth(config: FyersConfig, runtime: RuntimeContext): BrokerAuth {
  const appIdHash = () => fyersAppIdHash(config.appId, config.secretKey);
  const logger = runtime.logger.child({ broker: BROKER_ID });

  /** The Fyers client id: in the access token's claims (`fy_id`), else from the profile. */
  async function userIdFor(accessToken: string): Promise<string> {
    const fyId = decodeJwtClaims(accessToken)?.fy_id;
    if (typeof fyId === 'string' && fyId.trim()) return fyId.trim();
    const profile = await withClient(authClient(config, runtime, accessToken), (client) =>
      client.get('/profile', ProfileSchema, { what: 'profile' }),
    );
    return profile.data.fy_id;
  }

  return {
    loginUrl: (state) => fyersLoginUrl(config, state),

    async completeLogin(params) {
      // The redirect may say the login failed (`s=error`) before any code is looked at [unverified].
      if (params.s !== undefined && params.s.toLowerCase() !== 'ok') {
        throw fail(`Fyers login did not succeed (s "${params.s}"): log in again`);
      }
      const parsed = CallbackSchema.safeParse(params);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = String(issue?.path[0] ?? 'auth_code');
        if (field === 'pin') {
          throw new InvalidRequestError(`Fyers PIN ${issue?.message ?? 'is malformed'}`, {
            broker: BROKER_ID,
            field: 'pin',
          });
        }
        throw fail('Fyers login callback has no auth_code: log in again', 'auth_code');
      }
      const { auth_code: authCode, pin } = parsed.data;
      const reply = await withClient(authClient(config, runtime), (client) =>
        client.post('/validate-authcode', TokenReplySchema, {
          body: opaqueJson({ grant_type: 'authorization_code', appIdHash: appIdHash(), code: authCode }),
          what: 'auth code exchange',
        }),
      );
      const session: Session = {
        broker: BROKER_ID,
        userId: await userIdFor(reply.access_token),
        accessToken: reply.access_token,
        expiresAt: fyersTokenExpiry(reply.access_token, runtime.clock.now(), logger),
      };
      if (reply.refresh_token) session.refreshToken = reply.refresh_token;
      if (pin !== undefined) session.loginSecrets = { pin };
      return session;
    },

    /**
     * `validate-refresh-token` with the refresh token and the user's PIN (brokers.md §3.2; only the Go SDK
     * implements it). Without both, or when Fyers refuses them, the user must log in again.
     */
    async refresh(session) {
      const refreshToken = session.refreshToken;
      const pin = session.loginSecrets?.pin;
      if (!refreshToken || !pin) {
        throw new SessionExpiredError(
          `This Fyers session cannot be renewed (${refreshToken ? 'no PIN kept with it' : 'no refresh token'}): log in again`,
          { broker: BROKER_ID },
        );
      }
      const reply = await withClient(authClient(config, runtime), (client) =>
        client.post('/validate-refresh-token', TokenReplySchema, {
          body: opaqueJson({
            grant_type: 'refresh_token',
            appIdHash: appIdHash(),
            refresh_token: refreshToken,
            pin,
          }),
          what: 'session refresh',
        }),
      );
      return {
        ...session,
        accessToken: reply.access_token,
        refreshToken: reply.refresh_token || refreshToken,
        expiresAt: fyersTokenExpiry(reply.access_token, runtime.clock.now(), logger),
      };
    },

    /** `POST /logout` without a body, as the SDK sends it. A token Fyers already refuses is logged out. */
    async logout(session) {
      try {
        await withClient(authClient(config, runtime, session.accessToken), (client) =>
          client.post('/logout', LogoutSchema, { what: 'logout' }),
        );
      } catch (err) {
        if (isOpenAlgoError(err, 'AUTH_FAILED')) {
          logger.info({ code: err.raw?.code }, 'logout: Fyers no longer accepts the token');
          return;
        }
        throw err;
      }
    },
  };
}
