import { randomBytes } from 'node:crypto';
import type { OrderRecord } from '@openalgo/sandbox';
import { kiteDateTime, kiteIdDate } from './kite-time.js';
import type { KiteInstrument } from './master.js';
import type { PlaceParams } from './order-form.js';
import type { OrderEntry } from './order-rows.js';

/** Filler rows are listed so the master has a real size; only the sandbox universe is priced. */
export const UNPRICED_MESSAGE =
  'This instrument is listed but not priced by the Kite simulator: trade an instrument of the sandbox universe.';

export interface EntryFields {
  /**
   * Kite's id: `YYMMDD` of the IST day + a 13-digit sequence. Kite issues such 19-digit ids (the
   * mocks' autoslice ids, e.g. `2506270000000000001`) besides the older 15-digit form; they are above
   * 2^53, so a client that turns one into a JS number loses its last digits. The simulator issues
   * only 19-digit ids, so every test through it would catch such a loss.
   */
  sequence: number;
  at: number;
  placedBy: string;
  instrument: KiteInstrument;
  tag: string | null;
  disclosedQuantity: number;
  marketProtection: number;
}

export function newEntry(fields: EntryFields): OrderEntry {
  return {
    orderId: `${kiteIdDate(fields.at)}${String(fields.sequence).padStart(13, '0')}`,
    placedBy: fields.placedBy,
    engineId: undefined,
    instrument: fields.instrument,
    tag: fields.tag,
    variety: 'regular',
    validity: 'DAY',
    disclosedQuantity: fields.disclosedQuantity,
    marketProtection: fields.marketProtection,
    guid: randomBytes(8).toString('hex'),
    exchangeOrderId: null,
    exchangeTimestamp: null,
    orderTimestamp: kiteDateTime(fields.at),
    cancelRequested: false,
    last: undefined,
    history: [],
  };
}

/** The engine-shaped record of an order refused before it reached the engine (an unpriced instrument). */
export function unpricedRecord(entry: OrderEntry, params: PlaceParams, at: number): OrderRecord {
  return {
    orderId: entry.orderId,
    sequence: 0,
    tag: params.tag ?? undefined,
    symbol: params.instrument.tradingsymbol,
    exchange: 'NSE',
    kind: 'equity',
    lotSize: params.instrument.lotSize,
    action: params.action,
    priceType: params.priceType,
    product: params.product,
    quantity: params.quantity,
    filledQuantity: 0,
    price: params.price,
    triggerPrice: params.triggerPrice,
    averagePrice: 0,
    status: 'rejected',
    statusMessage: UNPRICED_MESSAGE,
    blockedMargin: 0,
    createdAt: at,
    updatedAt: at,
  };
}
