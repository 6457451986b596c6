import {
  type Candle,
  type Depth,
  type DepthLevel,
  type Funds,
  freezeQuantity,
  type Holding,
  type Instrument,
  type Order,
  type OrderStatus,
  type Position,
  type Quote,
  type Trade,
  toIstIso,
} from '@openalgo/core';
import { z } from 'zod';

/**
 * Core's records in OpenAlgo's response shapes. Each record kind is declared once, field by field:
 * the schema the OpenAPI document publishes and how the field is read from core's record, so the
 * document and the answer come from one table.
 */

type Column<T, S extends z.ZodType> = readonly [schema: S, read: (record: T) => z.input<S>];

function record<T>() {
  return <C extends Record<string, z.ZodType>>(columns: { [K in keyof C]: Column<T, C[K]> }) => {
    const entries = Object.entries(columns) as Array<[string, Column<T, z.ZodType>]>;
    const shape = Object.fromEntries(entries.map(([name, [schema]]) => [name, schema])) as C;
    return {
      schema: z.object(shape),
      /** Fields read as undefined are left out (optional fields such as `rejection_reason`). */
      encode(value: T): z.input<z.ZodObject<C>> {
        const out: Record<string, unknown> = {};
        for (const [name, [, read]] of entries) {
          const field = read(value);
          if (field !== undefined) out[name] = field;
        }
        return out as z.input<z.ZodObject<C>>;
      },
    };
  };
}

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

const text = z.string();
const num = z.number();
const amount = z.string().meta({ description: 'Amount as a string with two decimals' });

export const fundsRecord = record<Funds>()({
  availablecash: [amount, (f) => money(f.availableCash)],
  collateral: [amount, (f) => money(f.collateral)],
  m2mrealized: [amount, (f) => money(f.m2mRealised)],
  m2munrealized: [amount, (f) => money(f.m2mUnrealised)],
  utiliseddebits: [amount, (f) => money(f.utilisedDebits)],
});

export const orderRecord = record<Order>()({
  symbol: [text, (o) => o.symbol],
  exchange: [text, (o) => o.exchange],
  action: [text, (o) => o.action],
  quantity: [num, (o) => o.quantity],
  price: [
    num.meta({ description: '0 for MARKET orders' }),
    (o) => (o.priceType === 'MARKET' ? 0 : round2(o.price)),
  ],
  trigger_price: [num, (o) => round2(o.triggerPrice)],
  pricetype: [text, (o) => o.priceType],
  product: [text, (o) => o.product],
  orderid: [text, (o) => o.orderId],
  order_status: [
    text.meta({
      description:
        "open, 'trigger pending', complete, cancelled, rejected, pending, or the broker's own word",
    }),
    (o) => openAlgoStatus(o.status, o.rawStatus),
  ],
  timestamp: [text.meta({ description: 'YYYY-MM-DD HH:MM:SS (IST)' }), (o) => istTimestamp(o.timestamp)],
  // OpenAlgo's shapes have no field for why an order was rejected, so it would look like a bare
  // "rejected"; clients that do not know the extra key ignore it.
  rejection_reason: [
    text.optional().meta({
      description: "Present on rejected orders: the broker's reason (an addition to OpenAlgo's shape)",
    }),
    (o) => (o.status === 'rejected' && o.statusMessage ? o.statusMessage : undefined),
  ],
});

export const tradeRecord = record<Trade>()({
  symbol: [text, (t) => t.symbol],
  exchange: [text, (t) => t.exchange],
  product: [text, (t) => t.product],
  action: [text, (t) => t.action],
  quantity: [num, (t) => t.quantity],
  average_price: [num, (t) => round2(t.price)],
  trade_value: [num, (t) => round2(t.tradeValue)],
  orderid: [text, (t) => t.orderId],
  timestamp: [text, (t) => istTimestamp(t.timestamp)],
});

export const positionRecord = record<Position>()({
  symbol: [text, (p) => p.symbol],
  exchange: [text, (p) => p.exchange],
  product: [text, (p) => p.product],
  quantity: [num, (p) => p.quantity],
  average_price: [num, (p) => round2(p.averagePrice)],
  ltp: [num, (p) => round2(p.ltp)],
  pnl: [num, (p) => round2(p.pnl)],
});

