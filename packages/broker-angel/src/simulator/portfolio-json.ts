import type { FundsView, HoldingView, PositionView } from '@openalgo/sandbox';
import type { AngelInstrument } from './master.js';
import { ANGEL_PRODUCT } from './order-form.js';
import { moneyText } from './order-rows.js';

function rupees(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Positions print a negative net value with a space after the minus: `"- 2235.80"` (§2.3). */
export function netValueText(value: number): string {
  const v = rupees(value);
  return v < 0 ? `- ${(-v).toFixed(2)}` : v.toFixed(2);
}

function average(value: number, quantity: number): string {
  return quantity > 0 ? moneyText(rupees(value / quantity)) : '0';
}

/**
 * One `getPosition` row (§2.4 Position, every value a string). Today's trades are `buyqty/sellqty`;
 * what was carried in is `cfbuyqty/cfsellqty` at the position's average price.
 */
export function positionJson(view: PositionView, instrument: AngelInstrument): Record<string, unknown> {
  const r = view.record;
  const dayNet = r.dayBuyQuantity - r.daySellQuantity;
  const carried = view.quantity - dayNet;
  const cfBuyQty = Math.max(0, carried);
  const cfSellQty = Math.max(0, -carried);
  const cfBuyAmount = cfBuyQty * r.averagePrice;
  const cfSellAmount = cfSellQty * r.averagePrice;
  const totalBuy = r.dayBuyValue + cfBuyAmount;
  const totalSell = r.daySellValue + cfSellAmount;
  const option = instrument.kind === 'option';
  return {
    exchange: instrument.scrip.exch_seg,
    symboltoken: instrument.scrip.token,
    producttype: ANGEL_PRODUCT[r.product],
    tradingsymbol: instrument.scrip.symbol,
    symbolname: instrument.scrip.name,
    instrumenttype: instrument.scrip.instrumenttype,
    priceden: '1',
    pricenum: '1',
    genden: '1',
    gennum: '1',
    precision: instrument.scrip.exch_seg === 'CDS' ? '4' : '2',
    multiplier: '-1',
    boardlotsize: '1',
    buyqty: String(r.dayBuyQuantity),
    sellqty: String(r.daySellQuantity),
    buyamount: moneyText(rupees(r.dayBuyValue)),
    sellamount: moneyText(rupees(r.daySellValue)),
    symbolgroup: instrument.kind === 'equity' ? 'EQ' : 'XX',
    strikeprice: option ? String(instrument.strike) : '-1',
    optiontype: option ? instrument.scrip.symbol.slice(-2) : '',
    expirydate: instrument.scrip.expiry,
    lotsize: instrument.scrip.lotsize,
    cfbuyqty: String(cfBuyQty),
    cfsellqty: String(cfSellQty),
    cfbuyamount: moneyText(rupees(cfBuyAmount)),
    cfsellamount: moneyText(rupees(cfSellAmount)),
    buyavgprice: average(r.dayBuyValue, r.dayBuyQuantity),
    sellavgprice: average(r.daySellValue, r.daySellQuantity),
    avgnetprice: view.quantity === 0 ? '0' : moneyText(r.averagePrice),
    netvalue: netValueText(totalSell - totalBuy),
    netqty: String(view.quantity),
    totalbuyvalue: moneyText(rupees(totalBuy)),
    totalsellvalue: moneyText(rupees(totalSell)),
    cfbuyavgprice: cfBuyQty > 0 ? moneyText(r.averagePrice) : '0',
    cfsellavgprice: cfSellQty > 0 ? moneyText(r.averagePrice) : '0',
    totalbuyavgprice: average(totalBuy, r.dayBuyQuantity + cfBuyQty),
    totalsellavgprice: average(totalSell, r.daySellQuantity + cfSellQty),
    netprice: view.quantity === 0 ? '0' : moneyText(r.averagePrice),
    ltp: moneyText(view.ltp),
    pnl: moneyText(view.pnl),
  };
}

/** A made-up but well-formed ISIN, stable per instrument. */
function isinOf(instrument: AngelInstrument): string {
  const n = Number(instrument.scrip.token) % 1_000_000;
  return `INE${String(n).padStart(6, '0')}01${n % 10}`;
}

/** One holding (§2.4 Holding, JSON numbers): `quantity` counts T1 shares too, `t1quantity` those alone. */
export function holdingJson(
  view: HoldingView,
  instrument: AngelInstrument,
  close: number,
): Record<string, unknown> {
  return {
    tradingsymbol: instrument.scrip.symbol,
    exchange: instrument.scrip.exch_seg,
    isin: isinOf(instrument),
    t1quantity: view.t1Quantity,
    realisedquantity: view.quantity - view.t1Quantity,
    quantity: view.quantity,
    authorisedquantity: 0,
    product: 'DELIVERY',
    collateralquantity: null,
    collateraltype: null,
    haircut: 0,
    averageprice: rupees(view.averagePrice),
    ltp: view.ltp,
    symboltoken: instrument.scrip.token,
    close,
    profitandloss: rupees(view.pnl),
    pnlpercentage: rupees(view.pnlPercent),
  };
}

/** `getAllHolding`'s totals over the rows `holdingJson` made. */
export function holdingTotals(rows: ReadonlyArray<Record<string, unknown>>): Record<string, number> {
  let value = 0;
  let invested = 0;
  for (const row of rows) {
    value += Number(row.ltp) * Number(row.quantity);
    invested += Number(row.averageprice) * Number(row.quantity);
  }
  const pnl = value - invested;
  return {
    totalholdingvalue: rupees(value),
    totalinvvalue: rupees(invested),
    totalprofitandloss: rupees(pnl),
    totalpnlpercentage: invested > 0 ? rupees((pnl / invested) * 100) : 0,
  };
}

function four(value: number): string {
  return (Math.round(value * 100) / 100).toFixed(4);
}

/**
 * `getRMS` (§2.4, strings with four decimals, some `null`), from the sandbox account. `net` is what is
 * free for new trades and `utilisedpayout` the same free cash; `availablecash` is the whole cash
 * balance, margin in use included — not free cash (§2.8: OpenAlgo derives free cash from several
 * fields). The m2m fields read 0 even with real P&L, as Angel's do (§2.4): P&L comes from positions.
 */
export function rmsJson(funds: FundsView): Record<string, unknown> {
  const free = funds.availableCash;
  return {
    net: four(free),
    availablecash: four(free + funds.utilisedDebits),
    availableintradaypayin: four(0),
    availablelimitmargin: four(0),
    collateral: four(funds.collateral),
    m2munrealized: four(0),
    m2mrealized: four(0),
    utiliseddebits: four(funds.utilisedDebits),
    utilisedspan: null,
    utilisedoptionpremium: null,
    utilisedholdingsales: null,
    utilisedexposure: null,
    utilisedturnover: null,
    utilisedpayout: four(free),
  };
}
