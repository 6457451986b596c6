import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '@openalgo/core';

export const LOGIN_STATE_COOKIE = 'oa_login_state';
export const LOGIN_STATE_TTL_MS = 10 * 60_000;
/** Bounds memory if someone requests login pages in a loop; the oldest pending logins go first. */
const MAX_PENDING = 1000;

interface Pending {
  broker: string;
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

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = LOGIN_STATE_TTL_MS,
  ) {}

  issue(broker: string): string {
    this.sweep();
    const state = randomBytes(24).toString('base64url');
    this.pending.set(state, { broker, expiresAt: this.clock.now() + this.ttlMs });
    while (this.pending.size > MAX_PENDING) {
      const oldest = this.pending.keys().next().value;
      if (oldest === undefined) break;
      this.pending.delete(oldest);
    }
    return state;
  }

  /** Checks the state from the callback against the cookie and consumes it (even when it fails). */
  consume(broker: string, fromRequest: string | undefined, fromCookie: string | undefined): StateCheck {
    const { problem, entry } = this.find(broker, fromRequest, fromCookie);
    if (fromRequest && entry) this.pending.delete(fromRequest);
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
      if (fromRequest && entry) this.pending.delete(fromRequest);
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
    for (const [state, entry] of this.pending) if (entry.expiresAt <= now) this.pending.delete(state);
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
