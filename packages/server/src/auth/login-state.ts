import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '@openalgo/core';

export const LOGIN_STATE_COOKIE = 'oa_login_state';
export const LOGIN_STATE_TTL_MS = 10 * 60_000;

/**
 * Pending logins per client address: a new one beyond it replaces that address's oldest, so one
 * address (a browser retrying, or a script) only ever evicts its own.
 */
export const MAX_PENDING_PER_ADDRESS = 5;
/**
 * Pending logins in all: bounds memory. When full, a new login is refused (429) rather than
 * evicting anyone else's: 1,001 anonymous hits must not cancel a real user's login in progress.
 */
export const MAX_PENDING = 1000;

/** The page text for a login refused because too many are pending. */
export const TOO_MANY_LOGINS =
  'Too many logins are in progress on this server; try again in a few minutes, or finish one already open.';

interface Pending {
  broker: string;
  /** The client address that started it (the TCP peer), for the per-address cap. */
  address: string;
  expiresAt: number;
  /** Fields the user typed before a redirect login (Fyers' PIN), handed to the broker at the callback. */
  fields?: Readonly<Record<string, string>>;
}

export type StateCheck =
  | { ok: true; fields: Readonly<Record<string, string>> }
  | { ok: false; reason: 'missing' | 'mismatch' | 'unknown' | 'expired' | 'wrong_broker' };

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The CSRF `state` of broker logins (OAuth-style): random, single-use, short-lived, bound to the
 * broker it was issued for, and mirrored in an HttpOnly cookie so the callback must come from the
 * same browser that started the login — a forged callback link carries a state the victim's
 * browser never got.
 */
export class LoginStates {
  private readonly pending = new Map<string, Pending>();
  /** Each address's pending states, oldest first. */
  private readonly byAddress = new Map<string, Set<string>>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = LOGIN_STATE_TTL_MS,
    private readonly limits = { perAddress: MAX_PENDING_PER_ADDRESS, total: MAX_PENDING },
  ) {}

  /**
   * A new state for a login from `address`, or undefined when the server holds `limits.total`
   * pending logins already (the caller answers 429). Past `limits.perAddress`, the address's own
   * oldest pending login is dropped.
   */
  issue(broker: string, address: string): string | undefined {
    this.sweep();
    const own = this.byAddress.get(address);
    while (own && own.size >= this.limits.perAddress) {
      const oldest = own.values().next().value;
      if (oldest === undefined) break;
      this.drop(oldest);
    }
    if (this.pending.size >= this.limits.total) return undefined;
    const state = randomBytes(24).toString('base64url');
    this.pending.set(state, { broker, address, expiresAt: this.clock.now() + this.ttlMs });
    const states = this.byAddress.get(address) ?? new Set<string>();
    states.add(state);
    this.byAddress.set(address, states);
    return state;
  }

  /** Pending logins held (for tests of the caps). */
  get size(): number {
    return this.pending.size;
  }

  /** Checks the state from the callback against the cookie and consumes it (even when it fails). */
  consume(broker: string, fromRequest: string | undefined, fromCookie: string | undefined): StateCheck {
    const { problem, entry } = this.find(broker, fromRequest, fromCookie);
    if (fromRequest && entry) this.drop(fromRequest);
    if (problem || !entry) return { ok: false, reason: problem ?? 'unknown' };
    return { ok: true, fields: entry.fields ?? {} };
  }

  /**
   * Keeps the fields a user typed before being sent to a redirect broker's login page with this state,
   * after the same checks as the callback (same browser, live, this broker); the state stays pending.
   * Held in memory only, for the state's few minutes, and given to the broker once at the callback.
   */
  attach(
    broker: string,
    fromRequest: string | undefined,
    fromCookie: string | undefined,
    fields: Readonly<Record<string, string>>,
  ): StateCheck {
    const { problem, entry } = this.find(broker, fromRequest, fromCookie);
    if (problem || !entry) {
      if (fromRequest && entry) this.drop(fromRequest);
      return { ok: false, reason: problem ?? 'unknown' };
    }
    entry.fields = { ...fields };
    return { ok: true, fields: entry.fields };
  }

  private find(
    broker: string,
    fromRequest: string | undefined,
    fromCookie: string | undefined,
  ): { problem?: Exclude<StateCheck, { ok: true }>['reason']; entry?: Pending } {
    if (!fromRequest || !fromCookie) return { problem: 'missing' };
    if (!sameText(fromRequest, fromCookie)) return { problem: 'mismatch' };
    const entry = this.pending.get(fromRequest);
    if (!entry) return { problem: 'unknown' };
    if (entry.expiresAt <= this.clock.now()) return { problem: 'expired', entry };
    if (entry.broker !== broker) return { problem: 'wrong_broker', entry };
    return { entry };
  }

  private sweep(): void {
    const now = this.clock.now();
    for (const [state, entry] of this.pending) if (entry.expiresAt <= now) this.drop(state);
  }

  private drop(state: string): void {
    const entry = this.pending.get(state);
    if (!entry) return;
    this.pending.delete(state);
    const states = this.byAddress.get(entry.address);
    states?.delete(state);
    if (states?.size === 0) this.byAddress.delete(entry.address);
  }
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    try {
      out[name] = decodeURIComponent(value);
    } catch {
      out[name] = value;
    }
  }
  return out;
}

export function stateCookie(state: string, options: { secure: boolean; maxAgeMs?: number }): string {
  const maxAge = Math.floor((options.maxAgeMs ?? LOGIN_STATE_TTL_MS) / 1000);
  const secure = options.secure ? '; Secure' : '';
  return `${LOGIN_STATE_COOKIE}=${encodeURIComponent(state)}; Path=/auth/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure}`;
}

export function clearStateCookie(secure: boolean): string {
  return stateCookie('', { secure, maxAgeMs: 0 });
}
