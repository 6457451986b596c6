import {
  type HistoryRequest,
  type Instrument,
  InstrumentIndex,
  instrumentRuleIssues,
  type ManualClock,
} from '@openalgo/core';
import type { BackdoorOrder, Fault, RawRequest } from '../../src/harness.js';
import type { Defect } from './defects.js';
import { type BrokerOrder, FakeBook } from './fake-book.js';
import { FakeMarket } from './fake-market.js';
import { FAKE_ROWS } from './fake-universe.js';

/** What the fake broker answers: an envelope, like a broker's JSON body. */
export type Envelope =
  | { ok: true; data: unknown }
  | { ok: false; status: number; message: string; retryAfterSeconds?: number };

/** The connection dropped after the broker did the work: the adapter never sees an answer. */
export class ConnectionResetError extends Error {
  constructor() {
    super('socket hang up');
    this.name = 'ConnectionResetError';
  }
}

type Args = Record<string, unknown>;
type Op = (args: Args) => Envelope;

const WORKING = new Set(['OPEN', 'TRIGGER PENDING']);

/**
 * An in-process broker the fake adapter talks to through `call(op, args)`, with the back door the
 * suite needs: orders it holds, requests it received, prices, time, session expiry and faults.
 */
export class FakeBroker {
  readonly requests: RawRequest[] = [];
  readonly book = new FakeBook();
  readonly market = new FakeMarket();
  readonly master = InstrumentIndex.fromRows(FAKE_ROWS);
  private faults: Array<Fault & { left: number }> = [];
  private sessionExpired = false;
  private readonly ops: Record<string, Op>;

  constructor(
    readonly clock: ManualClock,
    /** Only the broker-side defects (an order rule not enforced) matter here. */
    private readonly defects: ReadonlySet<Defect> = new Set(),
  ) {
    this.ops = {
      placeOrder: (a) => this.place(a),
      modifyOrder: (a) => this.modify(a),
      cancelOrder: (a) => this.cancel(a),
      getOrders: () => ok([...this.book.orders.values()].map((o) => ({ ...o }))),
      getOrder: (a) => {
        const order = this.book.orders.get(String(a.orderId));
        return order ? ok({ ...order }) : err(404, 'order not found');
      },
      getTrades: () => ok(this.book.trades.map((t) => ({ ...t }))),
      getPositions: () => ok([...this.book.positions.values()].map((p) => ({ ...p, ltp: this.ltpOf(p) }))),
      // Today's CNC buys show as unsettled (T1) holdings, as brokers show them.
      getHoldings: () =>
        ok(
          [...this.book.positions.values()]
            .filter((p) => p.product === 'CNC' && p.net > 0)
            .map((p) => ({
              symbol: p.symbol,
              exchange: p.exchange,
              quantity: p.net,
              averagePrice: p.averagePrice,
              ltp: this.ltpOf(p),
            })),
        ),
      getFunds: () => ok(this.book.funds((symbol, exchange) => this.ltpOf({ symbol, exchange }))),
      getQuotes: (a) => ok((a.tokens as string[]).map((token) => this.quote(this.row(token)))),
      getDepth: (a) => {
        const row = this.row(String(a.token));
        return ok({
          ...this.quote(row),
          bids: this.market.levels(row, 'bids'),
          asks: this.market.levels(row, 'asks'),
        });
      },
      getHistory: (a) =>
        ok(this.market.history(this.row(String(a.token)), a.request as HistoryRequest, this.clock.now())),
      downloadInstruments: () => ok(FAKE_ROWS.map((r) => ({ ...r }))),
      // Margin is the full value of each leg at the last price: a cash account without leverage.
      getMargin: (a) =>
        ok({
          total: (a.legs as Array<{ token: string; quantity: number }>).reduce(
            (sum, leg) => sum + leg.quantity * this.market.ltp(this.row(leg.token)),
            0,
          ),
        }),
    };
  }

  /** One request to the broker. */
  async call(op: string, args: Args = {}): Promise<Envelope | string> {
    this.requests.push({ method: 'CALL', path: op, at: this.clock.now(), body: args });
    for (const fault of this.faults) {
      if (fault.kind === 'latency') await this.clock.sleep(fault.ms);
    }
    const fault = this.takeFault(op);
    if (fault?.kind === 'rateLimit') {
      return {
        ok: false,
        status: 429,
        message: 'Too many requests',
        retryAfterSeconds: Math.ceil(fault.retryAfterMs / 1000),
      };
    }
    if (fault?.kind === 'serverError') return err(503, 'Service Unavailable');
    if (this.sessionExpired) return err(401, 'Incorrect `api_key` or `access_token`.');
    if (fault?.kind === 'malformed') return '<html><body>502 Bad Gateway</body></html>';
    const handler = this.ops[op];
    if (!handler) return err(404, `no such operation ${op}`);
    const answer = handler(args);
    if (fault?.kind === 'loseResponse') throw new ConnectionResetError();
    return answer;
  }

