import { createHash, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { type Clock, istParts, istToEpoch } from '@openalgo/core';
import type { FaultController } from '@openalgo/testkit/simulator';
import { inputError, tokenError } from './envelope.js';
import { kiteDateTime } from './kite-time.js';

/** What the simulator accepts: the app's key and secret, and the user's login. */
export interface KiteCredentials {
  apiKey: string;
  apiSecret: string;
  userId: string;
  password: string;
}

/** Kite's request tokens are short-lived and single use. */
const REQUEST_TOKEN_LIFETIME_MS = 5 * 60_000;
const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** `length` random letters and digits (Kite's tokens look like this). */
export function randomToken(length: number, alphabet = ALPHANUMERIC): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

/** `sha256_hex(api_key + request_token + api_secret)`, written from Kite's side. */
export function sessionChecksum(apiKey: string, requestToken: string, apiSecret: string): string {
  return createHash('sha256').update(`${apiKey}${requestToken}${apiSecret}`).digest('hex');
}

/** Every access token dies at the next 06:00 IST (Kite's daily flush). */
export function nextSessionCutoff(now: number): number {
  const p = istParts(now);
  const today = istToEpoch(p.year, p.month, p.day, 6);
  return today > now ? today : istToEpoch(p.year, p.month, p.day + 1, 6);
}

interface AccessToken {
  expiresAt: number;
  revoked: boolean;
}

/**
 * Request tokens, access tokens and the checks every authenticated call makes. Expiry follows the
 * simulator clock; `faults.expireTokensAt` (the kit's hook, used by `expireSession`) kills every
 * token issued so far at once.
 */
export class KiteSessions {
  private readonly requestTokens = new Map<string, number>();
  private readonly accessTokens = new Map<string, AccessToken>();

  constructor(
    readonly credentials: KiteCredentials,
    private readonly clock: Clock,
    private readonly faults: FaultController,
  ) {}

  /** After a successful login form: the token the redirect carries. */
  issueRequestToken(): string {
    const token = randomToken(32);
    this.requestTokens.set(token, this.clock.now() + REQUEST_TOKEN_LIFETIME_MS);
    return token;
  }

  /** `POST /session/token`: checks key, request token and checksum, then opens a session. */
  exchange(form: Readonly<Record<string, string>>): Record<string, unknown> {
    const apiKey = form.api_key;
    const requestToken = form.request_token;
    const checksum = form.checksum;
    if (!apiKey) throw inputError('Missing `api_key`.');
    if (!requestToken) throw inputError('Missing `request_token`.');
    if (!checksum) throw inputError('Missing `checksum`.');
    if (apiKey !== this.credentials.apiKey) throw inputError('Invalid `api_key`.');
    const expected = sessionChecksum(apiKey, requestToken, this.credentials.apiSecret);
    if (checksum.toLowerCase() !== expected) throw tokenError('Invalid checksum');
    const validUntil = this.requestTokens.get(requestToken);
    if (validUntil === undefined || this.clock.now() > validUntil) {
      throw tokenError('Token is invalid or has expired.');
    }
    this.requestTokens.delete(requestToken);
    return this.openSession();
  }

  /** A session without the login page (the back door tests use to skip the browser). */
  openSession(): Record<string, unknown> {
    const now = this.clock.now();
    // A login after a forced expiry: the old tokens stay dead, the new one works.
    if (this.faults.tokensExpired()) {
      for (const token of this.accessTokens.values()) token.revoked = true;
      this.faults.restoreTokens();
    }
    const accessToken = randomToken(32);
    this.accessTokens.set(accessToken, { expiresAt: nextSessionCutoff(now), revoked: false });
    const { userId, apiKey } = this.credentials;
    return {
      user_type: 'individual',
      email: `${userId.toLowerCase()}@kite-simulator.invalid`,
      user_name: 'Kite Simulator',
      user_shortname: 'Simulator',
      broker: 'ZERODHA',
      exchanges: ['NSE', 'NFO', 'BFO', 'CDS', 'BSE', 'MCX', 'BCD', 'MF'],
      products: ['CNC', 'NRML', 'MIS', 'BO', 'CO'],
      order_types: ['MARKET', 'LIMIT', 'SL', 'SL-M'],
      avatar_url: null,
      user_id: userId,
      api_key: apiKey,
      access_token: accessToken,
      public_token: randomToken(32),
      enctoken: randomToken(64),
      refresh_token: '',
      silo: '',
      login_time: kiteDateTime(now),
      meta: { demat_consent: 'physical' },
    };
  }

  /** True while the token is live: issued here, not logged out, before its cutoff and any forced expiry. */
  isValid(apiKey: string | undefined, accessToken: string | undefined): boolean {
    if (apiKey !== this.credentials.apiKey || accessToken === undefined) return false;
    const token = this.accessTokens.get(accessToken);
    if (!token || token.revoked) return false;
    return this.clock.now() < token.expiresAt && !this.faults.tokensExpired();
  }

  /**
   * The check every authenticated route makes: `X-Kite-Version: 3` and
   * `Authorization: token api_key:access_token` with a live token; anything else is Kite's 403.
   */
  authorize(headers: IncomingHttpHeaders): string {
    if (headers['x-kite-version'] !== '3') {
      throw tokenError('Missing or invalid `X-Kite-Version` header: send `X-Kite-Version: 3`.');
    }
    const header = headers.authorization;
    const match = typeof header === 'string' ? /^token ([^:\s]+):(\S+)$/.exec(header) : null;
    if (!match || !this.isValid(match[1], match[2])) throw tokenError();
    return match[2] as string;
  }

  /** `DELETE /session/token`: the token stops working at once. */
  logout(apiKey: string | undefined, accessToken: string | undefined): void {
    if (!this.isValid(apiKey, accessToken)) throw tokenError();
    const token = this.accessTokens.get(accessToken as string);
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
