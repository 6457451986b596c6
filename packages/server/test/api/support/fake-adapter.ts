import {
  type BrokerAdapter,
  type BrokerManifest,
  BrokerManifestSchema,
  CAPABILITY_NAMES,
  type Candle,
  type CapabilityName,
  CONTRACT_VERSION,
  type Depth,
  type Funds,
  type Holding,
  type Instrument,
  type InstrumentRef,
  type ModifyRequest,
  type Order,
  type OrderAck,
  OrderNotFoundError,
  type Position,
  type Quote,
  type TaggedOrderRequest,
  type Trade,
} from '@openalgo/core';

/**
 * A scriptable BrokerAdapter: canned books and quotes, every call recorded, and a `failure` that
 * makes every method throw (an OpenAlgoError of any code, a TypeError, anything) so each error
 * mapping can be exercised. Capabilities can be switched off one by one.
 */
export class FakeAdapter implements BrokerAdapter {
  manifest: BrokerManifest;
  /** When set, every method throws this. */
  failure: unknown;
  /** Methods whose calls fail even when `failure` is unset. */
  readonly failing = new Map<string, unknown>();
  /** Per-call failures: return an error to throw for this call, or undefined to let it through. */
  failIf: ((method: string, args: unknown[]) => unknown) | undefined;
  readonly calls: Array<{ method: string; args: unknown[] }> = [];
  orders: Order[] = [];
  trades: Trade[] = [];
  positions: Position[] = [];
  holdings: Holding[] = [];
  funds: Funds = {
    availableCash: 100000,
    collateral: 0,
    m2mRealised: 12.345,
    m2mUnrealised: -3.1,
    utilisedDebits: 2500.5,
    raw: {},
  };
  candles: Candle[] = [
    { timestamp: 1767585600, open: 800, high: 805, low: 799, close: 803, volume: 1200, oi: 0 },
  ];
  private nextId = 1;

  constructor(
    private readonly options: { id?: string; capabilities?: Partial<Record<CapabilityName, boolean>> } = {},
  ) {
    this.manifest = this.buildManifest(options.capabilities);
  }

  /** A manifest where the named capabilities are switched off (everything else is native). */
  buildManifest(capabilities: Partial<Record<CapabilityName, boolean>> = {}): BrokerManifest {
    return BrokerManifestSchema.parse({
      id: this.options.id ?? 'fakebroker',
      name: 'Fake broker',
      contract: CONTRACT_VERSION,
      exchanges: ['NSE', 'NFO'],
      auth: 'none',
      capabilities: Object.fromEntries(CAPABILITY_NAMES.map((name) => [name, capabilities[name] ?? true])),
      priceTypes: ['MARKET', 'LIMIT', 'SL', 'SL-M'],
      products: ['CNC', 'NRML', 'MIS'],
      intervals: { '1m': 'minute', '5m': '5minute', '1h': '60minute', D: 'day' },
    });
  }

  /** Back to the state of a new adapter: no failures, no calls, empty books, constructor capabilities. */
  reset(): void {
    this.failure = undefined;
    this.failing.clear();
    this.failIf = undefined;
    this.calls.length = 0;
    this.orders = [];
    this.trades = [];
    this.positions = [];
    this.holdings = [];
    this.manifest = this.buildManifest(this.options.capabilities);
  }

  private async enter(method: string, ...args: unknown[]): Promise<void> {
    this.calls.push({ method, args });
    const failure = this.failIf?.(method, args) ?? this.failing.get(method) ?? this.failure;
    if (failure !== undefined) throw failure;
  }

  callsTo(method: string): unknown[][] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  async placeOrder(request: TaggedOrderRequest): Promise<OrderAck> {
    await this.enter('placeOrder', request);
    return { orderId: `FAKE${this.nextId++}`, clientOrderId: request.clientOrderId };
  }
  async modifyOrder(request: ModifyRequest): Promise<OrderAck> {
    await this.enter('modifyOrder', request);
    return { orderId: request.orderId };
  }
  async cancelOrder(orderId: string): Promise<OrderAck> {
    await this.enter('cancelOrder', orderId);
    return { orderId };
  }
  async getOrders(): Promise<Order[]> {
    await this.enter('getOrders');
    return this.orders;
  }
  async getOrder(orderId: string): Promise<Order> {
    await this.enter('getOrder', orderId);
    const found = this.orders.find((o) => o.orderId === orderId);
    if (!found) throw new OrderNotFoundError(`Order ${orderId} not found`, { broker: this.manifest.id });
    return found;
  }
  async getTrades(): Promise<Trade[]> {
    await this.enter('getTrades');
    return this.trades;
  }
  async getPositions(): Promise<Position[]> {
    await this.enter('getPositions');
    return this.positions;
  }
  async getHoldings(): Promise<Holding[]> {
    await this.enter('getHoldings');
    return this.holdings;
  }
  async getFunds(): Promise<Funds> {
    await this.enter('getFunds');
    return this.funds;
  }
  async getQuotes(instruments: readonly InstrumentRef[]): Promise<Quote[]> {
    await this.enter('getQuotes', instruments);
    return instruments.map((ref, i) => ({
      ...ref,
      ltp: 800 + i,
      open: 795,
      high: 810,
      low: 790,
      prevClose: 798,
      volume: 12345,
      oi: 0,
      bid: 799.95 + i,
      ask: 800.05 + i,
      raw: {},
    }));
  }
  async getDepth(instrument: InstrumentRef): Promise<Depth> {
    await this.enter('getDepth', instrument);
    return {
      ...instrument,
      bids: [
        { price: 799.9, quantity: 10 },
        { price: 799.8, quantity: 20 },
      ],
      asks: [{ price: 800.1, quantity: 15 }],
      ltp: 800,
      ltq: 5,
      open: 795,
      high: 810,
      low: 790,
      prevClose: 798,
      volume: 12345,
      oi: 0,
      totalBuyQuantity: 30,
      totalSellQuantity: 15,
      raw: {},
    };
  }
  async getHistory(request: unknown): Promise<Candle[]> {
    await this.enter('getHistory', request);
    return this.candles;
  }
  async *downloadInstruments(): AsyncIterable<Instrument> {
    await this.enter('downloadInstruments');
    yield* [];
  }
}
