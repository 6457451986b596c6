import {
  type AdapterImplementation,
  BrokerError,
  type Candle,
  type Depth,
  type Funds,
  type HistoryRequest,
  type Holding,
  type Instrument,
  type InstrumentIndex,
  type InstrumentRef,
  type MarginLeg,
  type MarginResult,
  type ModifyRequest,
  NetworkError,
  type Order,
  type Position,
  type Quote,
  type TaggedOrderRequest,
  type Trade,
  toIstIso,
} from '@openalgo/core';
import type { Defect } from './defects.js';
import type { BrokerOrder, BrokerPosition, BrokerTrade } from './fake-book.js';
import { ConnectionResetError, type Envelope } from './fake-broker.js';
import { FAKE_MANIFEST } from './fake-manifest.js';
import { type FakeTransport, readAnswer, STATUS } from './fake-wire.js';

/**
 * An adapter for the fake broker, as a plugin's `create` would return it (the harness puts it behind
 * core's contract boundary). Correct by default; each switched-on defect breaks one behaviour the
 * way a real adapter bug would, so the suite-catches test can prove the suite notices.
 */
export class FakeAdapter implements AdapterImplementation {
  readonly manifest = FAKE_MANIFEST;

  constructor(
    private readonly transport: FakeTransport,
    private readonly instruments: InstrumentIndex,
    private readonly defects: ReadonlySet<Defect>,
  ) {}

  private has(defect: Defect): boolean {
    return this.defects.has(defect);
  }

  private async send(op: string, args: Record<string, unknown> = {}, write = false): Promise<unknown> {
    let answer: Envelope | string;
    try {
      answer = await this.transport(op, args);
    } catch (error) {
      if (error instanceof ConnectionResetError) {
        if (op === 'placeOrder' && this.has('duplicatesOnLostResponse')) return this.send(op, args, write);
        throw new NetworkError('connection reset by the broker', {
          mayHaveReachedBroker: true,
          cause: error,
        });
      }
      throw error;
    }
    return readAnswer(answer, write, (defect) => this.has(defect));
  }

  private resolve(ref: InstrumentRef): Instrument {
    return this.instruments.resolve(ref.symbol, ref.exchange);
  }

  private rowOf(brsymbol: string, brexchange: string): Instrument {
    const row = [...this.instruments.all()].find(
      (r) => r.brsymbol === brsymbol && r.brexchange === brexchange,
    );
    if (!row) throw new BrokerError(`the broker reported an unknown instrument ${brsymbol}`);
    return row;
  }

  private list(value: unknown): Record<string, unknown>[] {
    if (this.has('malformedCrashes')) return (value as Record<string, unknown>[]).map((v) => v);
    if (!Array.isArray(value)) throw new BrokerError('the broker sent a list that is not a list');
    return value as Record<string, unknown>[];
  }

  async placeOrder(request: TaggedOrderRequest) {
    if (this.has('callsBrokerBeforeResolving')) await this.transport('getQuotes', { tokens: [] });
    const row = this.resolve(request);
    const args = {
      token: row.token,
      tag: request.clientOrderId,
      side: request.action,
      quantity: request.quantity,
      orderType: request.priceType,
      product: this.has('productIgnored') ? 'MIS' : request.product,
      price: this.has('limitFillsImmediately') && request.priceType === 'LIMIT' ? 0 : request.price,
      triggerPrice: request.triggerPrice,
    };
    if (this.has('limitFillsImmediately') && request.priceType === 'LIMIT') args.orderType = 'MARKET';
    if (this.has('marketNeverFills') && request.priceType === 'MARKET') {
      Object.assign(args, { orderType: 'LIMIT', price: request.action === 'BUY' ? 0.05 : 1e7 });
    }
    const data = (await this.send('placeOrder', args, true)) as { orderId: string };
    return { orderId: data.orderId, clientOrderId: request.clientOrderId };
  }

  async modifyOrder(request: ModifyRequest) {
    const current = (await this.send('getOrder', { orderId: request.orderId })) as BrokerOrder;
    const data = (await this.send(
      'modifyOrder',
      {
        orderId: request.orderId,
        quantity: request.quantity,
        price: this.has('modifyIgnoresPrice') ? current.price : request.price,
        triggerPrice: request.triggerPrice,
      },
      true,
    )) as { orderId: string };
    return { orderId: data.orderId };
  }

