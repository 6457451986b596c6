import { InvalidRequestError } from '../errors/openalgo-error.js';
import type { Exchange } from '../model/enums.js';
import type { Instrument } from '../model/instrument.js';
import type { Quote } from '../model/market.js';
import type { InstrumentRef } from '../model/order.js';
import { expiryInstant, parseExpiryTime, yearsToExpiry } from './expiry-time.js';
import { checkInterestRate, greeksFromPrice, type MarketGreeks } from './greeks-from-price.js';
import { prepareOptionRequest } from './resolve-option-symbol.js';
import { type LadderRung, nearestStrikeIndex, requireStrikeLadder } from './strike-ladder.js';
import { fetchUnderlyingQuote, findQuote, type OptionMarket, underlyingQuoteRef } from './underlying.js';

export interface OptionChainRequest {
  underlying: string;
  exchange: Exchange;
  /** `28NOV24`; may be omitted when the underlying embeds it. */
  expiryDate?: string | undefined;
  /** Strikes each side of ATM (1–100); omitted = the whole chain. */
  strikeCount?: number | undefined;
  withGreeks?: boolean | undefined;
  /** Percent, 0–100; default 0. */
  interestRate?: number | undefined;
  /** `HH:MM` IST expiry cut-off; default the exchange's. */
  expiryTime?: string | undefined;
}

export interface ChainLeg {
  symbol: string;
  /** `ATM`, `ITM3`, `OTM2`: moneyness steps from the ATM strike for this side. */
  label: string;
  instrument: Instrument;
  /** The leg's quote, when the broker gave one. */
  quote?: Quote;
  greeks?: MarketGreeks;
}

export interface ChainRow {
  strike: number;
  ce?: ChainLeg;
  pe?: ChainLeg;
}

export interface OptionChain {
  /** The base symbol (`NIFTY`). */
  underlying: string;
  underlyingRef: InstrumentRef;
  underlyingQuote: Quote;
  optionExchange: Exchange;
  /** `28NOV24`. */
  expiry: string;
  /** Epoch ms of the expiry cut-off. */
  expiryMs: number;
  atmStrike: number;
  rows: ChainRow[];
  /** The Black-76 forward the greeks used (only with greeks). */
  forwardPrice?: number;
}

export const MAX_STRIKE_COUNT = 100;

/** Moneyness label of strike position `i` for one side, with ATM at position `atm`. */
export function moneynessLabel(i: number, atm: number, isCall: boolean): string {
  if (i === atm) return 'ATM';
  const n = Math.abs(i - atm);
  const inTheMoney = isCall ? i < atm : i > atm;
  return `${inTheMoney ? 'ITM' : 'OTM'}${n}`;
}

/** Strike + CE − PE at one strike: the forward put-call parity implies (undiscounted, as OpenAlgo). */
export function syntheticFuturePrice(strike: number, callPrice: number, putPrice: number): number {
  return strike + callPrice - putPrice;
}

function checkStrikeCount(count: number | undefined): number | undefined {
  if (count === undefined) return undefined;
  if (Number.isInteger(count) && count >= 1 && count <= MAX_STRIKE_COUNT) return count;
  throw new InvalidRequestError(
    `Invalid strike_count ${String(count)}: must be a whole number from 1 to ${MAX_STRIKE_COUNT}`,
    {
      field: 'strike_count',
      details: { strike_count: count },
    },
  );
}

function leg(row: Instrument | undefined, label: string, quotes: readonly Quote[]): ChainLeg | undefined {
  if (!row) return undefined;
  const quote = findQuote(quotes, row);
  return { symbol: row.symbol, label, instrument: row, ...(quote ? { quote } : {}) };
}

/**
 * OpenAlgo's `/optionchain`: the underlying's LTP places ATM (the listed strike nearest it, as for
 * `/optionsymbol`), `strikeCount` strikes each side are kept (all without it), and every listed leg is
 * quoted in ONE `getQuotes` call (the adapter splits it within the broker's limits). With greeks, the
 * forward is the ATM synthetic future when both ATM legs trade, else the underlying's LTP.
 */
export async function buildOptionChain(
  market: OptionMarket,
  request: OptionChainRequest,
): Promise<OptionChain> {
  const strikeCount = checkStrikeCount(request.strikeCount);
  const ratePercent = checkInterestRate(request.interestRate ?? 0);
  const cutoff = request.expiryTime === undefined ? undefined : parseExpiryTime(request.expiryTime);
  const prepared = prepareOptionRequest({ ...request, offset: 'ATM', optionType: 'CE' });
  const ladder = requireStrikeLadder(
    market.index,
    prepared.underlying.base,
    prepared.optionExchange,
    prepared.expiry,
  );
  const underlyingRef = underlyingQuoteRef(
    market.index,
    prepared.underlying,
    prepared.exchange,
    market.now(),
  );
  const underlyingQuote = await fetchUnderlyingQuote(market, underlyingRef);
  const atm = nearestStrikeIndex(ladder.rungs, underlyingQuote.ltp);
  const from = strikeCount === undefined ? 0 : Math.max(0, atm - strikeCount);
  const to =
    strikeCount === undefined ? ladder.rungs.length : Math.min(ladder.rungs.length, atm + strikeCount + 1);
  const selected: LadderRung[] = ladder.rungs.slice(from, to);
  const refs = selected.flatMap((rung) => [rung.ce, rung.pe].filter((r): r is Instrument => r !== undefined));
  const quotes = await market.quotes(refs.map((r) => ({ symbol: r.symbol, exchange: r.exchange })));
  const rows: ChainRow[] = selected.map((rung, offset) => {
    const i = from + offset;
    const ce = leg(rung.ce, moneynessLabel(i, atm, true), quotes);
    const pe = leg(rung.pe, moneynessLabel(i, atm, false), quotes);
    return { strike: rung.strike, ...(ce ? { ce } : {}), ...(pe ? { pe } : {}) };
  });
  const atmStrike = (ladder.rungs[atm] as LadderRung).strike;
  const expiryMs = expiryInstant(prepared.expiry, prepared.optionExchange, cutoff);
  const chain: OptionChain = {
    underlying: prepared.underlying.base,
    underlyingRef,
    underlyingQuote,
    optionExchange: prepared.optionExchange,
    expiry: ladder.compactExpiry,
    expiryMs,
    atmStrike,
    rows,
  };
  if (request.withGreeks) addGreeks(chain, ratePercent, yearsToExpiry(expiryMs, market.now()));
  return chain;
}

function addGreeks(chain: OptionChain, ratePercent: number, years: number): void {
  const atmRow = chain.rows.find((row) => row.strike === chain.atmStrike);
  const callLtp = atmRow?.ce?.quote?.ltp ?? 0;
  const putLtp = atmRow?.pe?.quote?.ltp ?? 0;
  const forward =
    callLtp > 0 && putLtp > 0
      ? syntheticFuturePrice(chain.atmStrike, callLtp, putLtp)
      : chain.underlyingQuote.ltp;
  chain.forwardPrice = forward;
  if (years <= 0) return;
  for (const row of chain.rows) {
    for (const [side, isCall] of [
      [row.ce, true],
      [row.pe, false],
    ] as const) {
      const price = side?.quote?.ltp ?? 0;
      if (!side || price <= 0) continue;
      side.greeks = greeksFromPrice({
        optionPrice: price,
        forward,
        strike: row.strike,
        years,
        ratePercent,
        isCall,
      });
    }
  }
}
