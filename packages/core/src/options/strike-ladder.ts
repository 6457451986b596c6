import { SymbolNotFoundError } from '../errors/openalgo-error.js';
import type { Exchange } from '../model/enums.js';
import type { Instrument } from '../model/instrument.js';
import { type ExpiryDate, formatCompactExpiry, formatDashedExpiry } from '../symbols/expiry.js';
import type { OptionType } from '../symbols/grammar.js';
import type { InstrumentIndex } from '../symbols/instrument-index.js';
import { readStrike } from '../symbols/strike.js';

/** One listed strike of an expiry, with whichever of its call and put the master lists. */
export interface LadderRung {
  strike: number;
  ce?: Instrument;
  pe?: Instrument;
}

/** Every listed strike of one underlying's options for one expiry on one exchange, ascending. */
export interface StrikeLadder {
  base: string;
  exchange: Exchange;
  expiry: ExpiryDate;
  /** `28NOV24`. */
  compactExpiry: string;
  rungs: readonly LadderRung[];
}

/**
 * Collects the expiry's options from the master. The strike comes from the symbol text, which is
 * canonical in every adapter (`NIFTY28NOV2424000CE`), rather than the `strike` column, which some
 * brokers scale (Angel ×100). One pass over the exchange's rows: cheap next to the quote round-trip
 * it precedes, and always in step with the master the index holds at the call.
 */
export function readStrikeLadder(
  index: InstrumentIndex,
  base: string,
  exchange: Exchange,
  expiry: ExpiryDate,
): StrikeLadder {
  const compactExpiry = formatCompactExpiry(expiry);
  const dashed = formatDashedExpiry(expiry);
  const prefix = `${base}${compactExpiry}`;
  const byStrike = new Map<number, LadderRung>();
  for (const row of index.all(exchange)) {
    if (row.expiry !== dashed || !row.symbol.startsWith(prefix)) continue;
    const kind = row.symbol.slice(-2);
    if (kind !== 'CE' && kind !== 'PE') continue;
    const strike = readStrike(row.symbol.slice(prefix.length, -2));
    if (strike === undefined) continue;
    let rung = byStrike.get(strike);
    if (!rung) {
      rung = { strike };
      byStrike.set(strike, rung);
    }
    if (kind === 'CE') rung.ce = row;
    else rung.pe = row;
  }
  const rungs = [...byStrike.values()].sort((a, b) => a.strike - b.strike);
  return { base, exchange, expiry, compactExpiry, rungs };
}

/** Like `readStrikeLadder`, but throws SYMBOL_NOT_FOUND naming `expiry_date` when nothing is listed. */
export function requireStrikeLadder(
  index: InstrumentIndex,
  base: string,
  exchange: Exchange,
  expiry: ExpiryDate,
  field = 'expiry_date',
): StrikeLadder {
  const ladder = readStrikeLadder(index, base, exchange, expiry);
  if (ladder.rungs.length > 0) return ladder;
  const listed = index.expiries(base, exchange, 'options');
  const hint =
    listed.length > 0
      ? `listed expiries: ${listed.slice(0, 8).join(', ')}${listed.length > 8 ? ', …' : ''}`
      : `no ${base} options are listed on ${exchange}; check the underlying and exchange, or download the master contract again`;
  throw new SymbolNotFoundError(
    `No ${base} options expiring ${ladder.compactExpiry} on ${exchange} (${hint})`,
    { field, details: { underlying: base, exchange, expiry_date: ladder.compactExpiry } },
  );
}

/** The rungs listing an option of this type (a ladder may list a call without its put). */
export function rungsWith(ladder: StrikeLadder, optionType: OptionType): LadderRung[] {
  const key = optionType === 'CE' ? 'ce' : 'pe';
  return ladder.rungs.filter((rung) => rung[key] !== undefined);
}

/**
 * Position of the listed strike nearest `ltp` (the lower one on a tie, as OpenAlgo's `min` over an
 * ascending list picks), or -1 for an empty list.
 */
export function nearestStrikeIndex(rungs: readonly LadderRung[], ltp: number): number {
  let best = -1;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (let i = 0; i < rungs.length; i++) {
    const distance = Math.abs((rungs[i] as LadderRung).strike - ltp);
    if (distance < bestDistance) {
      best = i;
      bestDistance = distance;
    }
  }
  return best;
}
