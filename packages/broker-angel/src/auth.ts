import {
  AuthFailedError,
  type BrokerAuth,
  type BrokerFailure,
  base32Decode,
  type ErrorMapper,
  type HttpClient,
  isOpenAlgoError,
  istParts,
  istToEpoch,
  type OpenAlgoError,
  REDACTED,
  type RuntimeContext,
  type Session,
  SessionExpiredError,
  totpCode,
} from '@openalgo/core';
import { z } from 'zod';
import { AUTH_PREFIX, createAngelClient, SECURE_PREFIX } from './client.js';
import type { AngelConfig } from './config.js';
import { BROKER_ID, mapAngelLoginError } from './errors.js';

export const LOGIN_PATH = `${AUTH_PREFIX}/user/v1/loginByPassword`;
export const REFRESH_PATH = `${AUTH_PREFIX}/jwt/v1/generateTokens`;
export const LOGOUT_PATH = `${SECURE_PREFIX}/user/v1/logout`;

/** An Angel session lasts until midnight IST (§2.2): the first 00:00 IST strictly after `nowMs`. */
export function angelSessionExpiry(nowMs: number): number {
  const p = istParts(nowMs);
  return istToEpoch(p.year, p.month, p.day + 1, 0);
}

/** `data` of loginByPassword and generateTokens (§2.2). */
const TokensSchema = z
  .object({
    jwtToken: z.string().min(1),
    refreshToken: z.string().nullable().optional(),
    feedToken: z.string().nullable().optional(),
  })
  .loose();
type Tokens = z.output<typeof TokensSchema>;

/** The wire JWT is raw; the Python SDK's habit of prefixing `Bearer ` must not end up doubled. */
function bareJwt(token: string): string {
  return token.replace(/^Bearer\s+/i, '');
}

function field(params: Readonly<Record<string, string>>, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = params[name]?.trim();
    if (value) return value;
  }
  return undefined;
}

function refused(message: string, fieldName: string): OpenAlgoError {
  return new AuthFailedError(message, { broker: BROKER_ID, field: fieldName });
}

/** The opt-in TOTP secret, normalised; a value that is not base32 is refused naming the field. */
function totpSecretOf(params: Readonly<Record<string, string>>): string | undefined {
  const secret = field(params, 'totpSecret', 'rememberTotpSecret');
  if (secret === undefined) return undefined;
  const clean = secret.toUpperCase().replace(/[\s=-]/g, '');
  let bytes = 0;
  try {
    bytes = base32Decode(clean).length;
  } catch {
    bytes = 0;
  }
  if (bytes < 10) {
    throw refused(
      'The TOTP secret must be the base32 key of your authenticator entry (A–Z, 2–7)',
      'totpSecret',
    );
  }
  return clean;
}

export interface LoginFields {
  clientCode: string;
  pin: string;
  totp: string;
}

/**
 * Login calls run before the adapter exists, outside the contract boundary: their errors name the broker
 * themselves, and nothing is retried (a TOTP code is single-use at Angel's end).
 */
function authClient(
  config: AngelConfig,
  runtime: RuntimeContext,
  accessToken?: string,
  mapError: ErrorMapper = mapAngelLoginError,
): HttpClient {
  return createAngelClient({
    config,
    http: runtime.http,
    clock: runtime.clock,
    logger: runtime.logger,
    mapError,
    retry: false,
    rateLimited: false,
    ...(accessToken === undefined ? {} : { accessToken }),
  });
}

/**
 * Core scrubs echoed secrets of 6+ characters from error messages, but leaves shorter ones alone (they would
 * take innocent digits with them). A trading PIN is 4 digits, so the login's mapper removes it itself,
 * only where it stands as a number of its own.
 */
function scrubbingPin(pin: string): ErrorMapper {
  const standalone = new RegExp(
    `(?<![0-9A-Za-z])${pin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![0-9A-Za-z])`,
    'g',
  );
  const clean = (failure: BrokerFailure): BrokerFailure =>
    failure.message === undefined
      ? failure
      : { ...failure, message: failure.message.replace(standalone, REDACTED) };
  return Object.assign((failure: BrokerFailure) => mapAngelLoginError(clean(failure)), {
    target: (failure: BrokerFailure) => mapAngelLoginError.target(clean(failure)),
  });
}

