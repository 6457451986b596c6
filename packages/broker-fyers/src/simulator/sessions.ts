import { createHash, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { type Clock, istParts, istToEpoch } from '@openalgo/core';
import type { FaultController } from '@openalgo/testkit/simulator';
import { authErrorFor, badRequest, FyersApiError } from './envelope.js';
import { signJwt } from './jwt.js';

/** What the simulator accepts: the app (id with its `-100` suffix, secret, redirect) and the user. */
export interface FyersCredentials {
  appId: string;
  secretKey: string;
  redirectUrl: string;
  userId: string;
  password: string;
  /** The 4-digit PIN `validate-refresh-token` checks. */
  pin: string;
}

/** Auth codes are single use and short-lived [unverified lifetime]. */
const AUTH_CODE_LIFETIME_MS = 5 * 60_000;
/** Refresh tokens last about 15 days (brokers.md §3.2, [unverified]). */
const REFRESH_LIFETIME_MS = 15 * 86_400_000;
/** Access tokens roll over at about 03:00 IST (OpenAlgo; the JWT `exp` says so exactly). */
const ROLLOVER_HOUR_IST = 3;

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function randomText(length: number, alphabet = UPPER_ALNUM): string {
  let out = '';
  for (const byte of randomBytes(length)) out += alphabet[byte % alphabet.length];
  return out;
}

/** `sha256_hex(app_id + ":" + secret)` (§3.2), written from Fyers' side. */
export function appIdHashOf(appId: string, secretKey: string): string {
  return createHash('sha256').update(`${appId}:${secretKey}`).digest('hex');
}

export function nextRollover(now: number): number {
  const p = istParts(now);
  const today = istToEpoch(p.year, p.month, p.day, ROLLOVER_HOUR_IST);
  return today > now ? today : istToEpoch(p.year, p.month, p.day + 1, ROLLOVER_HOUR_IST);
}

interface Issued {
  expiresAt: number;
  revoked: boolean;
}

interface AccessToken extends Issued {
  hsmKey: string;
}

/**
 * Auth codes, access and refresh tokens, and the check every authenticated call makes. Expiry
 * follows the simulator clock; `faults.expireTokensAt` (the kit's hook behind `expireSession`) kills
 * every access AND refresh token issued so far — the session is over and only a new login helps.
 */
export class FyersSessions {
  private readonly secret = randomBytes(32).toString('hex');
  private readonly authCodes = new Map<string, number>();
  private readonly accessTokens = new Map<string, AccessToken>();
  private readonly refreshTokens = new Map<string, Issued>();

  constructor(
    readonly credentials: FyersCredentials,
    private readonly clock: Clock,
    private readonly faults: FaultController,
  ) {}

  get appIdHash(): string {
    return appIdHashOf(this.credentials.appId, this.credentials.secretKey);
  }

  /** After a successful login form: the `auth_code` the redirect carries (a JWT, as at Fyers). */
  issueAuthCode(): string {
    const now = this.clock.now();
    const code = signJwt(
      {
        iss: 'api.login.fyers.in',
        iat: Math.floor(now / 1000),
        exp: Math.floor((now + AUTH_CODE_LIFETIME_MS) / 1000),
        sub: 'auth_code',
        app_id: this.credentials.appId.split('-')[0],
        nonce: randomBytes(8).toString('hex'),
      },
      this.secret,
    );
    this.authCodes.set(code, now + AUTH_CODE_LIFETIME_MS);
    return code;
  }

  /** `POST /api/v3/validate-authcode`: appIdHash, then a live unused code (−437 otherwise). */
  exchange(body: Readonly<Record<string, unknown>>): Record<string, unknown> {
    if (body.grant_type !== 'authorization_code') throw badRequest(-50, 'invalid grant_type');
    const code = body.code;
    if (typeof code !== 'string' || code === '') throw badRequest(-374, 'auth code is missing');
    if (body.appIdHash !== this.appIdHash) throw badRequest(-371, 'invalid appIdHash');
    const validUntil = this.authCodes.get(code);
    if (validUntil === undefined || this.clock.now() > validUntil) {
      throw badRequest(-437, 'invalid auth code');
    }
    this.authCodes.delete(code);
    return this.openSession();
  }

  /** A session without the login page: what `validate-authcode` answers. */
  openSession(): Record<string, unknown> {
    const now = this.clock.now();
    // A login after a forced expiry: the old tokens stay dead, the new ones work.
    if (this.faults.tokensExpired()) {
      for (const token of this.accessTokens.values()) token.revoked = true;
      for (const token of this.refreshTokens.values()) token.revoked = true;
      this.faults.restoreTokens();
    }
    const refreshToken = signJwt(
      { iss: 'api.fyers.in', iat: Math.floor(now / 1000), sub: 'refresh_token', jti: randomText(16) },
      this.secret,
    );
    this.refreshTokens.set(refreshToken, { expiresAt: now + REFRESH_LIFETIME_MS, revoked: false });
    return { access_token: this.mintAccessToken(now), refresh_token: refreshToken };
  }

  /**
   * `POST /api/v3/validate-refresh-token`: the refresh token and the user's PIN → a new access token.
   * A dead, unknown or revoked refresh token, or a wrong PIN, is −501 (§3.2).
   */
  refresh(body: Readonly<Record<string, unknown>>): Record<string, unknown> {
    if (body.grant_type !== 'refresh_token') throw badRequest(-50, 'invalid grant_type');
    if (body.appIdHash !== this.appIdHash) throw badRequest(-371, 'invalid appIdHash');
    const token =
      typeof body.refresh_token === 'string' ? this.refreshTokens.get(body.refresh_token) : undefined;
    const live =
      token && !token.revoked && this.clock.now() < token.expiresAt && !this.faults.tokensExpired();
    if (!live || String(body.pin ?? '') !== this.credentials.pin) {
      throw badRequest(-501, 'Please provide valid refresh token');
    }
    return { access_token: this.mintAccessToken(this.clock.now()) };
  }

  private mintAccessToken(now: number): string {
    const exp = nextRollover(now);
    const hsmKey = randomBytes(24).toString('hex');
    const token = signJwt(
      {
        iss: 'api.fyers.in',
        iat: Math.floor(now / 1000),
        exp: Math.floor(exp / 1000),
        nbf: Math.floor(now / 1000),
        aud: ['x:0', 'x:1', 'x:2', 'd:1', 'd:2'],
        sub: 'access_token',
        at_hash: randomText(24),
        display_name: 'FYERS SIMULATOR',
        oms: 'K1',
        hsm_key: hsmKey,
        isDdpiEnabled: 'N',
        isMtfEnabled: 'N',
        fy_id: this.credentials.userId,
        appType: 100,
        poa_flag: 'N',
      },
      this.secret,
    );
    this.accessTokens.set(token, { expiresAt: exp, revoked: false, hsmKey });
    return token;
  }

  /** True while the access token is live: issued here, not logged out, before `exp` and any forced expiry. */
  isValid(accessToken: string | undefined): boolean {
    const token = accessToken === undefined ? undefined : this.accessTokens.get(accessToken);
    if (!token || token.revoked) return false;
    return this.clock.now() < token.expiresAt && !this.faults.tokensExpired();
  }

  /** For the HSM socket: true when `hsmKey` belongs to a live access token. */
  isLiveHsmKey(hsmKey: string): boolean {
    for (const [token, issued] of this.accessTokens) if (issued.hsmKey === hsmKey) return this.isValid(token);
    return false;
  }

  /**
   * `Authorization: <app_id>:<access_token>` with a live token, else the path's auth error (−16 or −15,
   * HTTP 401). `bareTokenOk` also takes a token without the app id (the Python SDK's symbol-token call).
   */
  authorize(headers: IncomingHttpHeaders, path: string, bareTokenOk = false): string {
    const header = headers.authorization;
    const token = typeof header === 'string' ? this.tokenOf(header.trim(), bareTokenOk) : undefined;
    if (token === undefined || !this.isValid(token)) throw authErrorFor(path);
    return token;
  }

  private tokenOf(header: string, bareTokenOk: boolean): string | undefined {
    const colon = header.indexOf(':');
    if (colon < 0) return bareTokenOk ? header : undefined;
    return header.slice(0, colon) === this.credentials.appId ? header.slice(colon + 1) : undefined;
  }

  /** `POST /api/v3/logout`: the access token stops working at once. */
  logout(accessToken: string): void {
    const token = this.accessTokens.get(accessToken);
    if (token) token.revoked = true;
  }

  /** The login form's check. */
  checkPassword(userId: string | undefined, password: string | undefined): boolean {
    return (
      (userId ?? '').trim().toUpperCase() === this.credentials.userId.toUpperCase() &&
      password === this.credentials.password
    );
  }
}

export { FyersApiError };
