import { InvalidRequestError } from '../errors/openalgo-error.js';
import type { Exchange } from '../model/enums.js';
import type { ExpiryDate } from '../symbols/expiry.js';
import { istToEpoch } from '../time/ist.js';

/**
 * When a contract stops trading on its expiry day, IST, as OpenAlgo's greeks use it: equity and
 * index derivatives at 15:30, MCX commodities at 23:30 (the evening session), currency at 12:30
 * (RBI reference-rate settlement).
 */
export function defaultExpiryCutoff(exchange: Exchange): { hour: number; minute: number } {
  switch (exchange) {
    case 'MCX':
    case 'NCO':
      return { hour: 23, minute: 30 };
    case 'CDS':
    case 'BCD':
      return { hour: 12, minute: 30 };
    default:
      return { hour: 15, minute: 30 };
  }
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** `15:30` → time of day; throws INVALID_REQUEST naming `field` for anything but a 24-hour HH:MM. */
export function parseExpiryTime(text: string, field = 'expiry_time'): { hour: number; minute: number } {
  const m = typeof text === 'string' ? HH_MM.exec(text.trim()) : null;
  if (!m) {
    throw new InvalidRequestError(
      `Invalid ${field} "${String(text)}": must be HH:MM in 24-hour IST (e.g. 15:30)`,
      {
        field,
        details: { [field]: text },
      },
    );
  }
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

/** Epoch ms at which the contract expires: the expiry date at the cut-off (given, or the exchange's). */
export function expiryInstant(
  expiry: ExpiryDate,
  exchange: Exchange,
  cutoff?: { hour: number; minute: number },
): number {
  const { hour, minute } = cutoff ?? defaultExpiryCutoff(exchange);
  return istToEpoch(expiry.year, expiry.month, expiry.day, hour, minute);
}

const MS_PER_YEAR = 365 * 24 * 60 * 60 * 1000;

/** Years (of 365 days) from `nowMs` to expiry, never negative: an expired contract has zero time. */
export function yearsToExpiry(expiryMs: number, nowMs: number): number {
  return Math.max(0, (expiryMs - nowMs) / MS_PER_YEAR);
}