export const holdingRecord = record<Holding>()({
  symbol: [text, (h) => h.symbol],
  exchange: [text, (h) => h.exchange],
  quantity: [num, (h) => h.quantity],
  product: [text, (h) => h.product],
  average_price: [num, (h) => round2(h.averagePrice)],
  pnl: [num, (h) => round2(h.pnl)],
  pnlpercent: [num, (h) => round2(h.pnlPercent)],
});

export const quoteRecord = record<Quote>()({
  ask: [num, (q) => q.ask],
  bid: [num, (q) => q.bid],
  high: [num, (q) => q.high],
  low: [num, (q) => q.low],
  ltp: [num, (q) => q.ltp],
  open: [num, (q) => q.open],
  prev_close: [num, (q) => q.prevClose],
  volume: [num, (q) => q.volume],
  oi: [num, (q) => q.oi],
});

const DEPTH_LEVELS = 5;
const levels = z
  .array(z.object({ price: num, quantity: num }))
  .meta({ description: 'Best first, padded with zeros to 5 levels' });

function fiveLevels(side: readonly DepthLevel[]) {
  const out = side.slice(0, DEPTH_LEVELS).map((l) => ({ price: l.price, quantity: l.quantity }));
  while (out.length < DEPTH_LEVELS) out.push({ price: 0, quantity: 0 });
  return out;
}

export const depthRecord = record<Depth>()({
  asks: [levels, (d) => fiveLevels(d.asks)],
  bids: [levels, (d) => fiveLevels(d.bids)],
  high: [num, (d) => d.high],
  low: [num, (d) => d.low],
  ltp: [num, (d) => d.ltp],
  ltq: [num, (d) => d.ltq],
  oi: [num, (d) => d.oi],
  open: [num, (d) => d.open],
  prev_close: [num, (d) => d.prevClose],
  totalbuyqty: [num, (d) => d.totalBuyQuantity],
  totalsellqty: [num, (d) => d.totalSellQuantity],
  volume: [num, (d) => d.volume],
});

export const candleRecord = record<Candle>()({
  timestamp: [num.meta({ description: 'Epoch seconds of the candle open' }), (c) => c.timestamp],
  open: [num, (c) => c.open],
  high: [num, (c) => c.high],
  low: [num, (c) => c.low],
  close: [num, (c) => c.close],
  volume: [num, (c) => c.volume],
  oi: [num, (c) => c.oi],
});

type MasterRow = { row: Instrument; id: number | null };

/** The columns of OpenAlgo's `symtoken` master row; `id` is the row's place in the master. */
const masterColumns = {
  id: [num.nullable().meta({ description: "Row number in the broker's master" }), (s: MasterRow) => s.id],
  symbol: [text, (s: MasterRow) => s.row.symbol],
  brsymbol: [text, (s: MasterRow) => s.row.brsymbol],
  name: [text, (s: MasterRow) => s.row.name],
  exchange: [text, (s: MasterRow) => s.row.exchange],
  brexchange: [text, (s: MasterRow) => s.row.brexchange],
  token: [text, (s: MasterRow) => s.row.token],
  expiry: [
    text.meta({ description: 'DD-MMM-YY, empty for cash instruments' }),
    (s: MasterRow) => s.row.expiry,
  ],
  strike: [num, (s: MasterRow) => s.row.strike],
  lotsize: [num, (s: MasterRow) => s.row.lotSize],
  instrumenttype: [text, (s: MasterRow) => s.row.instrumentType],
  tick_size: [num, (s: MasterRow) => s.row.tickSize],
} as const;

/** A master row as `/instruments` lists it (OpenAlgo's download has no `freeze_qty`). */
export const instrumentRecord = record<MasterRow>()(masterColumns);
export type InstrumentRecord = ReturnType<typeof instrumentRecord.encode>;

/** A master row as `/symbol` and `/search` answer it: with the exchange's quantity-freeze limit. */
export const symbolRecord = record<MasterRow>()({
  ...masterColumns,
  freeze_qty: [
    num.meta({
      description:
        'Exchange quantity-freeze limit in units (NSE/BSE index and NSE stock derivatives); 1 when unknown, as in OpenAlgo',
    }),
    (s: MasterRow) => freezeQuantity(s.row),
  ],
});
export type SymbolRecord = ReturnType<typeof symbolRecord.encode>;