  private takeFault(op: string): Fault | undefined {
    const fault = this.faults.find(
      (f) => f.kind !== 'latency' && (!('op' in f) || f.op === undefined || f.op === op),
    );
    if (!fault) return undefined;
    fault.left -= 1;
    if (fault.left <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault;
  }

  injectFault(fault: Fault): void {
    const count = 'count' in fault && fault.count !== undefined ? fault.count : Number.POSITIVE_INFINITY;
    this.faults.push({
      ...fault,
      left: fault.kind === 'loseResponse' || fault.kind === 'malformed' ? 1 : count,
    });
  }

  clearFaults(): void {
    this.faults = [];
  }

  expireSession(): void {
    this.sessionExpired = true;
  }

  setPrice(row: Instrument, price: number): void {
    this.market.set(row, price);
    this.match();
  }

  async advance(ms: number): Promise<void> {
    await this.clock.advance(ms);
    this.match();
  }

  backdoorOrders(): BackdoorOrder[] {
    return [...this.book.orders.values()].map((o) => ({
      orderId: o.orderId,
      tag: o.tag,
      symbol: o.symbol,
      exchange: o.exchange,
      quantity: o.quantity,
      status: o.status,
    }));
  }

  private row(token: string): Instrument {
    const row = FAKE_ROWS.find((r) => r.token === token);
    if (!row) throw new Error(`fake broker: unknown token ${token}`);
    return row;
  }

  private ltpOf(ref: { symbol: string; exchange: string }): number {
    const row = FAKE_ROWS.find((r) => r.brsymbol === ref.symbol && r.brexchange === ref.exchange);
    return row ? this.market.ltp(row) : 0;
  }

  private quote(row: Instrument) {
    const ltp = this.market.ltp(row);
    return {
      token: row.token,
      ltp,
      bid: this.market.bid(row),
      ask: this.market.ask(row),
      open: ltp,
      high: ltp * 1.01,
      low: ltp * 0.99,
      close: ltp,
    };
  }

  /**
   * The order rules the fake's manifest declares, answered the two ways brokers do: a quantity off the
   * lot is refused outright (an error, no order), the price rules book a REJECTED order.
   */
  private refusal(row: Instrument, a: Args): { error: string } | { reject: string } | undefined {
    const priceType = String(a.orderType);
    const price = Number(a.price);
    const triggerPrice = Number(a.triggerPrice);
    const issues = instrumentRuleIssues(
      { priceType, price, triggerPrice, quantity: Number(a.quantity) },
      { tickSize: row.tickSize, lotSize: row.lotSize },
    );
    const lot = issues.find((i) => i.field === 'quantity');
    if (lot && !this.defects.has('lotSizeNotEnforced')) return { error: `quantity ${lot.message}` };
    const tick = issues.find((i) => i.field !== 'quantity');
    if (tick && !this.defects.has('tickSizeNotEnforced')) return { reject: `${tick.field} ${tick.message}` };
    const ltp = this.market.ltp(row);
    const limited = priceType === 'LIMIT' || priceType === 'SL';
    const outside = price < ltp * 0.8 || price > ltp * 1.2;
    if (limited && outside && !this.defects.has('circuitNotEnforced')) {
      return { reject: `price ${price} is outside the circuit limits` };
    }
    const stop = priceType === 'SL' || priceType === 'SL-M';
    const wrongSide = a.side === 'BUY' ? triggerPrice < ltp : triggerPrice > ltp;
    if (stop && wrongSide && !this.defects.has('triggerSideNotEnforced')) {
      return { reject: `trigger ${triggerPrice} is on the wrong side of the last price ${ltp}` };
    }
    return undefined;
  }

  private place(a: Args): Envelope {
    const row = this.row(String(a.token));
    const refusal = this.refusal(row, a);
    if (refusal && 'error' in refusal) return err(400, refusal.error);
    const order: BrokerOrder = {
      orderId: this.book.nextOrderId(),
      tag: String(a.tag),
      symbol: row.brsymbol,
      exchange: row.brexchange,
      action: a.side as BrokerOrder['action'],
      quantity: Number(a.quantity),
      priceType: a.orderType as BrokerOrder['priceType'],
      product: a.product as BrokerOrder['product'],
      price: Number(a.price),
      triggerPrice: Number(a.triggerPrice),
      status: a.orderType === 'SL' || a.orderType === 'SL-M' ? 'TRIGGER PENDING' : 'OPEN',
      filled: 0,
      averagePrice: 0,
      placedAt: this.clock.now(),
    };
    if (refusal) Object.assign(order, { status: 'REJECTED', message: refusal.reject });
    this.book.orders.set(order.orderId, order);
    this.match();
    return ok({ orderId: order.orderId });
  }

  private modify(a: Args): Envelope {
    const order = this.book.orders.get(String(a.orderId));
    if (!order) return err(404, 'order not found');
    if (!WORKING.has(order.status)) return err(400, `order is ${order.status}`);
    order.quantity = Number(a.quantity);
    order.price = Number(a.price);
    order.triggerPrice = Number(a.triggerPrice);
    this.match();
    return ok({ orderId: order.orderId });
  }

  private cancel(a: Args): Envelope {
    const order = this.book.orders.get(String(a.orderId));
    if (!order) return err(404, 'order not found');
    if (!WORKING.has(order.status)) return err(400, `order is ${order.status}`);
    order.status = 'CANCELLED';
    return ok({ orderId: order.orderId });
  }

  /** Fills what the current prices allow. */
  private match(): void {
    for (const order of this.book.orders.values()) {
      if (!WORKING.has(order.status)) continue;
      const row = FAKE_ROWS.find(
        (r) => r.brsymbol === order.symbol && r.brexchange === order.exchange,
      ) as Instrument;
      const buy = order.action === 'BUY';
      const ltp = this.market.ltp(row);
      const touch = buy ? this.market.ask(row) : this.market.bid(row);
      if (order.status === 'TRIGGER PENDING') {
        if (buy ? ltp < order.triggerPrice : ltp > order.triggerPrice) continue;
        order.status = 'OPEN';
      }
      if (order.priceType === 'MARKET' || order.priceType === 'SL-M')
        this.book.fill(order, touch, this.clock.now());
      else if (buy ? touch <= order.price : touch >= order.price)
        this.book.fill(order, touch, this.clock.now());
    }
  }
}

const ok = (data: unknown): Envelope => ({ ok: true, data });
const err = (status: number, message: string): Envelope => ({ ok: false, status, message });