  async cancelOrder(orderId: string) {
    if (this.has('cancelDoesNothing')) return { orderId };
    const data = (await this.send('cancelOrder', { orderId }, true)) as { orderId: string };
    return { orderId: data.orderId };
  }

  private toOrder(o: BrokerOrder): Order {
    const row = this.rowOf(o.symbol, o.exchange);
    const stop = o.priceType === 'SL' || o.priceType === 'SL-M';
    let status =
      this.has('stopsReportedOpen') && stop && o.status === 'TRIGGER PENDING' ? 'open' : STATUS[o.status];
    // A stale status: the order book never learns that a resting LIMIT filled.
    const hideFill = this.has('limitFillsNotReported') && o.priceType === 'LIMIT' && o.status === 'COMPLETE';
    if (hideFill) status = 'open';
    const order: Order = {
      orderId: o.orderId,
      symbol: row.symbol,
      exchange: row.exchange,
      action: o.action,
      priceType: o.priceType,
      product: o.product,
      quantity: o.quantity,
      filledQuantity: hideFill ? 0 : o.filled,
      pendingQuantity:
        status === 'open' || status === 'trigger_pending' ? o.quantity - (hideFill ? 0 : o.filled) : 0,
      price: o.price,
      triggerPrice: o.triggerPrice,
      averagePrice: hideFill ? 0 : o.averagePrice,
      status,
      rawStatus: o.status,
      timestamp: toIstIso(o.placedAt),
      raw: o,
    };
    if (!this.has('ordersWithoutTag')) order.clientOrderId = o.tag;
    if (o.message) order.statusMessage = o.message;
    return order;
  }

  async getOrders(): Promise<Order[]> {
    return this.list(await this.send('getOrders')).map((o) => this.toOrder(o as unknown as BrokerOrder));
  }

  async getOrder(orderId: string): Promise<Order> {
    return this.toOrder((await this.send('getOrder', { orderId })) as BrokerOrder);
  }

  async getTrades(): Promise<Trade[]> {
    return this.list(await this.send('getTrades')).flatMap((value) => {
      const t = value as unknown as BrokerTrade;
      const row = this.rowOf(t.symbol, t.exchange);
      const trade: Trade = {
        tradeId: t.tradeId,
        orderId: t.orderId,
        symbol: row.symbol,
        exchange: row.exchange,
        action: t.action,
        product: t.product,
        quantity: t.quantity,
        price: t.price,
        tradeValue: t.quantity * t.price,
        timestamp: toIstIso(t.at),
        raw: t,
      };
      return this.has('tradesDontAddUp') ? [trade, { ...trade, tradeId: `${t.tradeId}B` }] : [trade];
    });
  }

  async getPositions(): Promise<Position[]> {
    return this.list(await this.send('getPositions')).map((value) => {
      const p = value as unknown as BrokerPosition & { ltp: number };
      const row = this.rowOf(p.symbol, p.exchange);
      const quantity = this.has('wrongPositionSign') ? -p.net : p.net;
      return {
        symbol: row.symbol,
        exchange: row.exchange,
        product: p.product,
        quantity,
        averagePrice: p.averagePrice,
        ltp: p.ltp,
        pnl: (this.has('pnlSignFlipped') ? -1 : 1) * (p.realised + p.net * (p.ltp - p.averagePrice)),
        raw: p,
      };
    });
  }

  async getHoldings(): Promise<Holding[]> {
    return this.list(await this.send('getHoldings')).map((value) => {
      const h = value as {
        symbol: string;
        exchange: string;
        quantity: number;
        averagePrice: number;
        ltp: number;
      };
      const row = this.rowOf(h.symbol, h.exchange);
      const gain = h.quantity * (h.ltp - h.averagePrice);
      const pnl = this.has('holdingPnlSignFlipped') ? -gain : gain;
      return {
        symbol: row.symbol,
        exchange: row.exchange,
        product: 'CNC' as const,
        quantity: h.quantity,
        t1Quantity: h.quantity,
        averagePrice: h.averagePrice,
        ltp: this.has('holdingLtpStale') ? h.averagePrice : h.ltp,
        pnl,
        pnlPercent: h.averagePrice > 0 ? (pnl / (h.quantity * h.averagePrice)) * 100 : 0,
        raw: h,
      };
    });
  }

