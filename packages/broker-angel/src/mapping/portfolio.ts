import type { Funds, Holding, Position } from '@openalgo/core';
import type { AngelSymbols } from '../symbols.js';
import type { AngelHolding, AngelPosition, AngelRms } from './angel-types.js';
import { paise } from './numbers.js';
import { mapProduct, wholeQuantity } from './orders.js';

/** Realised and total P&L of one position row, from its own numbers. */
export function positionPnl(raw: AngelPosition): { pnl: number; realised: number } {
  const bought = raw.buyqty + raw.cfbuyqty;
  const sold = raw.sellqty + raw.cfsellqty;
  const buyAvg = raw.totalbuyavgprice ?? raw.buyavgprice;
  const sellAvg = raw.totalsellavgprice ?? raw.sellavgprice;
  const realised = Math.min(bought, sold) * (sellAvg - buyAvg);
  if (raw.pnl !== undefined) return { pnl: raw.pnl, realised: paise(realised) };
  // Older rows (the SDK's mock) carry no `pnl`: sold value − bought value + what is still held, marked
  // at the ltp. Without an ltp an open position's P&L is not known; only the closed part is reported.
  const buyValue = raw.totalbuyvalue ?? raw.buyamount + raw.cfbuyamount;
  const sellValue = raw.totalsellvalue ?? raw.sellamount + raw.cfsellamount;
  if (raw.netqty === 0) return { pnl: paise(sellValue - buyValue), realised: paise(sellValue - buyValue) };
  if (raw.ltp !== undefined && raw.ltp > 0) {
    return { pnl: paise(sellValue - buyValue + raw.netqty * raw.ltp), realised: paise(realised) };
  }
  return { pnl: paise(realised), realised: paise(realised) };
}

/** One net position (carry-forward + today); `quantity` is signed (`netqty`), negative when short. */
export function mapPosition(raw: AngelPosition, symbols: AngelSymbols): Position {
  const context = `position ${raw.exchange}:${raw.tradingsymbol}`;
  const ref = symbols.fromAngel(raw.exchange, raw.tradingsymbol, raw.symboltoken);
  wholeQuantity(Math.abs(raw.netqty), 'net quantity', context);
  const { pnl, realised } = positionPnl(raw);
  const buyQuantity = wholeQuantity(raw.buyqty + raw.cfbuyqty, 'buy quantity', context);
  const sellQuantity = wholeQuantity(raw.sellqty + raw.cfsellqty, 'sell quantity', context);
  const position: Position = {
    symbol: ref.symbol,
    exchange: ref.exchange,
    product: mapProduct(raw.producttype, context),
    quantity: raw.netqty,
    // `avgnetprice` is the open side's average; a flat row reads 0.
    averagePrice: raw.netqty === 0 ? 0 : Math.abs(raw.avgnetprice || raw.netprice),
    ltp: raw.ltp ?? 0,
    pnl,
    realisedPnl: realised,
    unrealisedPnl: paise(pnl - realised),
    buyQuantity,
    sellQuantity,
    raw,
  };
  const buyAverage = raw.totalbuyavgprice ?? raw.buyavgprice;
  const sellAverage = raw.totalsellavgprice ?? raw.sellavgprice;
  if (buyQuantity > 0) position.buyAverage = buyAverage;
  if (sellQuantity > 0) position.sellAverage = sellAverage;
  return position;
}

/**
 * Angel's holding row has `quantity`, `t1quantity` (bought in the last session, not yet settled) and
 * `realisedquantity` (settled): `quantity` is the whole holding, T+1 shares included (quantity =
 * realisedquantity + t1quantity in Angel's rows; OpenAlgo reads `quantity` alone). Should a row ever
 * count them apart, the larger of `quantity` and realised + T+1 is taken, so no share is lost or counted
 * twice. `profitandloss` is taken when sent, else computed from the ltp.
 */
export function mapHolding(raw: AngelHolding, symbols: AngelSymbols): Holding {
  const context = `holding ${raw.exchange}:${raw.tradingsymbol}`;
  const ref = symbols.fromAngel(raw.exchange, raw.tradingsymbol, raw.symboltoken);
  const reported = wholeQuantity(raw.quantity, 'quantity', context);
  const t1 = wholeQuantity(raw.t1quantity, 't1 quantity', context);
  const realised =
    raw.realisedquantity === undefined
      ? 0
      : wholeQuantity(raw.realisedquantity, 'realised quantity', context);
  const quantity = Math.max(reported, realised + t1);
  const avg = raw.averageprice;
  const pnl = raw.profitandloss ?? paise(quantity * (raw.ltp - avg));
  return {
    symbol: ref.symbol,
    exchange: ref.exchange,
    product: raw.product ? mapProduct(raw.product, context) : 'CNC',
    quantity,
    t1Quantity: Math.min(t1, quantity),
    averagePrice: avg,
    ltp: raw.ltp,
    pnl,
    pnlPercent: avg > 0 ? paise(((raw.ltp - avg) / avg) * 100) : 0,
    raw,
  };
}

/**
 * Funds from `getRMS`, read as brokers.md §2.8 explains. Angel's `availablecash` is not free cash: it
 * includes collateral, and the cash left after blocked margin is `utilisedpayout` (OpenAlgo: cash =
 * availablecash + utiliseddebits − (availablecash − utilisedpayout), collateral = availablecash −
 * utilisedpayout). So availableCash = `utilisedpayout` (cash after margin, as every adapter reports it),
 * collateral = `availablecash − utilisedpayout`, utilisedDebits = `utiliseddebits`. Angel's m2m fields read
 * 0 while positions carry real P&L, so m2m comes from the position book (`m2m`, summed by the caller).
 */
export function mapFunds(raw: AngelRms, m2m: { realised: number; unrealised: number }): Funds {
  return {
    availableCash: paise(raw.utilisedpayout),
    collateral: paise(Math.max(0, raw.availablecash - raw.utilisedpayout)),
    m2mRealised: paise(m2m.realised),
    m2mUnrealised: paise(m2m.unrealised),
    utilisedDebits: paise(raw.utiliseddebits),
    raw,
  };
}

/** The account's m2m: realised and unrealised P&L summed over the position book. */
export function sumM2m(positions: readonly Position[]): { realised: number; unrealised: number } {
  let realised = 0;
  let unrealised = 0;
  for (const p of positions) {
    realised += p.realisedPnl ?? 0;
    unrealised += p.unrealisedPnl ?? p.pnl;
  }
  return { realised: paise(realised), unrealised: paise(unrealised) };
}
