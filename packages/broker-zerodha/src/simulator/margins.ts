import type { LeverageSettings, SyntheticMarket } from '@openalgo/sandbox';
import { inputError } from './envelope.js';
import type { KiteInstrument, KiteMaster } from './master.js';
import { ruleOf } from './price-terms.js';

function money(value: number): number {
  return Math.round(value * 100) / 100;
}

interface MarginLegInput {
  instrument: KiteInstrument;
  action: string;
  product: string;
  orderType: string;
  quantity: number;
  price: number;
  triggerPrice: number;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** `POST /margins/orders|basket` take a JSON array of order-like legs. */
export function parseMarginLegs(body: unknown, master: KiteMaster): MarginLegInput[] {
  if (!Array.isArray(body) || body.length === 0)
    throw inputError('Invalid request: send a JSON array of orders.');
  return body.map((item) => {
    const leg = record(item);
    const instrument = master.get(String(leg.exchange ?? ''), String(leg.tradingsymbol ?? ''));
    if (!instrument) throw inputError('Invalid `tradingsymbol` or `exchange`.');
    const quantity = Number(leg.quantity);
    if (!Number.isSafeInteger(quantity) || quantity <= 0) throw inputError('Invalid `quantity`.');
    return {
      instrument,
      action: String(leg.transaction_type ?? ''),
      product: String(leg.product ?? ''),
      orderType: String(leg.order_type ?? ''),
      quantity,
      price: Number(leg.price) || 0,
      triggerPrice: Number(leg.trigger_price) || 0,
    };
  });
}

function leverageOf(leg: MarginLegInput, leverage: LeverageSettings): number {
  const type = leg.instrument.instrumentType;
  if (type === 'FUT') return leverage.futures;
  if (type === 'CE' || type === 'PE') return leg.action === 'BUY' ? leverage.optionBuy : leverage.optionSell;
  return leg.product === 'CNC' ? leverage.equityCnc : leverage.equityMis;
}

function legPrice(leg: MarginLegInput, market: SyntheticMarket): number {
  const rule = ruleOf(leg.orderType);
  // A stop that executes at market (SL-M) is margined at its trigger; a priced order at its price.
  if (rule?.marketProtected && rule.needsTrigger) return leg.triggerPrice;
  if (!rule?.marketProtected && leg.price > 0) return leg.price;
  const sandbox = leg.instrument.sandbox;
  if (!sandbox) return leg.instrument.lastPrice;
  const s = market.snapshotSync(sandbox);
  return (leg.action === 'BUY' ? s.ask : s.bid) || s.ltp;
}

/**
 * One leg's margin in Kite's Margin shape, under the sandbox's rules (trade value ÷ leverage): cash
 * equity as VaR, futures and option writing as SPAN + exposure, option buying as the premium.
 */
export function kiteMargin(leg: MarginLegInput, market: SyntheticMarket, leverage: LeverageSettings) {
  const multiple = leverageOf(leg, leverage);
  const total = money((leg.quantity * legPrice(leg, market)) / multiple);
  const type = leg.instrument.instrumentType;
  const optionBuy = (type === 'CE' || type === 'PE') && leg.action === 'BUY';
  const derivative = type !== 'EQ';
  const span = derivative && !optionBuy ? money(total * 0.75) : 0;
  return {
    type: leg.instrument.exchange === 'MCX' ? 'commodity' : 'equity',
    tradingsymbol: leg.instrument.tradingsymbol,
    exchange: leg.instrument.exchange,
    span,
    exposure: derivative && !optionBuy ? money(total - span) : 0,
    option_premium: optionBuy ? total : 0,
    additional: 0,
    bo: 0,
    cash: 0,
    var: derivative ? 0 : total,
    pnl: { realised: 0, unrealised: 0 },
    leverage: multiple,
    charges: {
      transaction_tax: 0,
      transaction_tax_type: '',
      exchange_turnover_charge: 0,
      sebi_turnover_charge: 0,
      brokerage: 0,
      stamp_duty: 0,
      gst: { igst: 0, cgst: 0, sgst: 0, total: 0 },
      total: 0,
    },
    total,
  };
}

/** The basket answer: the same margin before (`initial`) and after (`final`) hedging benefit. */
export function kiteBasketMargin(margins: ReturnType<typeof kiteMargin>[]) {
  const sum = (pick: (m: ReturnType<typeof kiteMargin>) => number) =>
    money(margins.reduce((t, m) => t + pick(m), 0));
  const combined = {
    ...(margins[0] as ReturnType<typeof kiteMargin>),
    type: '',
    tradingsymbol: '',
    exchange: '',
    span: sum((m) => m.span),
    exposure: sum((m) => m.exposure),
    option_premium: sum((m) => m.option_premium),
    var: sum((m) => m.var),
    leverage: 0,
    total: sum((m) => m.total),
  };
  return { initial: combined, final: { ...combined }, orders: margins, charges: combined.charges };
}
