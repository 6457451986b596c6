import type { LeverageSettings, SyntheticMarket } from '@openalgo/sandbox';
import { inputError } from './envelope.js';
import type { AngelInstrument, AngelMaster } from './master.js';
import { text } from './order-form.js';

function money(value: number): number {
  return Math.round(value * 100) / 100;
}

interface Leg {
  instrument: AngelInstrument;
  exchange: string;
  productType: string;
  buy: boolean;
  quantity: number;
  price: number;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** `margin/v1/batch`'s `{positions:[{exchange, qty, price, productType, token, tradeType}]}` (§2.4). */
function parseLegs(body: unknown, master: AngelMaster): Leg[] {
  const positions = record(body).positions;
  if (!Array.isArray(positions) || positions.length === 0) {
    throw inputError('Invalid positions: send a non-empty array');
  }
  return positions.map((item, i) => {
    const leg = record(item);
    const exchange = text(leg, 'exchange') ?? '';
    const instrument = master.byExchangeToken(exchange, text(leg, 'token') ?? '');
    if (!instrument) throw inputError(`Invalid token in positions[${i}]`);
    const quantity = Number(text(leg, 'qty'));
    if (!Number.isSafeInteger(quantity) || quantity <= 0) throw inputError(`Invalid qty in positions[${i}]`);
    const tradeType = text(leg, 'tradeType');
    if (tradeType !== 'BUY' && tradeType !== 'SELL') throw inputError(`Invalid tradeType in positions[${i}]`);
    return {
      instrument,
      exchange,
      productType: text(leg, 'productType') ?? 'INTRADAY',
      buy: tradeType === 'BUY',
      quantity,
      price: Number(text(leg, 'price') ?? 0) || 0,
    };
  });
}

function legPrice(leg: Leg, market: SyntheticMarket): number {
  if (leg.price > 0) return leg.price;
  const sandbox = leg.instrument.sandbox;
  if (!sandbox) return leg.instrument.price;
  const s = market.snapshotSync(sandbox);
  return (leg.buy ? s.ask : s.bid) || s.ltp;
}

function leverageOf(leg: Leg, leverage: LeverageSettings): number {
  const kind = leg.instrument.kind;
  if (kind === 'future') return leverage.futures;
  if (kind === 'option') return leg.buy ? leverage.optionBuy : leverage.optionSell;
  return leg.productType === 'DELIVERY' ? leverage.equityCnc : leverage.equityMis;
}

/**
 * The batch margin under the sandbox's rules (trade value ÷ leverage), in Angel's shape: option buys
 * are premium, futures and option writing SPAN, cash equity outside NFO. No hedge benefit.
 */
export function batchMargin(
  body: unknown,
  master: AngelMaster,
  market: SyntheticMarket,
  leverage: LeverageSettings,
) {
  const legs = parseLegs(body, master);
  let span = 0;
  let premium = 0;
  let nonNfo = 0;
  const breakup = new Map<string, number>();
  const optionDetails: unknown[] = [];
  for (const leg of legs) {
    const value = money((leg.quantity * legPrice(leg, market)) / leverageOf(leg, leverage));
    const kind = leg.instrument.kind;
    if (kind === 'option' && leg.buy) {
      premium += value;
      optionDetails.push({
        exchange: leg.exchange,
        productType: leg.productType,
        token: leg.instrument.scrip.token,
        lotMultiplier: leg.instrument.lotSize,
        optionPremium: value,
      });
    } else if (kind === 'equity') nonNfo += value;
    else span += value;
    const key = `${leg.exchange}|${leg.productType}`;
    breakup.set(key, money((breakup.get(key) ?? 0) + value));
  }
  return {
    totalMarginRequired: money(span + premium + nonNfo),
    marginComponents: {
      netPremium: money(premium),
      spanMargin: money(span),
      marginBenefit: 0,
      deliveryMargin: 0,
      nonNFOMargin: money(nonNfo),
      totOptionsPremium: money(premium),
    },
    marginBreakup: [...breakup].map(([key, total]) => {
      const [exchange, productType] = key.split('|');
      return { exchange, productType, totalMarginRequired: total };
    }),
    optionsBuy: { totOptionsPremium: money(premium), optionDetails },
  };
}