  async getFunds(): Promise<Funds> {
    const f = (await this.send('getFunds')) as {
      capital: number;
      used: number;
      realised: number;
      unrealised: number;
    };
    const available = this.has('marginNotDeducted')
      ? f.capital + f.realised
      : f.capital - f.used + f.realised;
    if (!this.has('malformedCrashes') && typeof f?.capital !== 'number') {
      throw new BrokerError('the broker sent funds without a balance');
    }
    return {
      availableCash: available,
      collateral: 0,
      m2mRealised: f.realised,
      m2mUnrealised: this.has('m2mZeroed') ? 0 : f.unrealised,
      utilisedDebits: f.used,
      raw: f,
    };
  }

  async getQuotes(refs: readonly InstrumentRef[]): Promise<Quote[]> {
    if (this.has('callsBrokerBeforeResolving')) await this.transport('getQuotes', { tokens: [] });
    const rows = refs.map((ref) => this.resolve(ref));
    const data = this.list(await this.send('getQuotes', { tokens: rows.map((r) => r.token) }));
    const quotes = data.map((q, i) => this.toQuote(rows[i] as Instrument, q));
    return this.has('quotesOutOfOrder') ? quotes.reverse() : quotes;
  }

  private toQuote(row: Instrument, q: Record<string, unknown>): Quote {
    const n = (key: string) => Number(q[key]);
    return {
      symbol: row.symbol,
      exchange: row.exchange,
      ltp: this.has('quoteWithoutLtp') ? 0 : n('ltp'),
      open: n('open'),
      high: n('high'),
      low: n('low'),
      prevClose: n('close'),
      volume: 1000,
      oi: 0,
      bid: this.has('bidAboveAsk') ? n('ask') : n('bid'),
      ask: this.has('bidAboveAsk') ? n('bid') : n('ask'),
      raw: q,
    };
  }

  async getDepth(ref: InstrumentRef): Promise<Depth> {
    if (this.has('callsBrokerBeforeResolving')) await this.transport('getQuotes', { tokens: [] });
    const row = this.resolve(ref);
    const d = (await this.send('getDepth', { token: row.token })) as Record<string, unknown> & {
      bids: Depth['bids'];
      asks: Depth['asks'];
    };
    const q = this.toQuote(row, d);
    const bids = this.has('unsortedDepth') ? [...d.bids].reverse() : d.bids;
    return { ...q, bids, asks: d.asks, ltq: 1, totalBuyQuantity: 1500, totalSellQuantity: 1500, raw: d };
  }

  async getHistory(request: HistoryRequest): Promise<Candle[]> {
    if (this.has('callsBrokerBeforeResolving')) await this.transport('getQuotes', { tokens: [] });
    const row = this.resolve(request);
    const candles = this.list(
      await this.send('getHistory', { token: row.token, request }),
    ) as unknown as Candle[];
    if (!this.has('candlesHighBelowLow')) return candles;
    return candles.map((c) => ({ ...c, high: c.low, low: c.high }));
  }

  async getMargin(legs: readonly MarginLeg[]): Promise<MarginResult> {
    const tokens = legs.map((leg) => ({ token: this.resolve(leg).token, quantity: leg.quantity }));
    const data = (await this.send('getMargin', { legs: tokens })) as { total: number };
    if (!this.has('malformedCrashes') && typeof data?.total !== 'number') {
      throw new BrokerError('the broker sent margins without a total');
    }
    return { totalMarginRequired: data.total, spanMargin: data.total, exposureMargin: 0, raw: data };
  }

  async *downloadInstruments(): AsyncIterable<Instrument> {
    const rows = this.list(await this.send('downloadInstruments')) as unknown as Instrument[];
    for (const row of rows) {
      if (this.has('masterMissingRows') && row.symbol === 'RELIANCE') continue;
      if (this.has('invalidInstrumentRows') && row.instrumentType === 'CE')
        yield { ...row, strike: row.strike * 100 };
      else if (this.has('instrumentsDontResolve')) yield { ...row, token: `${row.token}0` };
      else yield row;
    }
  }
}
