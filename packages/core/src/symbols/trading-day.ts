import { InvalidRequestError } from '../errors/openalgo-error.js';
import { istDate, istParts } from '../time/ist.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const CUTOFF = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * The IST date (`YYYY-MM-DD`) whose master is current at `epochMs`. Brokers publish the day's master
 * early in the morning, so before the cutoff (default 08:00 IST, OpenAlgo's
 * MASTER_CONTRACT_CUTOFF_TIME) the previous day's master is still the current one. Weekends and
 * holidays are not skipped: a master fetched on a Saturday after the cutoff is Saturday's.
 */
export function tradingDayFor(epochMs: number, cutoff = '08:00'): string {
  const m = CUTOFF.exec(cutoff);
  if (!m) {
    throw new InvalidRequestError(`Invalid master cutoff "${cutoff}": must be HH:MM (24-hour, IST)`, {
      field: 'cutoff',
    });
  }
  const { hour, minute } = istParts(epochMs);
  const beforeCutoff = hour * 60 + minute < Number(m[1]) * 60 + Number(m[2]);
  // IST has no daylight saving, so one day earlier is exactly 24 hours earlier.
  return istDate(beforeCutoff ? epochMs - DAY_MS : epochMs);
}
