import { IST_OFFSET_MS } from '@openalgo/core';

const DAY_MS = 86_400_000;
const SEQUENCE_SPACE = 100_000_000;

let cachedDay = Number.NaN;
let cachedPrefix = '';

/** `YYMMDD` of the IST day containing the instant (cached: ids are minted in bursts on one day). */
function datePrefix(at: number): string {
  const day = Math.floor((at + IST_OFFSET_MS) / DAY_MS);
  if (day !== cachedDay) {
    const d = new Date(day * DAY_MS);
    const yy = String(d.getUTCFullYear() % 100).padStart(2, '0');
    const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
    const dd = String(d.getUTCDate()).padStart(2, '0');
    cachedPrefix = `${yy}${mm}${dd}`;
    cachedDay = day;
  }
  return cachedPrefix;
}

/**
 * OpenAlgo's sandbox order id: `YYMMDD` + an 8-digit sequence. OpenAlgo fills the sequence from
 * the microsecond clock and randomness; here it is the account's own counter, so ids are unique
 * (the counter never resets, even if the clock steps back) and a replay produces the same ids.
 */
export function orderId(at: number, sequence: number): string {
  return `${datePrefix(at)}${String(sequence % SEQUENCE_SPACE).padStart(8, '0')}`;
}

/** Trade ids follow the same shape with a `T` in front, so they never equal an order id. */
export function tradeId(at: number, sequence: number): string {
  return `T${orderId(at, sequence)}`;
}