async function withClient<T>(client: HttpClient, use: (client: HttpClient) => Promise<T>): Promise<T> {
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

/** Angel One SmartAPI login (brokers.md §2.2): client code + trading PIN + TOTP → JWT, refresh and feed tokens. */
export function createAngelAuth(config: AngelConfig, runtime: RuntimeContext): BrokerAuth {
  const { clock } = runtime;

  async function loginByPassword(fields: LoginFields): Promise<Tokens> {
    return withClient(authClient(config, runtime, undefined, scrubbingPin(fields.pin)), (client) =>
      client.post(LOGIN_PATH, TokensSchema, {
        body: { json: { clientcode: fields.clientCode, password: fields.pin, totp: fields.totp } },
        what: 'login',
      }),
    );
  }

  function toSession(clientCode: string, tokens: Tokens, loginSecrets?: Record<string, string>): Session {
    const session: Session = {
      broker: BROKER_ID,
      userId: clientCode,
      accessToken: bareJwt(tokens.jwtToken),
      expiresAt: angelSessionExpiry(clock.now()),
    };
    if (tokens.refreshToken) session.refreshToken = tokens.refreshToken;
    if (tokens.feedToken) session.feedToken = tokens.feedToken;
    if (loginSecrets) session.loginSecrets = loginSecrets;
    return session;
  }

  /** A fresh login from the secrets the user chose to keep with the session. */
  async function loginAgain(session: Session): Promise<Session> {
    const pin = session.loginSecrets?.pin;
    const totpSecret = session.loginSecrets?.totpSecret;
    if (!pin || !totpSecret) {
      throw new SessionExpiredError('This Angel session has ended and cannot be renewed: log in again', {
        broker: BROKER_ID,
      });
    }
    const totp = totpCode(totpSecret, clock.now());
    const tokens = await loginByPassword({ clientCode: session.userId, pin, totp });
    runtime.logger.info(
      { broker: BROKER_ID, userId: session.userId },
      'logged in again with the stored TOTP secret',
    );
    return toSession(session.userId, tokens, { pin, totpSecret });
  }

  return {
    async completeLogin(params) {
      const clientCode = field(params, 'clientCode', 'clientcode') ?? config.clientCode;
      if (!clientCode) throw refused('Angel login needs your client code', 'clientCode');
      const pin = field(params, 'pin', 'password');
      if (!pin) throw refused('Angel login needs your trading PIN', 'pin');
      const totpSecret = totpSecretOf(params);
      // Authenticator apps show the code as "123 456"; the spaces are not part of it.
      const typed = field(params, 'totp')?.replace(/\s+/g, '');
      const totp = typed || (totpSecret ? totpCode(totpSecret, clock.now()) : undefined);
      if (!totp || !/^\d{6}$/.test(totp)) {
        throw refused('Angel login needs the 6-digit TOTP code from your authenticator app', 'totp');
      }
      const tokens = await loginByPassword({ clientCode, pin, totp });
      return toSession(clientCode, tokens, totpSecret ? { pin, totpSecret } : undefined);
    },

    /**
     * `generateTokens` with the refresh token (sent under the current JWT, as the SDK does). When Angel
     * refuses it (expired after midnight, AB8050/AB8051, AG8001) and the user opted in to keeping the PIN
     * and TOTP secret, logs in again with a fresh code instead. Transient failures are passed on.
     */
    async refresh(session) {
      const refreshToken = session.refreshToken;
      if (!refreshToken) return loginAgain(session);
      try {
        const tokens = await withClient(authClient(config, runtime, session.accessToken), (client) =>
          client.post(REFRESH_PATH, TokensSchema, {
            body: { json: { refreshToken } },
            what: 'token refresh',
          }),
        );
        return {
          ...session,
          accessToken: bareJwt(tokens.jwtToken),
          refreshToken: tokens.refreshToken || refreshToken,
          ...(tokens.feedToken || session.feedToken
            ? { feedToken: tokens.feedToken || (session.feedToken as string) }
            : {}),
          expiresAt: angelSessionExpiry(clock.now()),
        };
      } catch (err) {
        const refusedToken =
          isOpenAlgoError(err) && (err.code === 'AUTH_FAILED' || err.code === 'SESSION_EXPIRED');
        if (refusedToken && session.loginSecrets) return loginAgain(session);
        throw err;
      }
    },

    async logout(session) {
      await withClient(
        createAngelClient({
          config,
          http: runtime.http,
          clock,
          logger: runtime.logger,
          accessToken: session.accessToken,
          retry: false,
          rateLimited: false,
        }),
        (client) =>
          client.post(LOGOUT_PATH, z.unknown(), {
            body: { json: { clientcode: session.userId } },
            what: 'logout',
          }),
      );
    },
  };
}
