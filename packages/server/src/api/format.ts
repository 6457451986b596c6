import { type Instrument, type OrderStatus, toIstIso } from '@openalgo/core';

/** OpenAlgo rounds prices and values to 2 decimals in its books. */
export function round2(value: number): number {
  if (!Number.isFinite(value)) return 0;
  const rounded = Math.round((value + Number.EPSILON * Math.sign(value)) * 100) / 100;
  return rounded === 0 ? 0 : rounded;
}

/** OpenAlgo's funds values are strings with two decimals ("100000.00"). */
export function money(value: number): string {
  return round2(value).toFixed(2);
}

const OPENALGO_STATUS: Readonly<Record<OrderStatus, string>> = {
  open: 'open',
  trigger_pending: 'trigger pending',
  complete: 'complete',
  cancelled: 'cancelled',
  rejected: 'rejected',
  pending: 'pending',
  unknown: 'unknown',
};

/**
 * OpenAlgo's lowercase `order_status` values ('trigger pending' with a space). A status the adapter
 * could not classify is reported as the broker's own word, lower-cased (OpenAlgo passes broker
 * extras such as "expired" through the same way), never as a guessed neighbour.
 */
export function openAlgoStatus(status: OrderStatus, rawStatus: string): string {
  if (status === 'unknown') {
    const raw = rawStatus.trim().toLowerCase();
    return raw.length > 0 ? raw : 'unknown';
  }
  return OPENALGO_STATUS[status];
}

/**
 * `YYYY-MM-DD HH:MM:SS` in IST, the form Indian brokers (and so OpenAlgo's books) print. The unified
 * model carries ISO-8601 with an offset; anything unparsable is passed through unchanged.
 */
export function istTimestamp(iso: string): string {
  const epoch = Date.parse(iso);
  if (Number.isNaN(epoch)) return iso;
  return toIstIso(epoch).slice(0, 19).replace('T', ' ');
}

/** One symbol-master row in OpenAlgo's `symtoken` shape. */
export interface SymbolRow {
  id: number | null;
  symbol: string;
  brsymbol: string;
  name: string;
  exchange: string;
  brexchange: string;
  token: string;
  expiry: string;
  strike: number;
  lotsize: number;
  instrumenttype: string;
  tick_size: number;
}

export function symbolRow(instrument: Instrument, id: number | null): SymbolRow {
  return {
    id,
    symbol: instrument.symbol,
    brsymbol: instrument.brsymbol,
    name: instrument.name,
    exchange: instrument.exchange,
    brexchange: instrument.brexchange,
    token: instrument.token,
    expiry: instrument.expiry,
    strike: instrument.strike,
    lotsize: instrument.lotSize,
    instrumenttype: instrument.instrumentType,
    tick_size: instrument.tickSize,
  };
}

/**
 * The broker's reason for a rejected order. OpenAlgo's shapes have no field for it, so a rejected order
 * would otherwise look like a bare "rejected"; clients that do not know the extra key ignore it.
 */
export function rejectionReason(order: { status: string; statusMessage?: string | undefined }) {
  return order.status === 'rejected' && order.statusMessage ? { rejection_reason: order.statusMessage } : {};
}
