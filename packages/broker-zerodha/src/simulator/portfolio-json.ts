import type { FundsView, HoldingView, PositionView, TradeRecord } from '@openalgo/sandbox';
import { kiteDateTime, kiteTimeOfDay } from './kite-time.js';
import type { KiteInstrument } from './master.js';

/** Money to the paisa, as Kite reports it. */
function rupees(value: number): number {
  return Math.round(value * 100) / 100;
}

export interface TradeContext {
  instrument: KiteInstrument;
  orderId: string;
  exchangeOrderId: string | null;
}

/** A fill as trades.json shows it: 8-digit trade id, and a bare time in `order_timestamp`. */
export function kiteTrade(trade: TradeRecord, ctx: TradeContext): Record<string, unknown> {
  return {
    trade_id: String(10_000_000 + trade.sequence),
    order_id: ctx.orderId,
    exchange: ctx.instrument.exchange,
    tradingsymbol: ctx.instrument.tradingsymbol,
    instrument_token: ctx.instrument.instrumentToken,
    product: trade.product,
    average_price: trade.price,
    quantity: trade.quantity,
    exchange_order_id: ctx.exchangeOrderId,
    transaction_type: trade.action,
    fill_timestamp: kiteDateTime(trade.at),
    order_timestamp: kiteTimeOfDay(trade.at),
    exchange_timestamp: kiteDateTime(trade.at),
  };
}

function side(quantity: number, value: number) {
  return { quantity, price: quantity > 0 ? rupees(value / quantity) : 0, value: rupees(value) };
}

/**
 * One position row (positions.json). `net` counts what was carried in plus today's trades, `day`
 * today's trades only; in both, buy quantity − sell quantity is the signed quantity.
 */
export function kitePosition(
  view: PositionView,
  instrument: KiteInstrument,
  closePrice: number,
  scope: 'net' | 'day',
): Record<string, unknown> {
  const r = view.record;
  const dayNet = r.dayBuyQuantity - r.daySellQuantity;
  const overnight = scope === 'net' ? view.quantity - dayNet : 0;
  const carriedValue = Math.abs(overnight) * r.averagePrice;
  const buy = side(
    r.dayBuyQuantity + Math.max(0, overnight),
    r.dayBuyValue + (overnight > 0 ? carriedValue : 0),
  );
  const sell = side(
    r.daySellQuantity + Math.max(0, -overnight),
    r.daySellValue + (overnight < 0 ? carriedValue : 0),
  );
  const quantity = scope === 'net' ? view.quantity : dayNet;
  const pnl = scope === 'net' ? view.pnl : rupees(sell.value - buy.value + quantity * view.ltp);
  return {
    tradingsymbol: instrument.tradingsymbol,
    exchange: instrument.exchange,
    instrument_token: instrument.instrumentToken,
    product: r.product,
    quantity,
    overnight_quantity: overnight,
    multiplier: 1,
    average_price: quantity === 0 ? 0 : r.averagePrice,
    close_price: closePrice,
    last_price: view.ltp,
    value: rupees(sell.value - buy.value),
    pnl,
    m2m: pnl,
    unrealised: scope === 'net' ? view.unrealisedPnl : pnl,
    realised: scope === 'net' ? r.realisedPnl : 0,
    buy_quantity: buy.quantity,
    buy_price: buy.price,
    buy_value: buy.value,
    buy_m2m: buy.value,
    sell_quantity: sell.quantity,
    sell_price: sell.price,
    sell_value: sell.value,
    sell_m2m: sell.value,
    day_buy_quantity: r.dayBuyQuantity,
    day_buy_price: side(r.dayBuyQuantity, r.dayBuyValue).price,
    day_buy_value: rupees(r.dayBuyValue),
    day_sell_quantity: r.daySellQuantity,
    day_sell_price: side(r.daySellQuantity, r.daySellValue).price,
    day_sell_value: rupees(r.daySellValue),
  };
}

/** A made-up but well-formed ISIN, stable per instrument. */
function isinOf(instrument: KiteInstrument): string {
  return `INE${String(instrument.exchangeToken % 1_000_000).padStart(6, '0')}01${instrument.exchangeToken % 10}`;
}

/** One holding (holdings.json): `quantity` is settled, `t1_quantity` bought but not yet settled. */
export function kiteHolding(
  view: HoldingView,
  instrument: KiteInstrument,
  closePrice: number,
  now: number,
): Record<string, unknown> {
  const settled = view.quantity - view.t1Quantity;
  const dayChange = closePrice > 0 ? view.ltp - closePrice : 0;
  return {
    tradingsymbol: instrument.tradingsymbol,
    exchange: instrument.exchange,
    instrument_token: instrument.instrumentToken,
    isin: isinOf(instrument),
    product: 'CNC',
    price: 0,
    quantity: settled,
    used_quantity: 0,
    t1_quantity: view.t1Quantity,
    realised_quantity: settled,
    authorised_quantity: 0,
    authorised_date: `${kiteDateTime(now).slice(0, 10)} 00:00:00`,
    authorisation: {},
    opening_quantity: settled,
    short_quantity: 0,
    collateral_quantity: 0,
    collateral_type: '',
    discrepancy: false,
    average_price: view.averagePrice,
    last_price: view.ltp,
    close_price: closePrice,
    pnl: view.pnl,
    day_change: rupees(dayChange),
    day_change_percentage: closePrice > 0 ? (dayChange / closePrice) * 100 : 0,
    mtf: { quantity: 0, used_quantity: 0, average_price: 0, value: 0, initial_margin: 0 },
  };
}

function emptySegment(): Record<string, unknown> {
  return segment(0, 0, 0, 0, 0);
}

function segment(cash: number, used: number, debits: number, realised: number, unrealised: number) {
  return {
    enabled: true,
    net: rupees(cash - debits),
    available: {
      adhoc_margin: 0,
      cash: rupees(cash),
      opening_balance: rupees(cash),
      live_balance: rupees(cash - debits),
      collateral: 0,
      intraday_payin: 0,
    },
    utilised: {
      debits: rupees(debits),
      exposure: 0,
      m2m_realised: rupees(realised),
      m2m_unrealised: rupees(unrealised),
      option_premium: 0,
      payout: 0,
      span: rupees(used),
      holding_sales: 0,
      turnover: 0,
      liquid_collateral: 0,
      stock_collateral: 0,
      delivery: 0,
    },
  };
}

/**
 * UserMargin (margins.json) from the sandbox account, all in the equity segment. Kite's `net` is the
 * margin available for new trades (cash − debits); `debits` is the margin in use: blocked for open
 * orders and positions, spent on holdings, plus realised losses (a realised profit lowers it, as
 * Kite's "used margin" goes negative when funds come back).
 */
export function kiteMargins(funds: FundsView): { equity: unknown; commodity: unknown } {
  const debits = funds.utilisedDebits + funds.holdingsCost - funds.m2mRealised;
  return {
    equity: segment(
      funds.startingCapital,
      funds.utilisedDebits,
      debits,
      funds.m2mRealised,
      funds.m2mUnrealised,
    ),
    commodity: emptySegment(),
  };
}
