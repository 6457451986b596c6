import { randomBytes } from 'node:crypto';
import { type Clock, verifyTotp } from '@openalgo/core';
import type { FaultController } from '@openalgo/testkit/simulator';
import { nextMidnightIst } from './angel-time.js';
import { AngelApiError, appError, inputError, invalidToken, tokenMissing } from './envelope.js';

/** What the simulated account accepts: the app's API key and the user's login (§2.2). */
export interface AngelCredentials {
  /** Sent as `X-PrivateKey` on every call. */
  apiKey: string;
  /** The client code (`A123456`-like), the login's `clientcode`. */
  clientCode: string;
  /** The trading PIN, sent as the login's `password`. */
  pin: string;
  /** Base32 secret the 6-digit `totp` codes are generated from (RFC 6238, 30 s). */
  totpSecret: string;
}

/** What a login or a refresh answers in `data` (§2.2). */
export interface AngelTokens {
  jwtToken: string;
  refreshToken: string;
  feedToken: string;
  state?: string;
}

interface Issued {
  expiresAt: number;
  revoked: boolean;
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** A JWT-shaped token (`eyJ…`): Angel's jwt, refresh and feed tokens all look like this. */
function jwtLike(payload: Record<string, unknown>): string {
  const signature = randomBytes(48).toString('base64url');
  return `${base64url({ alg: 'HS512' })}.${base64url(payload)}.${signature}`;
}

/** Strips an optional `Bearer ` (the JS SDK adds it on REST; socket clients send either form). */
export function bareToken(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  const token = header.replace(/^Bearer\s+/i, '').trim();
  return token === '' ? undefined : token;
}

function text(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  return value.trim();
}

/**
 * JWTs, refresh tokens and feed tokens of one simulated account. Every session ends at the next
 * midnight IST on the simulator clock (§2.2); `faults.expireTokensAt` (the kit's hook behind the
 * back door's `expireSession`) kills every token issued so far — jwt, refresh and feed — until the
 * next login.
 */
export class AngelSessions {
  private readonly jwts = new Map<string, Issued>();
  private readonly refreshTokens = new Map<string, Issued>();
  private readonly feedTokens = new Map<string, Issued>();
  private lastLoginAt: number | undefined;

  constructor(
    readonly credentials: AngelCredentials,
    private readonly clock: Clock,
    private readonly faults: FaultController,
  ) {}

  /** `loginByPassword`: client code + PIN + a TOTP code valid within ±1 step of the simulator clock. */
  login(body: Record<string, unknown>): AngelTokens {
    const clientCode = text(body, 'clientcode');
    const pin = text(body, 'password');
    const totp = text(body, 'totp');
    if (clientCode === undefined) throw inputError('Invalid clientcode: the field is required');
    if (pin === undefined) throw inputError('Invalid password: the field is required');
    if (totp === undefined) throw inputError('Invalid totp: the field is required');
    const { credentials } = this;
    if (clientCode.toUpperCase() !== credentials.clientCode.toUpperCase() || pin !== credentials.pin) {
      throw appError('AB1000', 'Invalid Email Or Password');
    }
    // AB1050 "Invalid totp" is undocumented but reported on Angel's forum (§2.6).
    if (!verifyTotp(credentials.totpSecret, totp, this.clock.now())) {
      throw appError('AB1050', 'Invalid totp');
    }
    const state = text(body, 'state');
    return { ...this.openSession(), ...(state === undefined ? {} : { state }) };
  }

  /** A session without a login (the back door, for tests that skip it). */
  openSession(): AngelTokens {
    // A login after a forced expiry: the old tokens stay dead, the new ones work.
    if (this.faults.tokensExpired()) {
      for (const map of [this.jwts, this.refreshTokens, this.feedTokens])
        for (const issued of map.values()) issued.revoked = true;
      this.faults.restoreTokens();
    }
    this.lastLoginAt = this.clock.now();
    return this.issue();
  }

  /** `generateTokens`: a live refresh token buys a new jwt, refresh and feed token (the old jwt stays). */
  refresh(body: Record<string, unknown>): AngelTokens {
    const token = text(body, 'refreshToken');
    const issued = token === undefined ? undefined : this.refreshTokens.get(token);
    if (!issued || issued.revoked) throw appError('AB8050', 'Invalid Refresh Token');
    if (!this.live(issued)) throw appError('AB8051', 'Expired Refresh Token');
    return this.issue();
  }

  /** The check on every secure route: `Authorization: Bearer <jwt>` with a live jwt. */
  authorize(header: string | string[] | undefined): string {
    if (header === undefined || header === '') throw tokenMissing();
    const jwt = bareToken(header);
    if (jwt === undefined || !this.isLiveJwt(jwt)) throw invalidToken();
    return jwt;
  }

  /** For the order socket, which tells an expired token (403) from an unknown one (401). */
  jwtState(jwt: string): 'live' | 'expired' | 'invalid' {
    const issued = this.jwts.get(jwt);
    if (!issued || issued.revoked) return 'invalid';
    return this.live(issued) ? 'live' : 'expired';
  }

  isLiveJwt(jwt: string): boolean {
    const issued = this.jwts.get(jwt);
    return issued !== undefined && !issued.revoked && this.live(issued);
  }

  isLiveFeedToken(feedToken: string): boolean {
    const issued = this.feedTokens.get(feedToken);
    return issued !== undefined && !issued.revoked && this.live(issued);
  }

  /** `logout` with the account's client code: the jwt stops working at once. */
  logout(jwt: string, body: Record<string, unknown>): void {
    const clientCode = text(body, 'clientcode');
    if (clientCode !== undefined && clientCode.toUpperCase() !== this.credentials.clientCode.toUpperCase()) {
      throw new AngelApiError('AB1007', 'Invalid clientcode: it does not own this session');
    }
    const issued = this.jwts.get(jwt);
    if (issued) issued.revoked = true;
  }

  /** When the account last logged in (the profile's `lastlogintime`). */
  lastLogin(): number | undefined {
    return this.lastLoginAt;
  }

  private live(issued: Issued): boolean {
    return this.clock.now() < issued.expiresAt && !this.faults.tokensExpired();
  }

  private issue(): AngelTokens {
    const now = this.clock.now();
    const expiresAt = nextMidnightIst(now);
    const claims = {
      username: this.credentials.clientCode,
      usertype: 'USER',
      iat: Math.floor(now / 1000),
      exp: Math.floor(expiresAt / 1000),
    };
    const jwtToken = jwtLike({ ...claims, token: randomBytes(16).toString('hex') });
    const refreshToken = jwtLike({
      ...claims,
      token: 'REFRESH-TOKEN',
      nonce: randomBytes(8).toString('hex'),
    });
    const feedToken = jwtLike({ ...claims, token: 'FEED-TOKEN', nonce: randomBytes(8).toString('hex') });
    this.jwts.set(jwtToken, { expiresAt, revoked: false });
    this.refreshTokens.set(refreshToken, { expiresAt, revoked: false });
    this.feedTokens.set(feedToken, { expiresAt, revoked: false });
    return { jwtToken, refreshToken, feedToken };
  }
}
