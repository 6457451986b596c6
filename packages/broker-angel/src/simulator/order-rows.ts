import type { OrderRecord } from '@openalgo/sandbox';
import type { AngelInstrument } from './master.js';
import { ANGEL_ORDER_TYPE, ANGEL_PRODUCT } from './order-form.js';

/**
 * Angel's order statuses (lowercase, `status` = `orderstatus`, §2.4) and the order socket's code for
 * each (§2.8). `validation pending`, `put order req received` and `cancel pending` are [unverified]
 * and never emitted.
 */
export const STATUS_CODES = {
  open: 'AB01',
  cancelled: 'AB02',
  rejected: 'AB03',
  modified: 'AB04',
  complete: 'AB05',
  'open pending': 'AB09',
  'trigger pending': 'AB10',
  'modify pending': 'AB11',
} as const;

export type AngelOrderStatus = keyof typeof STATUS_CODES;

/** What the simulator keeps about an order beyond the engine's record. */
export interface OrderEntry {
  /** `YYMMDD` + 9-digit serial (§2.10). */
  orderId: string;
  /** A UUID, the key of `order/v1/details/{uniqueorderid}`. */
  uniqueOrderId: string;
  engineId: string | undefined;
  instrument: AngelInstrument;
  variety: string;
  tag: string;
  disclosedQuantity: number;
  /** Set once the order reaches the exchange. */
  exchangeOrderId: string;
  exchangeTime: string;
  status: AngelOrderStatus;
  updateTime: string;
  cancelRequested: boolean;
  /** The last engine state turned into statuses. */
  last: OrderRecord | undefined;
  /** Every status the order went through, oldest first. */
  history: Array<{ status: AngelOrderStatus; at: number }>;
}

/** A money figure as the book prints it: `"194.00"`, `"0"`, up to four decimals for currency ticks. */
export function moneyText(value: number): string {
  if (value === 0) return '0';
  const paise = Math.round(value * 100);
  return Math.abs(value * 100 - paise) < 1e-6 ? (paise / 100).toFixed(2) : String(Number(value.toFixed(4)));
}

function optionType(instrument: AngelInstrument): string {
  return instrument.kind === 'option' ? instrument.scrip.symbol.slice(-2) : '';
}

function strikeOf(instrument: AngelInstrument): number {
  return instrument.kind === 'option' ? instrument.strike : -1;
}

/**
 * The order in `status`, with the terms and progress of `record`, keyed and ordered as the docs and the
 * SDK's mocks show it. `numbers` picks the number types: the book sends every number as a string, the
 * order details and the order socket send prices as numbers and quantities as strings (§2.3).
 */
export function orderJson(
  entry: OrderEntry,
  record: OrderRecord,
  status: AngelOrderStatus,
  numbers: 'book' | 'details',
): Record<string, unknown> {
  const { instrument } = entry;
  const priced = numbers === 'details' ? (v: number) => v : moneyText;
  const stop = record.priceType === 'SL' || record.priceType === 'SL-M';
  const limitPrice = record.priceType === 'LIMIT' || record.priceType === 'SL' ? record.price : 0;
  const filled = record.filledQuantity;
  const atExchange = entry.exchangeOrderId !== '';
  return {
    variety: entry.variety,
    ordertype: ANGEL_ORDER_TYPE[record.priceType],
    producttype: ANGEL_PRODUCT[record.product],
    duration: 'DAY',
    price: priced(limitPrice),
    triggerprice: priced(stop ? record.triggerPrice : 0),
    quantity: String(record.quantity),
    disclosedquantity: String(entry.disclosedQuantity),
    squareoff: priced(0),
    stoploss: priced(0),
    trailingstoploss: priced(0),
    tradingsymbol: instrument.scrip.symbol,
    transactiontype: record.action,
    exchange: instrument.scrip.exch_seg,
    symboltoken: instrument.scrip.token,
    ordertag: entry.tag,
    instrumenttype: instrument.scrip.instrumenttype,
    strikeprice: numbers === 'details' ? strikeOf(instrument) : String(strikeOf(instrument)),
    optiontype: optionType(instrument),
    expirydate: instrument.scrip.expiry,
    lotsize: instrument.scrip.lotsize,
    cancelsize: String(status === 'cancelled' ? record.quantity - filled : 0),
    averageprice: priced(filled > 0 ? record.averagePrice : 0),
    filledshares: String(filled),
    unfilledshares: String(record.quantity - filled),
    orderid: entry.orderId,
    text:
      status === 'rejected' || (status === 'cancelled' && !entry.cancelRequested)
        ? (record.statusMessage ?? '')
        : '',
    status,
    orderstatus: status,
    updatetime: entry.updateTime,
    exchtime: atExchange ? entry.exchangeTime : '',
    exchorderupdatetime: atExchange ? entry.updateTime : '',
    fillid: '',
    filltime: '',
    parentorderid: '',
    uniqueorderid: entry.uniqueOrderId,
    exchangeorderid: entry.exchangeOrderId,
  };
}
