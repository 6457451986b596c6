import { randomBytes } from 'node:crypto';
import type { Session } from '@openalgo/core';
import { DAY_MS, istDayStart } from './engine/calendar.js';

const SESSION_EXPIRY_MINUTE = 3 * 60;

/** OpenAlgo ends broker sessions daily at 03:00 IST: the first 03:00 IST after `now`. */
export function nextSessionExpiry(now: number): number {
  const today = istDayStart(now) + SESSION_EXPIRY_MINUTE * 60_000;
  return today > now ? today : today + DAY_MS;
}

/** A sandbox login: no credentials, a random token, expiry at the next 03:00 IST. */
export function sandboxSession(accountId: string, now: number): Session {
  return {
    broker: 'sandbox',
    userId: accountId,
    accessToken: randomBytes(24).toString('hex'),
    expiresAt: nextSessionExpiry(now),
  };
}
